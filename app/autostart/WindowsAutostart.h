#pragma once

// Windows: a value in HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run whose data
// is the command line. A value in the HKEY_LOCAL_MACHINE key of the same name (every user) is
// reported but never written: changing it needs an administrator, and our installers do not set it.

#include "app/autostart/AutostartBackend.h"

#include <memory>

class QSettings;

namespace hsu::autostart::detail {

// The command line for CreateProcess: arguments quoted where needed, backslashes before a
// quote doubled (the MSVC runtime's rules).
QString windowsCommandLine(const QStringList &argv);

class WindowsAutostart final : public Backend
{
public:
    static constexpr const char *kValueName = "HSU Master agent";

    // Empty `root`: the registry. Otherwise INI files under root/registry stand for the two keys.
    explicit WindowsAutostart(QString root);

    bool enable(const QStringList &command, QString *error) override;
    bool disable(QString *error) override;
    Status status() const override;

private:
    std::unique_ptr<QSettings> userKey() const;
    std::unique_ptr<QSettings> machineKey() const;
    QString describe(bool machine) const;

    QString m_root;
};

} // namespace hsu::autostart::detail
