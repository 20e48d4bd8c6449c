#include "Translations.h"

#include "shared/config/DefaultConfig.h"

#include "DesktopLogging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace hsu::desktop {

namespace {

const QString kSystem = QStringLiteral("system");
QString g_current = QStringLiteral("en");
// Children of the application; a second installTranslations() removes and deletes them first.
QPointer<QTranslator> g_gui;
QPointer<QTranslator> g_qt;

QSettings settings()
{
    return QSettings(config::desktopSettingsFile(), QSettings::IniFormat); // the window's one settings file
}

void removeTranslators()
{
    for (QPointer<QTranslator> *t : {&g_gui, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete t->data();
        }
    }
}

} // namespace

QList<Language> availableLanguages()
{
    // Native names on purpose: never translated, so a person who cannot read the current
    // language still finds their own.
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("fr"), QStringLiteral("Français")}};
}

bool isLanguageSetting(const QString &value)
{
    if (value == kSystem)
        return true;
    for (const Language &l : availableLanguages()) {
        if (l.code == value)
            return true;
    }
    return false;
}

QString savedLanguage()
{
    const QString v = settings().value(QStringLiteral("language")).toString();
    return isLanguageSetting(v) ? v : kSystem;
}

void saveLanguage(const QString &value)
{
    settings().setValue(QStringLiteral("language"), isLanguageSetting(value) ? value : kSystem);
}

QString languageForLocale(const QStringList &uiLanguages)
{
    for (const QString &tag : uiLanguages) {
        // "de-AT", "de_DE", "de": the language part decides; there is one German.
        const QString lang = tag.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (lang != kSystem && isLanguageSetting(lang))
            return lang;
    }
    return QStringLiteral("en");
}

QString languageArgument(const QStringList &arguments)
{
    const QString option = QStringLiteral("--language");
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--"))
            break;
        if (a == option && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (a.startsWith(option + QLatin1Char('=')))
            return a.mid(option.size() + 1);
    }
    return {};
}

QString chooseLanguage(const QString &requested)
{
    QString choice = requested;
    if (choice.isEmpty())
        choice = qEnvironmentVariable("HSU_LANGUAGE");
    if (!isLanguageSetting(choice))
        choice = savedLanguage();
    return choice == kSystem ? languageForLocale(QLocale::system().uiLanguages()) : choice;
}

bool installTranslations(const QString &code)
{
    removeTranslators();
    g_current = QStringLiteral("en");
    if (code == QLatin1String("en") || !isLanguageSetting(code) || code == kSystem)
        return code == QLatin1String("en");

    auto *gui = new QTranslator(QCoreApplication::instance());
    if (!gui->load(QStringLiteral(":/i18n/hsu-master_%1.qm").arg(code))) {
        qCWarning(lcDesktop).noquote() << "no translation for" << code << "in the program; staying English";
        delete gui;
        return false;
    }
    QCoreApplication::installTranslator(gui);
    g_gui = gui;
    // Qt's own buttons and dialogs; without the package (qt6-translations-l10n) they stay English.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qt = qt;
    } else {
        qCInfo(lcDesktop).noquote() << "Qt's own translation" << QStringLiteral("qtbase_%1").arg(code) << "is not installed";
        delete qt;
    }
    g_current = code;
    return true;
}

QString currentLanguage()
{
    return g_current;
}

} // namespace hsu::desktop
