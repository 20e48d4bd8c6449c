#pragma once

// Paths in a config are kept as written; these resolve them. Relative program and folder paths
// resolve against the config file's folder (HSU Master's sample runs "../../test/echotest/echotest"),
// so a config and its programs can move together.

#include "shared/config/Diagnostic.h"
#include "shared/config/WorkerSpec.h"

#include <QProcessEnvironment>
#include <QString>

namespace hsu::config {

// `path` made absolute against the folder of `configFile` (itself made absolute against the current
// directory). An absolute path comes back cleaned; an empty one stays empty.
QString resolveAgainstConfig(const QString &path, const QString &configFile);

// The program to run: the one resolution both the agent (what it starts) and `hsuctl validate` (what
// it checks) use. A bare name without a slash ("python3") is looked up in PATH as a shell would:
// the worker's own PATH where its environment sets one, else `env`'s (the agent's); anything else
// resolves against the config's folder. Returns the absolute path even when no such file exists
// (the caller decides what that means); empty if a bare name is not in that PATH.
QString resolveExecutable(const WorkerSpec &worker, const QString &configFile,
                          const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// The folder to run in: working_directory against the config's folder, or (when not written) the
// folder of `program`, the resolved executable (empty: none, the agent's own folder).
QString resolveWorkingDirectory(const WorkerSpec &worker, const QString &configFile, const QString &program);
QString resolveWorkingDirectory(const WorkerSpec &worker, const QString &configFile,
                                const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// For `hsuctl validate`: a warning (at executable_path's line:col) for every managed or integrated
// worker whose program is missing or not executable here. The loader does not check this: configs
// travel between machines, and the agent fails such a worker when it starts it.
QList<Diagnostic> checkExecutables(const Config &config, const QString &file);

} // namespace hsu::config
