#pragma once

// Internal to the loader: the workers list (LoadWorkers.cpp), a worker's control, health and limits
// blocks (LoadControl.cpp), and the checks across workers (Validate.cpp).

#include "shared/config/LoadContext.h"

#include <vector>

namespace hsu::config {

// Positions the checks across workers report at.
struct WorkerSource
{
    Mark item;  // the list item
    Mark id;    // the id's value (the item's position when there is no id)
    Mark executablePath;
    bool hasExecutablePath = false;
    std::vector<Mark> dependencies; // one per WorkerSpec::dependsOn entry
};

// Appends one WorkerSpec and one WorkerSource per loadable list item.
void loadWorkers(LoadContext &context, const Value &list, std::vector<WorkerSpec> &workers,
                 std::vector<WorkerSource> &sources);

// unit.managed / unit.integrated (integrated = true): metadata, control, health, logs.
void loadManagedUnit(LoadContext &context, const Value &block, bool integrated, WorkerSpec &worker,
                     WorkerSource &source);

HealthCheckSpec loadHealthCheck(LoadContext &context, const Value &value);
void loadRunOptions(LoadContext &context, const Value &value, HealthRunOptions &options);

// Unique ids, depends_on naming known workers, no cycles.
void validateWorkers(LoadContext &context, const std::vector<WorkerSpec> &workers,
                     const std::vector<WorkerSource> &sources);

// HSU Master's id rule: 1..64 of A-Z a-z 0-9 - _.
bool isValidWorkerId(const QString &id);

} // namespace hsu::config
