#include "MacAutostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QXmlStreamReader>

namespace hsu::autostart::detail {

namespace {

struct Plist
{
    bool readable = false;
    bool disabled = false; // <key>Disabled</key><true/>: launchd skips it
    QStringList programArguments;
};

// Just the top-level keys we care about; launchd's own parser decides the rest.
Plist readPlist(const QString &path)
{
    Plist p;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return p;
    QXmlStreamReader xml(&f);
    QString key;
    int depth = 0;
    bool inArguments = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            ++depth;
            const auto name = xml.name();
            if (depth == 3 && name == QLatin1String("key")) {
                key = xml.readElementText();
                --depth;
            } else if (depth == 3 && key == QLatin1String("Disabled")) {
                p.disabled = name == QLatin1String("true");
            } else if (depth == 3 && key == QLatin1String("ProgramArguments") && name == QLatin1String("array")) {
                inArguments = true;
            } else if (depth == 4 && inArguments && name == QLatin1String("string")) {
                p.programArguments << xml.readElementText();
                --depth;
            }
        } else if (xml.isEndElement()) {
            if (depth == 3)
                inArguments = false;
            --depth;
        }
    }
    p.readable = !xml.hasError();
    return p;
}

QByteArray plistText(const QStringList &command)
{
    QString args;
    for (const QString &a : command)
        args += QStringLiteral("        <string>%1</string>\n").arg(a.toHtmlEscaped());
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                          "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                          "<!-- Written by HSU Master ('hsuctl autostart on' or the settings dialog). -->\n"
                          "<plist version=\"1.0\">\n"
                          "<dict>\n"
                          "    <key>Label</key>\n"
                          "    <string>%1</string>\n"
                          "    <key>ProgramArguments</key>\n"
                          "    <array>\n"
                          "%2"
                          "    </array>\n"
                          "    <key>RunAtLoad</key>\n"
                          "    <true/>\n"
                          // The agent keeps the workers; launchd must not kill them with it at logout
                          // before the agent has stopped them itself.
                          "    <key>AbandonProcessGroup</key>\n"
                          "    <true/>\n"
                          "</dict>\n"
                          "</plist>\n")
        .arg(QLatin1String(MacAutostart::kLabel), args)
        .toUtf8();
}

} // namespace

MacAutostart::MacAutostart(const QString &root)
    : m_userDir((root.isEmpty() ? QDir::homePath() : root + QStringLiteral("/home")) + QStringLiteral("/Library/LaunchAgents")),
      m_systemDir(root + QStringLiteral("/Library/LaunchAgents"))
{
}

QString MacAutostart::userPlistPath() const
{
    return m_userDir + u'/' + QLatin1String(kLabel) + QStringLiteral(".plist");
}

QString MacAutostart::systemPlistPath() const
{
    return m_systemDir + u'/' + QLatin1String(kLabel) + QStringLiteral(".plist");
}

Status MacAutostart::status() const
{
    Status s;
    s.backend = QStringLiteral("launch-agent");
    if (QFileInfo(systemPlistPath()).isFile())
        s.systemEntry = systemPlistPath();
    for (const QString &path : {userPlistPath(), s.systemEntry}) {
        if (path.isEmpty() || !QFileInfo(path).isFile())
            continue;
        const Plist p = readPlist(path);
        s.source = path == s.systemEntry ? Source::System : Source::User;
        s.entry = path;
        s.command = p.programArguments.join(u' ');
        s.enabled = p.readable && !p.disabled;
        s.reason = !p.readable ? QCoreApplication::translate("hsu::autostart::Autostart", "%1 cannot be read, so it starts nothing").arg(path)
                   : p.disabled ? QCoreApplication::translate("hsu::autostart::Autostart", "%1 is turned off (Disabled)").arg(path)
                                : QCoreApplication::translate("hsu::autostart::Autostart", "%1 starts it at login").arg(path);
        return s;
    }
    s.reason = QCoreApplication::translate("hsu::autostart::Autostart", "no launch agent: %1 does not exist").arg(userPlistPath());
    return s;
}

bool MacAutostart::enable(const QStringList &command, QString *error)
{
    return writeFileAtomically(userPlistPath(), plistText(command), error);
}

bool MacAutostart::disable(QString *error)
{
    if (!removeFile(userPlistPath(), error))
        return false;
    if (QFileInfo(systemPlistPath()).isFile()) {
        setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "%1 starts it for every user; only an administrator can remove it").arg(systemPlistPath()));
        return false;
    }
    return true;
}

} // namespace hsu::autostart::detail
