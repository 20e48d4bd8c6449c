#pragma once

// The GUI's language: German, French or English (the source texts). Chosen at start from
// --language, else $HSU_LANGUAGE, else the setting (QSettings "language", the settings dialog),
// else the system locale's UI languages. hsuctl and the agent load none of this: they stay English.
// The translations are built into the program (qt_add_translations, resource prefix /i18n); Qt's
// own texts (standard buttons, file dialogs) come from Qt's qtbase_*.qm when installed.

#include <QList>
#include <QString>
#include <QStringList>

namespace hsu::desktop {

struct Language
{
    QString code;       // "en", "de", "fr"
    QString nativeName; // "English", "Deutsch", "Français": how a speaker finds their own
};

// Every language the GUI speaks, English first.
QList<Language> availableLanguages();
// "system" (follow the system) or one of availableLanguages()' codes.
bool isLanguageSetting(const QString &value);

// The setting: "system" when none or not a known language.
QString savedLanguage();
void saveLanguage(const QString &value);

// The first of `uiLanguages` (QLocale::uiLanguages(), e.g. "de-AT", "de") that the GUI speaks;
// "en" when none.
QString languageForLocale(const QStringList &uiLanguages);

// --language's value in `arguments` (argv), read before the command line is parsed so that its
// help is translated too; empty when absent.
QString languageArgument(const QStringList &arguments);

// What to use: `requested` (--language) if set, else $HSU_LANGUAGE, else the setting; "system"
// resolves through the system locale. Always one of availableLanguages()' codes.
QString chooseLanguage(const QString &requested);

// Installs the translators for `code` on the application (replacing earlier ones). English
// installs none. False when the GUI's own translation could not be loaded.
bool installTranslations(const QString &code);
// The code installTranslations() last installed; "en" before.
QString currentLanguage();

} // namespace hsu::desktop
