// The GUI's translations: every user-visible text of the GUI (what lupdate finds in app/desktop
// and app/autostart, run here over the sources as they are now) is in each translations/*.ts
// with a finished translation that keeps its placeholders and its accelerator; the built-in .qm
// files load and speak German and French; the language is chosen from --language,
// $HSU_LANGUAGE, the setting and the system locale; the window and the settings come up in German.
#include "app/desktop/DesktopOptions.h"
#include "app/desktop/MainWindow.h"
#include "app/desktop/SettingsDialog.h"
#include "app/desktop/Translations.h"
#include "app/desktop/editor/AddWorkerDialog.h"
#include "app/desktop/editor/WorkerForm.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLibraryInfo>
#include <QMap>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace hsu::desktop;

namespace {

struct Message
{
    bool numerus = false;
    QString type;              // the <translation>'s type: "unfinished", "vanished", "obsolete" or empty
    QStringList translations;  // one, or the numerus forms
};

using Catalogue = QMap<QString, Message>; // "context|source|comment"

// Reads a .ts file; false with `error` set when it cannot.
bool readTs(const QString &path, Catalogue *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + f.errorString();
        return false;
    }
    QXmlStreamReader xml(&f);
    QString context, source, comment;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                m = Message{};
                m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                source.clear();
                comment.clear();
            } else if (name == QLatin1String("source"))
                source = xml.readElementText();
            else if (name == QLatin1String("comment"))
                comment = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                m.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!m.numerus)
                    m.translations << xml.readElementText();
            } else if (name == QLatin1String("numerusform"))
                m.translations << xml.readElementText();
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            out->insert(context + QLatin1Char('|') + source + QLatin1Char('|') + comment, m);
        }
    }
    if (xml.hasError()) {
        *error = path + QStringLiteral(": ") + xml.errorString();
        return false;
    }
    return true;
}

// The placeholders of a text, sorted: %1 … %99 and %n.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d{1,2}|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

// The accelerator markers of a text: '&' followed by anything but '&' (a "&&" is a literal '&').
int accelerators(const QString &text)
{
    int n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        // Entities in rich text ("&amp;", "&lt;") are not accelerators.
        static const QRegularExpression entity(QStringLiteral("^&[a-zA-Z]+;|^&#\\d+;"));
        if (!entity.match(text.mid(i, 10)).hasMatch() && i + 1 < text.size() && text.at(i + 1) != QLatin1Char(' '))
            ++n;
    }
    return n;
}

QString tsFile(const QString &code)
{
    return QStringLiteral(HSU_SOURCE_DIR "/translations/hsu-master_%1.ts").arg(code);
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { installTranslations(QStringLiteral("en")); }
    void cleanupTestCase() { installTranslations(QStringLiteral("en")); }
    void everyGuiTextIsTranslated_data();
    void everyGuiTextIsTranslated();
    void builtInGermanLoads();
    void languageChoice();
    void languageOption();
    void mainWindowInGerman();
    void settingsDialogKeepsTheLanguage();
    void labelAcceleratorsHaveBuddies();
};

void TestTranslations::everyGuiTextIsTranslated_data()
{
    QTest::addColumn<QString>("code");
    for (const Language &l : availableLanguages()) {
        if (l.code != QLatin1String("en"))
            QTest::newRow(qPrintable(l.code)) << l.code;
    }
}

void TestTranslations::everyGuiTextIsTranslated()
{
    QFETCH(QString, code);
    const QString lupdate = QStringLiteral(HSU_LUPDATE);
    QVERIFY2(QFileInfo(lupdate).isExecutable(),
             qPrintable(QStringLiteral("lupdate not found at %1: install qt6-l10n-tools (scripts/dev.sh setup)").arg(lupdate)));

    // lupdate over the GUI's sources now, into a fresh file: what the code shows today.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString fresh = tmp.filePath(QStringLiteral("fresh.ts"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(lupdate, {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                      QStringLiteral("-extensions"), QStringLiteral("cpp,h"), QStringLiteral(HSU_SOURCE_DIR "/app/desktop"),
                      QStringLiteral(HSU_SOURCE_DIR "/app/autostart"),
                      QStringLiteral("-ts"), fresh});
    QVERIFY2(p.waitForFinished(120000), "lupdate did not finish");
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAll().constData());

    Catalogue now, committed;
    QString error;
    QVERIFY2(readTs(fresh, &now, &error), qPrintable(error));
    QVERIFY2(readTs(tsFile(code), &committed, &error), qPrintable(error));
    QVERIFY2(now.size() > 300, qPrintable(QStringLiteral("lupdate found only %1 texts").arg(now.size())));

    const int forms = code == QLatin1String("fr") || code == QLatin1String("de") ? 2 : 1;
    QStringList problems;
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        const QString where = QString(it.key()).replace(QLatin1Char('|'), QStringLiteral(" | "));
        const auto found = committed.constFind(it.key());
        if (found == committed.cend()) {
            problems << QStringLiteral("missing from the .ts (run the update_translations target): ") + where;
            continue;
        }
        const Message &m = *found;
        if (!m.type.isEmpty()) {
            problems << QStringLiteral("%1 translation: %2").arg(m.type, where);
            continue;
        }
        if (m.translations.size() != (m.numerus ? forms : 1)) {
            problems << QStringLiteral("%1 forms instead of %2: %3").arg(m.translations.size()).arg(m.numerus ? forms : 1).arg(where);
            continue;
        }
        const QString source = it.key().section(QLatin1Char('|'), 1, 1);
        for (const QString &t : m.translations) {
            if (t.trimmed().isEmpty()) {
                problems << QStringLiteral("empty translation: ") + where;
                continue;
            }
            QStringList expected = placeholders(source);
            QStringList got = placeholders(t);
            // A plural form may say "one" in words instead of %n (German "ein weiterer").
            if (m.numerus && expected != got) {
                expected.removeAll(QStringLiteral("%n"));
                got.removeAll(QStringLiteral("%n"));
            }
            if (expected != got)
                problems << QStringLiteral("placeholders %1 became %2: %3 -> %4")
                                .arg(placeholders(source).join(QLatin1Char(' ')), placeholders(t).join(QLatin1Char(' ')), where, t);
            if (accelerators(source) != accelerators(t))
                problems << QStringLiteral("%1 accelerator(s) became %2: %3 -> %4").arg(accelerators(source)).arg(accelerators(t)).arg(where, t);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s) in %2:\n").arg(problems.size()).arg(tsFile(code))
                                            + problems.join(QLatin1Char('\n'))));
}

void TestTranslations::builtInGermanLoads()
{
    QCOMPARE(QCoreApplication::translate("hsu::desktop::MainWindow", "&File"), QStringLiteral("&File"));
    QVERIFY(installTranslations(QStringLiteral("de")));
    QCOMPARE(currentLanguage(), QStringLiteral("de"));
    QCOMPARE(QCoreApplication::translate("hsu::desktop::MainWindow", "&File"), QStringLiteral("Da&tei"));
    QCOMPARE(QCoreApplication::translate("hsu::desktop::WorkerPresentation", "running"), QStringLiteral("läuft"));
    // Plurals: German has two forms.
    QCOMPARE(QCoreApplication::translate("hsu::desktop::editor::ConfigEditor", "No errors, %n warning(s)", nullptr, 1),
             QStringLiteral("Keine Fehler, 1 Warnung"));
    QCOMPARE(QCoreApplication::translate("hsu::desktop::editor::ConfigEditor", "No errors, %n warning(s)", nullptr, 3),
             QStringLiteral("Keine Fehler, 3 Warnungen"));
    // Qt's own standard buttons, when the system has Qt's German (qt6-translations-l10n).
    const QString qtbase = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_de.qm");
    QDialogButtonBox box(QDialogButtonBox::Close);
    const QString close = box.button(QDialogButtonBox::Close)->text().remove(QLatin1Char('&'));
    QCOMPARE(close, QFileInfo::exists(qtbase) ? QStringLiteral("Schließen") : QStringLiteral("Close"));

    // French, replacing German.
    QVERIFY(installTranslations(QStringLiteral("fr")));
    QCOMPARE(QCoreApplication::translate("hsu::desktop::MainWindow", "&File"), QStringLiteral("&Fichier"));
    QCOMPARE(QCoreApplication::translate("hsu::desktop::WorkerPresentation", "%n workers, %1 running", nullptr, 2),
             QStringLiteral("2 workers, %1 en marche"));

    // Back to English: the translators are gone.
    QVERIFY(installTranslations(QStringLiteral("en")));
    QCOMPARE(currentLanguage(), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("hsu::desktop::MainWindow", "&File"), QStringLiteral("&File"));
}

void TestTranslations::languageChoice()
{
    QCOMPARE(languageForLocale({QStringLiteral("de-AT"), QStringLiteral("en-US")}), QStringLiteral("de"));
    QCOMPARE(languageForLocale({QStringLiteral("de_CH")}), QStringLiteral("de"));
    QCOMPARE(languageForLocale({QStringLiteral("ja-JP"), QStringLiteral("de")}), QStringLiteral("de"));
    QCOMPARE(languageForLocale({QStringLiteral("fr-CA"), QStringLiteral("de")}), QStringLiteral("fr"));
    QCOMPARE(languageForLocale({QStringLiteral("ja-JP")}), QStringLiteral("en"));
    QCOMPARE(languageForLocale({}), QStringLiteral("en"));

    // --language wins over $HSU_LANGUAGE, which wins over the setting.
    saveLanguage(QStringLiteral("en"));
    QCOMPARE(savedLanguage(), QStringLiteral("en"));
    QCOMPARE(chooseLanguage(QString()), QStringLiteral("en"));
    qputenv("HSU_LANGUAGE", "de");
    QCOMPARE(chooseLanguage(QString()), QStringLiteral("de"));
    QCOMPARE(chooseLanguage(QStringLiteral("en")), QStringLiteral("en"));
    qunsetenv("HSU_LANGUAGE");
    saveLanguage(QStringLiteral("de"));
    QCOMPARE(chooseLanguage(QString()), QStringLiteral("de"));
    // "system" follows the system locale; an unknown setting counts as "system".
    saveLanguage(QStringLiteral("system"));
    QCOMPARE(chooseLanguage(QString()), languageForLocale(QLocale::system().uiLanguages()));
    saveLanguage(QStringLiteral("klingon"));
    QCOMPARE(savedLanguage(), QStringLiteral("system"));
}

void TestTranslations::languageOption()
{
    QCOMPARE(languageArgument({QStringLiteral("hsu-master"), QStringLiteral("--language"), QStringLiteral("de")}), QStringLiteral("de"));
    QCOMPARE(languageArgument({QStringLiteral("hsu-master"), QStringLiteral("--hidden"), QStringLiteral("--language=en")}), QStringLiteral("en"));
    QCOMPARE(languageArgument({QStringLiteral("hsu-master"), QStringLiteral("--hidden")}), QString());

    DesktopOptions o;
    QString out;
    int code = 0;
    QVERIFY(parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--language"), QStringLiteral("de")}, &o, &out, &code));
    QCOMPARE(o.language, QStringLiteral("de"));
    QVERIFY(!parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--language"), QStringLiteral("xx")}, &o, &out, &code));
    QCOMPARE(code, 2);
    QVERIFY(out.contains(QStringLiteral("xx")));
}

void TestTranslations::mainWindowInGerman()
{
    // What main() does for `hsu-master --language de`.
    const QStringList argv{QStringLiteral("hsu-master"), QStringLiteral("--language"), QStringLiteral("de")};
    QVERIFY(installTranslations(chooseLanguage(languageArgument(argv))));
    DesktopOptions options;
    QString out;
    int code = 0;
    QVERIFY(parseDesktopOptions(argv, &options, &out, &code));
    options.socketPath = QDir::temp().filePath(QStringLiteral("hsu-tst-translations-nobody.sock")); // no agent: never connected

    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList titles;
    for (QAction *a : window.menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("Da&tei"), QStringLiteral("&Worker"), QStringLiteral("&Ansicht"), QStringLiteral("&Hilfe")}));
    QVERIFY(window.findChildren<QTabWidget *>().size() > 0);
    QStringList tabs;
    for (QTabWidget *t : window.findChildren<QTabWidget *>()) {
        for (int i = 0; i < t->count(); ++i)
            tabs << t->tabText(i);
    }
    QVERIFY2(tabs.contains(QStringLiteral("Ereignisse")) && tabs.contains(QStringLiteral("Protokolle")), qPrintable(tabs.join(QLatin1Char(','))));
}

void TestTranslations::settingsDialogKeepsTheLanguage()
{
    saveLanguage(QStringLiteral("system"));
    QVERIFY(installTranslations(QStringLiteral("de")));
    SettingsDialog dialog(QStringLiteral("/tmp/x.sock"), QString());
    QComboBox *box = dialog.languageBox();
    QVERIFY(box);
    QCOMPARE(box->currentData().toString(), QStringLiteral("system"));
    QCOMPARE(box->currentText(), QStringLiteral("Systemvorgabe"));
    QVERIFY(box->findText(QStringLiteral("Deutsch")) >= 0); // native names, whatever the language
    QVERIFY(box->findText(QStringLiteral("English")) >= 0);
    box->setCurrentIndex(box->findData(QStringLiteral("de")));
    QCOMPARE(savedLanguage(), QStringLiteral("de"));
    SettingsDialog again(QStringLiteral("/tmp/x.sock"), QString());
    QCOMPARE(again.languageBox()->currentData().toString(), QStringLiteral("de"));
}

// A label's '&' is an accelerator only when the label has a buddy; without one it is shown as
// is ("&Programm:"). Every label with one in the editor's form and the Add dialog, in German.
void TestTranslations::labelAcceleratorsHaveBuddies()
{
    QVERIFY(installTranslations(QStringLiteral("de")));
    editor::WorkerForm form;
    editor::AddWorkerDialog add({});
    QStringList without;
    int checked = 0;
    for (QWidget *top : {static_cast<QWidget *>(&form), static_cast<QWidget *>(&add)}) {
        for (QLabel *label : top->findChildren<QLabel *>()) {
            if (accelerators(label->text()) == 0)
                continue;
            ++checked;
            if (!label->buddy())
                without << label->text();
        }
    }
    QVERIFY2(checked >= 15, qPrintable(QString::number(checked)));
    QVERIFY2(without.isEmpty(), qPrintable(without.join(QStringLiteral(", "))));
}

int main(int argc, char *argv[])
{
    // The language setting goes to a folder of the test's own, never the user's hsu-master.conf.
    QTemporaryDir config;
    if (!config.isValid())
        return 1;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    qunsetenv("HSU_LANGUAGE");
    QApplication app(argc, argv);
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
