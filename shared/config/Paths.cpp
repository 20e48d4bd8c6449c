#include "shared/config/Paths.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QStandardPaths>

namespace hsu::config {

QString resolveAgainstConfig(const QString &path, const QString &configFile)
{
    if (path.isEmpty())
        return path;
    if (QDir::isAbsolutePath(path))
        return QDir::cleanPath(path);
    const QDir base = QFileInfo(configFile).absoluteDir();
    return QDir::cleanPath(base.absoluteFilePath(path));
}

QString resolveExecutable(const WorkerSpec &worker, const QString &configFile, const QProcessEnvironment &env)
{
    const QString &path = worker.execution.executablePath;
    if (path.isEmpty())
        return path;
    if (!path.contains(u'/') && !path.contains(u'\\')) {
        QString searchPath = env.value(QStringLiteral("PATH"));
        for (const auto &[name, value] : worker.execution.environment)
            if (name == u"PATH")
                searchPath = value; // the child's PATH: what a shell started with it would search
        const QStringList dirs = searchPath.split(QDir::listSeparator(), Qt::SkipEmptyParts);
        // An empty list would make findExecutable search the agent's PATH after all.
        return dirs.isEmpty() ? QString() : QStandardPaths::findExecutable(path, dirs);
    }
    return resolveAgainstConfig(path, configFile);
}

QString resolveWorkingDirectory(const WorkerSpec &worker, const QString &configFile, const QString &program)
{
    if (!worker.execution.workingDirectory.isEmpty())
        return resolveAgainstConfig(worker.execution.workingDirectory, configFile);
    return program.isEmpty() ? QString() : QFileInfo(program).absolutePath();
}

QString resolveWorkingDirectory(const WorkerSpec &worker, const QString &configFile,
                                const QProcessEnvironment &env)
{
    return resolveWorkingDirectory(worker, configFile, resolveExecutable(worker, configFile, env));
}

QList<Diagnostic> checkExecutables(const Config &config, const QString &file)
{
    QList<Diagnostic> out;
    // Read once, not per worker: the editor checks a thousand-worker file on every keystroke, and
    // the environment (and a stat per worker of mostly the same few programs) cost 8 ms of that.
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QHash<QString, int> kinds; // resolved path -> 0 fine, 1 missing, 2 not an executable file
    for (const WorkerSpec &w : config.workers) {
        if (w.type == WorkerType::Unmanaged || w.execution.executablePath.isEmpty())
            continue;
        const QString resolved = resolveExecutable(w, file, env);
        auto kind = kinds.constFind(resolved);
        if (kind == kinds.constEnd()) {
            const QFileInfo info(resolved);
            kind = kinds.insert(resolved, resolved.isEmpty() ? 1 : !info.exists() ? 1 : (!info.isFile() || !info.isExecutable()) ? 2 : 0);
        }
        QString problem;
        if (resolved.isEmpty())
            problem = QStringLiteral("program '%1' is not in PATH").arg(w.execution.executablePath);
        else if (*kind == 1)
            problem = QStringLiteral("program '%1' does not exist (%2)").arg(w.execution.executablePath, resolved);
        else if (*kind == 2)
            problem = QStringLiteral("'%1' is not an executable file (%2)").arg(w.execution.executablePath, resolved);
        if (problem.isEmpty())
            continue;
        const SourceLocation at = config.executablePathLocations.value(w.id, config.workerLocations.value(w.id));
        out << Diagnostic{Diagnostic::Severity::Warning, file, std::max(1, at.line), std::max(1, at.column),
                          QStringLiteral("worker '%1': %2; the agent will mark it failed when it starts")
                              .arg(w.id, problem)};
    }
    return out;
}

} // namespace hsu::config
