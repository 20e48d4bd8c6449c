#pragma once

#include "app/ctl/CtlArguments.h"

#include <QTextStream>

namespace hsu::ctl {

// `hsuctl autostart on|off|status`: local files only (see app/autostart), no agent involved.
// on/off print the resulting status; --json prints it as one object.
int runAutostart(const Arguments &args, QTextStream &out, QTextStream &err);

} // namespace hsu::ctl
