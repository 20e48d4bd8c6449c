#include "CtlAutostart.h"

#include "app/autostart/Autostart.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace hsu::ctl {

namespace {

QJsonObject statusJson(const autostart::Status &s)
{
    return QJsonObject{
        {QStringLiteral("enabled"), s.enabled},
        {QStringLiteral("source"), autostart::sourceName(s.source)},
        {QStringLiteral("entry"), s.entry},
        {QStringLiteral("systemEntry"), s.systemEntry},
        {QStringLiteral("command"), s.command},
        {QStringLiteral("reason"), s.reason},
        {QStringLiteral("backend"), s.backend},
    };
}

void printStatus(const autostart::Status &s, QTextStream &out)
{
    out << "autostart: " << (s.enabled ? "on" : "off") << '\n';
    if (s.source != autostart::Source::None)
        out << "decided by: " << autostart::sourceName(s.source) << " entry " << s.entry << '\n';
    if (s.enabled && !s.command.isEmpty())
        out << "runs: " << s.command << '\n';
    out << "why: " << s.reason << '\n';
}

} // namespace

int runAutostart(const Arguments &a, QTextStream &out, QTextStream &err)
{
    QString error;
    bool ok = true;
    switch (a.autostart) {
    case AutostartAction::On: ok = autostart::Autostart::enable(&error); break;
    case AutostartAction::Off: ok = autostart::Autostart::disable(&error); break;
    case AutostartAction::Status: break;
    }
    if (!ok) {
        err << "hsuctl: autostart " << (a.autostart == AutostartAction::On ? "on" : "off") << ": " << error << '\n';
        return ExitFailed;
    }
    const autostart::Status s = autostart::Autostart::status();
    if (a.json)
        out << QString::fromUtf8(QJsonDocument(statusJson(s)).toJson(QJsonDocument::Indented));
    else
        printStatus(s, out);
    // on/off that left the opposite state (an entry we cannot override) is a failure to report.
    const bool wanted = a.autostart == AutostartAction::Status || s.enabled == (a.autostart == AutostartAction::On);
    if (!wanted) {
        err << "hsuctl: autostart is still " << (s.enabled ? "on" : "off") << '\n';
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace hsu::ctl
