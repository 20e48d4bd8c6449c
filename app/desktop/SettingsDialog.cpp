#include "SettingsDialog.h"

#include "Appearance.h"
#include "DesktopLogging.h"
#include "Translations.h"

#ifdef HSU_HAVE_AUTOSTART
#include "app/autostart/Autostart.h"
#endif

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace hsu::desktop {

SettingsDialog::SettingsDialog(const QString &socketPath, const QString &configFile, QWidget *parent)
    : QDialog(parent)
    , m_autostart(new QCheckBox(tr("Start the agent when I log in"), this))
    , m_trayAtLogin(new QCheckBox(tr("Show the tray icon at login"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("HSU Master settings"));
    auto *layout = new QVBoxLayout(this);

    auto *startBox = new QGroupBox(tr("Autostart"), this);
    auto *startLayout = new QVBoxLayout(startBox);
    m_autostart->setObjectName(QStringLiteral("autostartBox"));
    startLayout->addWidget(m_autostart);
    m_trayAtLogin->setObjectName(QStringLiteral("trayAtLoginBox"));
    m_trayAtLogin->setToolTip(tr("With the agent, start HSU Master in the tray, without its window"));
    startLayout->addWidget(m_trayAtLogin);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    startLayout->addWidget(m_status);
    auto *note = new QLabel(tr("The agent runs the workers; this window is only a view of it. "
                               "Closing the window or quitting never stops a worker."),
                            startBox);
    note->setWordWrap(true);
    note->setEnabled(false);
    startLayout->addWidget(note);
    layout->addWidget(startBox);

    auto *agentBox = new QGroupBox(tr("Agent"), this);
    auto *form = new QFormLayout(agentBox);
    auto *socket = new QLabel(socketPath, agentBox);
    socket->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Socket:"), socket);
    auto *config = new QLabel(configFile.isEmpty() ? tr("(default)") : configFile, agentBox);
    config->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Config for \u201cStart agent\u201d:"), config);
    layout->addWidget(agentBox);

    auto *lookBox = new QGroupBox(tr("Appearance"), this);
    auto *lookForm = new QFormLayout(lookBox);
    m_appearance = new QComboBox(lookBox);
    m_appearance->setObjectName(QStringLiteral("appearanceBox"));
    m_appearance->addItem(tr("System"), int(Appearance::System));
    m_appearance->addItem(tr("Light"), int(Appearance::Light));
    m_appearance->addItem(tr("Dark"), int(Appearance::Dark));
    m_appearance->setToolTip(tr("System: the desktop's style and colours. Light, Dark: the Fusion style with a light or dark palette."));
    m_appearance->setCurrentIndex(m_appearance->findData(int(currentAppearance())));
    connect(m_appearance, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto a = Appearance(m_appearance->itemData(index).toInt());
        applyAppearance(a);
        saveAppearance(a);
    });
    lookForm->addRow(tr("Colours:"), m_appearance);
    m_language = new QComboBox(lookBox);
    m_language->setObjectName(QStringLiteral("languageBox"));
    m_language->addItem(tr("System default"), QStringLiteral("system"));
    for (const Language &l : availableLanguages())
        m_language->addItem(l.nativeName, l.code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(savedLanguage())));
    // Every text of every open window would have to be set again; a restart does that for free.
    m_language->setToolTip(tr("Takes effect the next time HSU Master starts."));
    connect(m_language, &QComboBox::currentIndexChanged, this,
            [this](int index) { saveLanguage(m_language->itemData(index).toString()); });
    lookForm->addRow(tr("Language:"), m_language);
    auto *languageNote = new QLabel(tr("A new language takes effect the next time HSU Master starts."), lookBox);
    languageNote->setWordWrap(true);
    languageNote->setEnabled(false);
    lookForm->addRow(languageNote);
    layout->addWidget(lookBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_autostart, &QCheckBox::toggled, this, &SettingsDialog::toggle);
    connect(m_trayAtLogin, &QCheckBox::toggled, this, &SettingsDialog::toggleTray);
    refresh();
    resize(520, sizeHint().height());
}

QString SettingsDialog::autostartStatusText() const
{
    return m_status->text();
}

void SettingsDialog::refresh()
{
#ifdef HSU_HAVE_AUTOSTART
    const autostart::Status s = autostart::Autostart::status();
    const QSignalBlocker block(m_autostart);
    const QSignalBlocker blockTray(m_trayAtLogin);
    m_autostart->setEnabled(true);
    m_autostart->setChecked(s.enabled);
    m_trayAtLogin->setChecked(autostart::Autostart::trayAtLogin());
    m_trayAtLogin->setEnabled(s.enabled);
    QString text = s.reason;
    if (!s.entry.isEmpty())
        text += QLatin1Char('\n')
            + (s.source == autostart::Source::System ? tr("Entry: %1 (system-wide)") : tr("Entry: %1 (yours)")).arg(s.entry);
    m_status->setText(text);
#else
    m_autostart->setEnabled(false);
    m_trayAtLogin->setEnabled(false);
    m_status->setText(tr("Autostart is not available in this build."));
#endif
}

void SettingsDialog::toggle(bool on)
{
#ifdef HSU_HAVE_AUTOSTART
    QString error;
    const bool ok = on ? autostart::Autostart::enable(&error) : autostart::Autostart::disable(&error);
    refresh();
    if (!ok) {
        qCWarning(lcDesktop).noquote() << "autostart:" << error;
        m_status->setText(tr("Could not change autostart: %1").arg(error) + QLatin1Char('\n') + m_status->text());
    }
#else
    Q_UNUSED(on);
#endif
}

void SettingsDialog::toggleTray(bool on)
{
#ifdef HSU_HAVE_AUTOSTART
    QString error;
    const bool ok = autostart::Autostart::setTrayAtLogin(on, &error);
    refresh();
    if (!ok) {
        qCWarning(lcDesktop).noquote() << "autostart:" << error;
        m_status->setText(tr("Could not change autostart: %1").arg(error) + QLatin1Char('\n') + m_status->text());
    }
#else
    Q_UNUSED(on);
#endif
}

bool enableAutostartOnFirstRun(QString *error)
{
#ifdef HSU_HAVE_AUTOSTART
    return autostart::Autostart::enableOnFirstRun(error);
#else
    Q_UNUSED(error);
    return false;
#endif
}

} // namespace hsu::desktop
