#pragma once

// Settings: whether the agent starts at login (hsu::autostart, the same API as
// `hsuctl autostart`) and with it the tray icon, and where this window looks for the agent. When the
// build has no autostart library the toggle is disabled and says so. And the appearance (system /
// light / dark), applied at once and kept for the next start; the language (Translations.h), kept
// and used from the next start.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;

namespace hsu::desktop {

class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(const QString &socketPath, const QString &configFile, QWidget *parent = nullptr);

    QCheckBox *autostartBox() const { return m_autostart; }
    QCheckBox *trayAtLoginBox() const { return m_trayAtLogin; }
    QComboBox *appearanceBox() const { return m_appearance; }
    QComboBox *languageBox() const { return m_language; }
    QString autostartStatusText() const;

private:
    void refresh();
    void toggle(bool on);
    void toggleTray(bool on);

    QCheckBox *m_autostart = nullptr;
    QCheckBox *m_trayAtLogin = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_appearance = nullptr;
    QComboBox *m_language = nullptr;
};

// hsu-master's first start for this user turns autostart on (hsu::autostart's
// enableOnFirstRun(): once, so a later "off" is never undone). True when it did it now; false
// also in a build without autostart.
bool enableAutostartOnFirstRun(QString *error);

} // namespace hsu::desktop
