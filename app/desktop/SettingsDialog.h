#pragma once

// Settings: whether the agent starts at login (hsu::autostart, the same API as
// `hsuctl autostart`), and where this window looks for the agent. When the build has no
// autostart library the toggle is disabled and says so. And the appearance (system / light /
// dark), applied at once and kept for the next start.

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
    QComboBox *appearanceBox() const { return m_appearance; }
    QString autostartStatusText() const;

private:
    void refresh();
    void toggle(bool on);

    QCheckBox *m_autostart = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_appearance = nullptr;
};

} // namespace hsu::desktop
