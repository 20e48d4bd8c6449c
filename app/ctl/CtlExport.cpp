#include "CtlExport.h"

#include "shared/config/YamlLoader.h"
#include "shared/export/Export.h"

#include <QDir>
#include <QSaveFile>

namespace hsu::ctl {

namespace {

// Every file, or the first that fails (its name and why on stderr).
bool writeFiles(const exporter::Result &result, const QString &dir, QTextStream &out, QTextStream &err)
{
    if (!QDir().mkpath(dir)) {
        err << "hsuctl: export: cannot create the folder " << dir << '\n';
        return false;
    }
    for (const exporter::File &f : result.files) {
        const QString path = QDir(dir).filePath(f.name);
        QSaveFile file(path); // a half-written unit never replaces a good one
        if (!file.open(QIODevice::WriteOnly) || file.write(f.content) != f.content.size() || !file.commit()) {
            err << "hsuctl: export: cannot write " << path << ": " << file.errorString() << '\n';
            return false;
        }
        out << path << '\n';
    }
    return true;
}

} // namespace

int runExport(const Arguments &a, QTextStream &out, QTextStream &err)
{
    const config::LoadResult loaded = config::YamlLoader::loadFile(a.file);
    if (!loaded.ok()) {
        // The same FILE:LINE:COL lines as validate: an export of a broken file writes nothing.
        for (const config::Diagnostic &d : loaded.errors())
            err << d.toString() << '\n';
        if (loaded.errors().isEmpty())
            err << a.file << ":1:1: the file could not be loaded\n";
        return ExitFailed;
    }
    exporter::Options options;
    options.target = *exporter::targetFromName(a.exportTarget); // checked by parseArguments
    options.image = a.image;
    options.mhzPerCore = a.mhzPerCore;
    const exporter::Result result = exporter::exportConfig(*loaded.config, options);

    for (const QString &w : result.warnings)
        err << "hsuctl: export: warning: " << w << '\n';
    for (const QString &n : result.notes)
        err << "hsuctl: export: not exported: " << n << '\n';
    if (a.outDir.isEmpty()) {
        out << QString::fromUtf8(exporter::joinForStdout(result, options.target));
        return ExitOk;
    }
    return writeFiles(result, a.outDir, out, err) ? ExitOk : ExitFailed;
}

} // namespace hsu::ctl
