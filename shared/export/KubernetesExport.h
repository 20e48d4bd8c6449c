#pragma once

#include "Export.h"

namespace hsu::exporter {

// A manifest file per worker, as kompose maps docker-compose: a Deployment (restart always /
// unless-stopped) or a Job (on-failure / never), and a Service when its health check has a port,
// so that dependants can wait for it.
Result exportKubernetes(const config::Config &config, const Options &options);

} // namespace hsu::exporter
