#include "WindowsAutostart.h"

#include <QCoreApplication>
#include <QSettings>

namespace hsu::autostart::detail {

namespace {

const QString kRunKey = QStringLiteral("Software\\Microsoft\\Windows\\CurrentVersion\\Run");

QString quoteArgument(const QString &arg)
{
    if (!arg.isEmpty() && !arg.contains(u' ') && !arg.contains(u'\t') && !arg.contains(u'"'))
        return arg;
    QString q = QStringLiteral("\"");
    qsizetype backslashes = 0;
    for (const QChar c : arg) {
        if (c == u'\\') {
            ++backslashes;
            continue;
        }
        if (c == u'"')
            q += QString(backslashes * 2 + 1, u'\\'); // escape the run and the quote
        else
            q += QString(backslashes, u'\\');
        backslashes = 0;
        q += c;
    }
    q += QString(backslashes * 2, u'\\'); // a trailing run must not escape the closing quote
    q += u'"';
    return q;
}

} // namespace

QString windowsCommandLine(const QStringList &argv)
{
    QStringList parts;
    for (const QString &a : argv)
        parts << quoteArgument(a);
    return parts.join(u' ');
}

WindowsAutostart::WindowsAutostart(QString root) : m_root(std::move(root)) {}

std::unique_ptr<QSettings> WindowsAutostart::userKey() const
{
    if (!m_root.isEmpty())
        return std::make_unique<QSettings>(m_root + QStringLiteral("/registry/Run.ini"), QSettings::IniFormat);
    return std::make_unique<QSettings>(QStringLiteral("HKEY_CURRENT_USER\\") + kRunKey, QSettings::NativeFormat);
}

std::unique_ptr<QSettings> WindowsAutostart::machineKey() const
{
    if (!m_root.isEmpty())
        return std::make_unique<QSettings>(m_root + QStringLiteral("/registry/RunMachine.ini"), QSettings::IniFormat);
    return std::make_unique<QSettings>(QStringLiteral("HKEY_LOCAL_MACHINE\\") + kRunKey, QSettings::NativeFormat);
}

QString WindowsAutostart::describe(bool machine) const
{
    const QString value = QLatin1String(kValueName);
    if (!m_root.isEmpty())
        return m_root + (machine ? QStringLiteral("/registry/RunMachine.ini") : QStringLiteral("/registry/Run.ini"))
               + u'[' + value + u']';
    return (machine ? QStringLiteral("HKEY_LOCAL_MACHINE\\") : QStringLiteral("HKEY_CURRENT_USER\\")) + kRunKey + u'\\' + value;
}

Status WindowsAutostart::status() const
{
    Status s;
    s.backend = QStringLiteral("windows-run");
    const QString value = QLatin1String(kValueName);
    const auto machine = machineKey();
    if (machine->contains(value))
        s.systemEntry = describe(true);
    const auto user = userKey();
    if (user->contains(value)) {
        s.enabled = true;
        s.source = Source::User;
        s.entry = describe(false);
        s.command = user->value(value).toString();
        s.reason = QCoreApplication::translate("hsu::autostart::Autostart", "the Run value %1 starts it at login").arg(s.entry);
    } else if (!s.systemEntry.isEmpty()) {
        s.enabled = true;
        s.source = Source::System;
        s.entry = s.systemEntry;
        s.command = machine->value(value).toString();
        s.reason = QCoreApplication::translate("hsu::autostart::Autostart", "the Run value %1 starts it for every user").arg(s.entry);
    } else {
        s.reason = QCoreApplication::translate("hsu::autostart::Autostart", "no Run value %1").arg(describe(false));
    }
    return s;
}

bool WindowsAutostart::enable(const QStringList &command, QString *error)
{
    const auto user = userKey();
    user->setValue(QLatin1String(kValueName), windowsCommandLine(command));
    user->sync();
    if (user->status() != QSettings::NoError) {
        setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "cannot write %1").arg(describe(false)));
        return false;
    }
    return true;
}

bool WindowsAutostart::disable(QString *error)
{
    const auto user = userKey();
    user->remove(QLatin1String(kValueName));
    user->sync();
    if (user->status() != QSettings::NoError) {
        setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "cannot change %1").arg(describe(false)));
        return false;
    }
    if (machineKey()->contains(QLatin1String(kValueName))) {
        setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "%1 starts it for every user; only an administrator can remove it").arg(describe(true)));
        return false;
    }
    return true;
}

} // namespace hsu::autostart::detail
