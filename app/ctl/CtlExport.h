#pragma once

#include "CtlArguments.h"

#include <QTextStream>

namespace hsu::ctl {

// hsuctl export: loads the file here, in-process (an export must not need a running agent), maps
// it with shared/export and writes the result to stdout or to --out DIR.
int runExport(const Arguments &a, QTextStream &out, QTextStream &err);

} // namespace hsu::ctl
