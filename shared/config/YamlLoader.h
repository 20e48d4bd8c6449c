#pragma once

#include "Diagnostic.h"
#include "WorkerSpec.h"

#include <QByteArray>
#include <QProcessEnvironment>

#include <optional>

namespace hsu::config {

struct LoadResult
{
    std::optional<Config> config; // set only when there is no error
    QList<Diagnostic> diagnostics; // every error and warning, in file order

    bool ok() const { return config.has_value(); }
    QList<Diagnostic> errors() const;
    QList<Diagnostic> warnings() const;
};

// Loads either dialect (HSU Master or HSU procman) strictly: every error at once, with file:line:col.
class YamlLoader final
{
public:
    struct Options
    {
        // ${VAR} / ${VAR:-default} expand from here.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    };

    static LoadResult loadFile(const QString &path, const Options &options);
    static LoadResult loadFile(const QString &path) { return loadFile(path, Options{}); }
    static LoadResult loadData(const QByteArray &yaml, const QString &fileName, const Options &options);
    static LoadResult loadData(const QByteArray &yaml, const QString &fileName)
    {
        return loadData(yaml, fileName, Options{});
    }
    // What `validate` reports: loadFile() plus, when it loads, a warning for every program that
    // does not exist on this machine (configs travel; the agent fails only that worker).
    static LoadResult validateFile(const QString &path);
};

} // namespace hsu::config
