#include "XdgAutostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace hsu::autostart::detail {

namespace {

// Undoes the spec's string escapes (\s \n \t \r \\); anything else is kept as written.
QString unescapeValue(const QString &raw)
{
    QString out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c != u'\\' || i + 1 == raw.size()) {
            out += c;
            continue;
        }
        const QChar n = raw.at(++i);
        switch (n.unicode()) {
        case 's': out += u' '; break;
        case 'n': out += u'\n'; break;
        case 't': out += u'\t'; break;
        case 'r': out += u'\r'; break;
        case '\\': out += u'\\'; break;
        default: out += c; out += n; break;
        }
    }
    return out;
}

QString escapeValue(const QString &value)
{
    QString out = value;
    out.replace(u'\\', QLatin1String("\\\\"));
    out.replace(u'\n', QLatin1String("\\n"));
    out.replace(u'\t', QLatin1String("\\t"));
    out.replace(u'\r', QLatin1String("\\r"));
    return out;
}

// Hidden=true: "deleted", never started. X-GNOME-Autostart-enabled=false is what GNOME's own
// switches write; honouring it keeps our status in line with what the desktop will really do.
bool entryStarts(const DesktopEntry &e, QString *why)
{
    if (e.isTrue(QStringLiteral("Hidden"))) {
        *why = QStringLiteral("Hidden=true");
        return false;
    }
    if (e.values.value(QStringLiteral("X-GNOME-Autostart-enabled")).trimmed().compare(QLatin1String("false"), Qt::CaseInsensitive) == 0) {
        *why = QStringLiteral("X-GNOME-Autostart-enabled=false");
        return false;
    }
    return true;
}

// `exec` is the Exec value unescaped (as DesktopEntry::read gives it).
QByteArray entryText(const QString &exec, bool hidden)
{
    QString t;
    if (hidden)
        t += QStringLiteral("# Written by HSU Master: turns the system-wide autostart of hsu-agent off for this user only.\n"
                            "# Delete this file, or run 'hsuctl autostart on', to follow the system-wide entry again.\n");
    else
        t += QStringLiteral("# Written by HSU Master ('hsuctl autostart on' or the settings dialog): starts hsu-agent at login.\n");
    t += QStringLiteral("[Desktop Entry]\n"
                        "Type=Application\n"
                        "Name=HSU Master agent\n"
                        "Comment=Starts and watches the programs HSU Master supervises\n"
                        "Icon=hsu-master\n"
                        "Exec=%1\n"
                        "Terminal=false\n"
                        "NoDisplay=true\n")
             .arg(escapeValue(exec));
    t += hidden ? QStringLiteral("Hidden=true\n") : QStringLiteral("X-GNOME-Autostart-enabled=true\n");
    return t.toUtf8();
}

} // namespace

DesktopEntry DesktopEntry::read(const QString &path)
{
    DesktopEntry e;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return e;
    e.readable = true;
    bool inGroup = false;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &rawLine : lines) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            inGroup = line == QLatin1String("[Desktop Entry]");
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (!inGroup || eq <= 0)
            continue;
        const QString key = line.left(eq).trimmed();
        if (!e.values.contains(key)) // the spec forbids duplicates; the first one wins
            e.values.insert(key, unescapeValue(line.mid(eq + 1).trimmed()));
    }
    return e;
}

bool DesktopEntry::isTrue(const QString &key) const
{
    const QString v = values.value(key).trimmed();
    return v == QLatin1String("true") || v == QLatin1String("1");
}

QString desktopExecLine(const QStringList &argv)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    QStringList parts;
    for (const QString &arg : argv) {
        QString a = arg;
        a.replace(u'%', QLatin1String("%%")); // a lone % would start a field code
        bool quote = a.isEmpty();
        for (const QChar c : std::as_const(a))
            quote = quote || reserved.contains(c);
        if (!quote) {
            parts << a;
            continue;
        }
        QString q;
        for (const QChar c : std::as_const(a)) {
            if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
                q += u'\\';
            q += c;
        }
        parts << u'"' + q + u'"';
    }
    return parts.join(u' ');
}

XdgAutostart::XdgAutostart(QString userConfigHome, QStringList systemConfigDirs)
    : m_userConfigHome(std::move(userConfigHome)), m_systemConfigDirs(std::move(systemConfigDirs))
{
}

XdgAutostart XdgAutostart::fromEnvironment(const QString &root)
{
    if (!root.isEmpty())
        return XdgAutostart(root + QStringLiteral("/home/.config"), {root + QStringLiteral("/etc/xdg")});
    // Qt reads XDG_CONFIG_HOME / XDG_CONFIG_DIRS with the spec's defaults (~/.config, /etc/xdg).
    const QString home = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    QStringList dirs = QStandardPaths::standardLocations(QStandardPaths::GenericConfigLocation);
    dirs.removeAll(home);
    if (dirs.isEmpty())
        dirs << QStringLiteral("/etc/xdg");
    return XdgAutostart(home, dirs);
}

QString XdgAutostart::userEntryPath() const
{
    return m_userConfigHome + QStringLiteral("/autostart/") + QLatin1String(kEntryName);
}

QString XdgAutostart::systemEntryPath() const
{
    for (const QString &dir : m_systemConfigDirs) {
        const QString path = dir + QStringLiteral("/autostart/") + QLatin1String(kEntryName);
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

Status XdgAutostart::status() const
{
    Status s;
    s.backend = QStringLiteral("xdg");
    s.systemEntry = systemEntryPath();
    const DesktopEntry system = s.systemEntry.isEmpty() ? DesktopEntry() : DesktopEntry::read(s.systemEntry);
    const QString user = userEntryPath();
    QString why;

    if (QFileInfo(user).isFile()) {
        const DesktopEntry e = DesktopEntry::read(user);
        s.source = Source::User;
        s.entry = user;
        s.command = e.values.value(QStringLiteral("Exec"));
        s.enabled = e.readable && entryStarts(e, &why);
        if (!e.readable)
            s.reason = QCoreApplication::translate("hsu::autostart::Autostart", "your entry %1 cannot be read, so it starts nothing").arg(user);
        else if (s.enabled)
            s.reason = s.systemEntry.isEmpty()
                           ? QCoreApplication::translate("hsu::autostart::Autostart", "your entry %1 starts it at login").arg(user)
                           : QCoreApplication::translate("hsu::autostart::Autostart", "your entry %1 starts it at login (in place of the system-wide %2)").arg(user, s.systemEntry);
        else
            s.reason = s.systemEntry.isEmpty()
                           ? QCoreApplication::translate("hsu::autostart::Autostart", "your entry %1 turns it off (%2)").arg(user, why)
                           : QCoreApplication::translate("hsu::autostart::Autostart", "your entry %1 turns the system-wide %2 off for you (%3)").arg(user, s.systemEntry, why);
        return s;
    }
    if (!s.systemEntry.isEmpty()) {
        s.source = Source::System;
        s.entry = s.systemEntry;
        s.command = system.values.value(QStringLiteral("Exec"));
        s.enabled = system.readable && entryStarts(system, &why);
        s.reason = s.enabled ? QCoreApplication::translate("hsu::autostart::Autostart", "the system-wide entry %1 starts it for every user").arg(s.systemEntry)
                             : QCoreApplication::translate("hsu::autostart::Autostart", "the system-wide entry %1 is turned off (%2)").arg(s.systemEntry, why);
        return s;
    }
    s.reason = QCoreApplication::translate("hsu::autostart::Autostart", "no autostart entry: neither %1 nor %2 exists")
                   .arg(user, (m_systemConfigDirs.value(0) + QStringLiteral("/autostart/") + QLatin1String(kEntryName)));
    return s;
}

bool XdgAutostart::enable(const QStringList &command, QString *error)
{
    const Status s = status();
    if (s.enabled)
        return true;
    // A user entry hiding an enabled system-wide entry is our own override: removing it hands the
    // decision back to the package's entry, which then keeps following package updates.
    const QString sys = systemEntryPath();
    if (s.source == Source::User && !sys.isEmpty()) {
        QString why;
        if (entryStarts(DesktopEntry::read(sys), &why))
            return removeFile(s.entry, error);
    }
    return writeFileAtomically(userEntryPath(), entryText(desktopExecLine(command), false), error);
}

bool XdgAutostart::disable(QString *error)
{
    const Status s = status();
    if (!s.enabled)
        return true;
    const QString sys = systemEntryPath();
    QString why;
    if (!sys.isEmpty() && entryStarts(DesktopEntry::read(sys), &why)) {
        // Keep the system entry's Exec in the override: some desktops list hidden entries and
        // show what they would run.
        const QString exec = DesktopEntry::read(sys).values.value(QStringLiteral("Exec"));
        return writeFileAtomically(userEntryPath(), entryText(exec, true), error);
    }
    return removeFile(userEntryPath(), error);
}

} // namespace hsu::autostart::detail
