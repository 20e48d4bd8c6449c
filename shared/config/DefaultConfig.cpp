#include "DefaultConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hsu::config {

QString defaultConfigFile()
{
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (base.isEmpty() || !QDir::isAbsolutePath(base))
        base = QDir::homePath() + QStringLiteral("/.config");
    return QDir::cleanPath(base + QStringLiteral("/hsu-master/config.yaml"));
}

QString desktopSettingsFile()
{
    return QFileInfo(defaultConfigFile()).absolutePath() + QStringLiteral("/hsu-master.conf");
}

QString installedDocsFolder()
{
    return QStringLiteral("/usr/share/doc/hsu-master");
}

QByteArray emptyConfigText()
{
    return QStringLiteral(
               "# HSU Master: the programs hsu-agent starts, watches and restarts for you.\n"
               "# This file was created empty on the first start without --config; add a program from the\n"
               "# HSU Master window (\"Add your first program\"), with `hsuctl add`, or by editing it here\n"
               "# (then `hsuctl reload`).\n"
               "# How to: docs/user-guide.md; every setting: docs/config-reference.md\n"
               "# (installed in %1/, and in the project's docs/ folder).\n"
               "workers: []\n")
        .arg(installedDocsFolder())
        .toUtf8();
}

EnsureResult ensureConfigFile(const QString &path, QString *error)
{
    if (QFileInfo::exists(path))
        return EnsureResult::Existed;
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder)) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(folder);
        return EnsureResult::Failed;
    }
    QFile f(path);
    // NewOnly: O_EXCL, so a file created meanwhile (another first start) is never overwritten.
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        if (QFileInfo::exists(path))
            return EnsureResult::Existed;
        if (error)
            *error = QStringLiteral("cannot create %1: %2").arg(path, f.errorString());
        return EnsureResult::Failed;
    }
    const QByteArray text = emptyConfigText();
    if (f.write(text) != text.size() || !f.flush()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        f.close();
        f.remove(); // half a file would be "the user's" from now on
        return EnsureResult::Failed;
    }
    return EnsureResult::Created;
}

} // namespace hsu::config
