#pragma once

#include "Export.h"

namespace hsu::exporter {

// One Nomad job (the HTTP API's JSON, {"Job": {...}}) per config: a task group per worker, or per
// set of workers joined by `completed` dependencies (Nomad orders tasks only inside a group, with
// prestart hooks). Tasks use the raw_exec driver: the programs are native.
Result exportNomad(const config::Config &config, const Options &options);

} // namespace hsu::exporter
