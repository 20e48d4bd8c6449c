#include "shared/config/EnvExpansion.h"

#include <QTest>

using namespace hsu::config;

class TestEnvExpansion final : public QObject
{
    Q_OBJECT

    static QProcessEnvironment env()
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), QStringLiteral("/home/ann"));
        e.insert(QStringLiteral("PORT"), QStringLiteral("8080"));
        e.insert(QStringLiteral("EMPTY"), QString());
        return e;
    }

private Q_SLOTS:
    void expand_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QStringList>("undefined");
        QTest::addColumn<bool>("syntaxError");
        const QStringList none;
        QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc") << none << false;
        QTest::newRow("var") << QStringLiteral("${HOME}/x") << QStringLiteral("/home/ann/x") << none << false;
        QTest::newRow("two vars") << QStringLiteral("${HOME}:${PORT}") << QStringLiteral("/home/ann:8080") << none
                                  << false;
        QTest::newRow("default unused") << QStringLiteral("${PORT:-9}") << QStringLiteral("8080") << none << false;
        QTest::newRow("default used") << QStringLiteral("${NOPE:-9}") << QStringLiteral("9") << none << false;
        QTest::newRow("default for empty") << QStringLiteral("${EMPTY:-d}") << QStringLiteral("d") << none << false;
        QTest::newRow("empty default") << QStringLiteral("a${NOPE:-}b") << QStringLiteral("ab") << none << false;
        QTest::newRow("set but empty") << QStringLiteral("a${EMPTY}b") << QStringLiteral("ab") << none << false;
        QTest::newRow("undefined") << QStringLiteral("${NOPE}") << QString() << QStringList{QStringLiteral("NOPE")}
                                   << false;
        QTest::newRow("two undefined") << QStringLiteral("${A}${B}") << QString()
                                       << QStringList{QStringLiteral("A"), QStringLiteral("B")} << false;
        QTest::newRow("lone dollar") << QStringLiteral("$HOME costs $5") << QStringLiteral("$HOME costs $5") << none
                                     << false;
        QTest::newRow("trailing dollar") << QStringLiteral("a$") << QStringLiteral("a$") << none << false;
        QTest::newRow("escaped") << QStringLiteral("$${HOME}") << QStringLiteral("${HOME}") << none << false;
        QTest::newRow("worker_id stays") << QStringLiteral("{worker_id}-{process_id}.log")
                                         << QStringLiteral("{worker_id}-{process_id}.log") << none << false;
        QTest::newRow("unterminated") << QStringLiteral("${HOME") << QString() << none << true;
        QTest::newRow("bad name") << QStringLiteral("${1X}") << QString() << none << true;
        QTest::newRow("empty name") << QStringLiteral("${}") << QString() << none << true;
    }
    void expand()
    {
        QFETCH(QString, input);
        QFETCH(QString, output);
        QFETCH(QStringList, undefined);
        QFETCH(bool, syntaxError);
        const EnvExpansionResult r = expandEnvironment(input, env());
        QCOMPARE(r.undefined, undefined);
        QCOMPARE(!r.syntaxError.isEmpty(), syntaxError);
        if (r.ok())
            QCOMPARE(r.text, output);
    }

    void escapeRoundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("abc");
        QTest::newRow("looks like a var") << QStringLiteral("${HOME}");
        QTest::newRow("dollars") << QStringLiteral("$$ $ $x $");
    }
    void escapeRoundTrips()
    {
        QFETCH(QString, text);
        const EnvExpansionResult r = expandEnvironment(escapeForExpansion(text), env());
        QVERIFY(r.ok());
        QCOMPARE(r.text, text);
    }
};

QTEST_GUILESS_MAIN(TestEnvExpansion)
#include "tst_envexpansion.moc"
