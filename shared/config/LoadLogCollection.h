#pragma once

// Internal to the loader: the log_collection blocks (top level, and per worker).

#include "shared/config/LoadContext.h"

namespace hsu::config {

LogCollectionSpec loadLogCollection(LoadContext &context, const Value &value);
WorkerLogConfig loadWorkerLogConfig(LoadContext &context, const Value &value);

} // namespace hsu::config
