#pragma once

// What the IPC layer may ask about the config file while the agent runs (agent/ConfigReloader
// implements it): reload it, say what a reload of a file would do, read it, save a new text.
// Kept as an interface beside WorkerControl so that agent/ipc does not depend on the agent's
// wiring, and IPC tests can pass a fake.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hsu::agent {

class ConfigControl
{
public:
    virtual ~ConfigControl() = default;
    // Reads the config file again and applies the difference. The plan (ConfigDiff's JSON); with
    // `errors` set ("FILE:LINE:COL: message" each) nothing changed.
    virtual QJsonObject reload(const QString &trigger, QStringList *errors) = 0;
    // What a reload of `path` (empty: the config file) would do, without doing it.
    virtual QJsonObject diff(const QString &path, QStringList *errors) = 0;
    // {"path": the config file, "text": its contents}.
    virtual QJsonObject text() const = 0;
    // Checks `text` in full; valid, writes it over the config file atomically (the old one kept
    // as FILE.bak) and reloads: the reload's plan. Invalid: `errors` set, the file untouched.
    // A write that fails: `errors` holds why, the file untouched.
    virtual QJsonObject save(const QByteArray &text, QStringList *errors) = 0;
};

} // namespace hsu::agent
