#pragma once

// Small helpers shared by the export tests: load a config from text, export it, find a file.

#include "shared/config/YamlLoader.h"
#include "shared/export/Export.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

namespace hsu::exporter::test {

inline QString sourceDir()
{
    return QStringLiteral(HSU_SOURCE_DIR);
}

// Loads `yaml` as if it were the file `fileName` (relative programs resolve against its folder).
inline config::Config load(const QByteArray &yaml, const QString &fileName = QStringLiteral("/srv/hsu/workers.yaml"))
{
    config::YamlLoader::Options o;
    o.environment = QProcessEnvironment::systemEnvironment();
    const config::LoadResult r = config::YamlLoader::loadData(yaml, fileName, o);
    if (!r.ok()) {
        for (const config::Diagnostic &d : r.diagnostics)
            qWarning().noquote() << d.toString();
        return {};
    }
    return *r.config;
}

inline config::Config loadFile(const QString &path, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    config::YamlLoader::Options o;
    o.environment = env;
    const config::LoadResult r = config::YamlLoader::loadFile(path, o);
    for (const config::Diagnostic &d : r.errors())
        qWarning().noquote() << d.toString();
    return r.ok() ? *r.config : config::Config{};
}

inline Result exportAs(Target target, const config::Config &config, Options options = {})
{
    options.target = target;
    return exportConfig(config, options);
}

inline QByteArray fileNamed(const Result &r, const QString &name)
{
    for (const File &f : r.files)
        if (f.name == name)
            return f.content;
    return {};
}

inline QStringList fileNames(const Result &r)
{
    QStringList names;
    for (const File &f : r.files)
        names << f.name;
    return names;
}

// The configs a user is likely to export: the demo, the examples, the HSU sample (kept in the
// repository, since CI's clone has no ../shared), and any further samples beside the repository.
inline QStringList realConfigs()
{
    QStringList files{sourceDir() + QStringLiteral("/resources/demo.yaml"),
                      sourceDir() + QStringLiteral("/tests/data/config/valid/full-schema.yaml"),
                      sourceDir() + QStringLiteral("/tests/data/export/master-config-echotest-unix.yaml")};
    for (const QString &f : QDir(sourceDir() + QStringLiteral("/resources/examples")).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        files << sourceDir() + QStringLiteral("/resources/examples/") + f;
    const QDir samples(QStringLiteral(HSU_SAMPLES_DIR "/hsu"));
    for (const QString &f : samples.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        files << samples.filePath(f);
    return files;
}

// A test row's name: the path inside the repository, or beside it for the shared samples.
inline QByteArray rowName(const QString &file)
{
    const QString inRepo = QDir(sourceDir()).relativeFilePath(file);
    return (inRepo.startsWith(QLatin1String("..")) ? QStringLiteral("samples/") + QFileInfo(file).fileName() : inRepo).toUtf8();
}

// A minimal managed worker, `control` and `extra` (unit level: health_check) spliced in.
inline QByteArray worker(const QByteArray &id, const QByteArray &control = {}, const QByteArray &extra = {},
                         const QByteArray &top = {})
{
    return "  - id: " + id + "\n"
           "    type: managed\n" + top +
           "    unit:\n"
           "      managed:\n"
           "        control:\n"
           "          execution:\n"
           "            executable_path: /bin/sleep\n"
           "            args: [\"60\"]\n" + control + extra;
}

} // namespace hsu::exporter::test
