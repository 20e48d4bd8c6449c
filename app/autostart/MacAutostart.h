#pragma once

// macOS: a launchd agent, ~/Library/LaunchAgents/<label>.plist with RunAtLoad, which launchd
// loads at the next login. One in /Library/LaunchAgents (every user) is reported, never written:
// that needs an administrator, and our disk image does not install one.

#include "app/autostart/AutostartBackend.h"

namespace hsu::autostart::detail {

class MacAutostart final : public Backend
{
public:
    static constexpr const char *kLabel = "io.github.hsu-master.agent";

    // Empty `root`: the real folders. Otherwise root/home/Library/LaunchAgents and root/Library/LaunchAgents.
    explicit MacAutostart(const QString &root);

    bool enable(const QStringList &command, QString *error) override;
    bool disable(QString *error) override;
    Status status() const override;

    QString userPlistPath() const;
    QString systemPlistPath() const;

private:
    QString m_userDir;
    QString m_systemDir;
};

} // namespace hsu::autostart::detail
