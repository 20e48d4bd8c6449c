// The rules for the state folder, the socket's path and folder, and the config (PathTrust): the
// pure judges from facts, so no second user is needed; and the file-system side on real paths.
#include "agent/ipc/PathTrust.h"
#include "agent/ipc/PeerCredentials.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace hsu::agent;

Q_DECLARE_METATYPE(hsu::agent::PathFacts::Kind)
Q_DECLARE_METATYPE(hsu::agent::Trust)

namespace {
constexpr qint64 kMe = 1000;
constexpr qint64 kOther = 1001;

PathFacts facts(PathFacts::Kind kind, qint64 uid, uint mode)
{
    PathFacts f;
    f.kind = kind;
    f.uid = uid;
    f.mode = mode;
    return f;
}
} // namespace

class TestPathTrust : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void privateFolder_data()
    {
        QTest::addColumn<PathFacts::Kind>("kind");
        QTest::addColumn<qint64>("uid");
        QTest::addColumn<uint>("mode");
        QTest::addColumn<QString>("problem"); // a word the message must hold; empty: fit
        using K = PathFacts::Kind;
        QTest::newRow("ours 0700") << K::Directory << kMe << 0700u << QString();
        QTest::newRow("ours 0755 (made private later)") << K::Directory << kMe << 0755u << QString();
        QTest::newRow("ours group-writable") << K::Directory << kMe << 0770u << QStringLiteral("chmod 700");
        QTest::newRow("ours world-writable") << K::Directory << kMe << 0777u << QStringLiteral("mode 0777");
        QTest::newRow("another user's") << K::Directory << kOther << 0700u << QStringLiteral("belongs to uid 1001");
        QTest::newRow("root's, agent not root") << K::Directory << qint64(0) << 0700u << QStringLiteral("root");
        QTest::newRow("a symbolic link") << K::Symlink << kMe << 0777u << QStringLiteral("symbolic link");
        QTest::newRow("a file") << K::Regular << kMe << 0600u << QStringLiteral("not a folder");
    }
    void privateFolder()
    {
        QFETCH(PathFacts::Kind, kind);
        QFETCH(qint64, uid);
        QFETCH(uint, mode);
        QFETCH(QString, problem);
        const QString got = privateFolderProblem(QStringLiteral("/run/x"), facts(kind, uid, mode), kMe);
        if (problem.isEmpty())
            QVERIFY2(got.isEmpty(), qPrintable(got));
        else
            QVERIFY2(got.contains(problem) && got.contains(QLatin1String("/run/x")), qPrintable(got));
    }

    void socketFolder_data()
    {
        QTest::addColumn<qint64>("uid");
        QTest::addColumn<uint>("mode");
        QTest::addColumn<bool>("fit");
        QTest::newRow("ours 0700") << kMe << 0700u << true;
        QTest::newRow("/tmp: root, sticky, 1777") << qint64(0) << 01777u << true;
        QTest::newRow("root 0755") << qint64(0) << 0755u << true;
        QTest::newRow("world-writable, not sticky") << kMe << 0777u << false;
        QTest::newRow("another user's") << kOther << 0700u << false;
        QTest::newRow("another user's, sticky") << kOther << 01777u << false;
    }
    void socketFolder()
    {
        QFETCH(qint64, uid);
        QFETCH(uint, mode);
        QFETCH(bool, fit);
        const QString got = socketFolderProblem(QStringLiteral("/s"), facts(PathFacts::Kind::Directory, uid, mode), kMe);
        QCOMPARE(got.isEmpty(), fit);
    }

    void socketPath_data()
    {
        QTest::addColumn<PathFacts::Kind>("kind");
        QTest::addColumn<qint64>("uid");
        QTest::addColumn<QString>("problem");
        using K = PathFacts::Kind;
        QTest::newRow("nothing there") << K::Missing << qint64(-1) << QString();
        QTest::newRow("our socket (stale or live)") << K::Socket << kMe << QString();
        QTest::newRow("a symbolic link") << K::Symlink << kMe << QStringLiteral("symbolic link");
        QTest::newRow("another user's socket") << K::Socket << kOther << QStringLiteral("socket of uid 1001");
        QTest::newRow("a file") << K::Regular << kMe << QStringLiteral("not a socket");
    }
    void socketPath()
    {
        QFETCH(PathFacts::Kind, kind);
        QFETCH(qint64, uid);
        QFETCH(QString, problem);
        const QString got = socketPathProblem(QStringLiteral("/s/agent.sock"), facts(kind, uid, 0600), kMe);
        if (problem.isEmpty())
            QVERIFY2(got.isEmpty(), qPrintable(got));
        else
            QVERIFY2(got.contains(problem), qPrintable(got));
    }

    void config_data()
    {
        QTest::addColumn<qint64>("uid");
        QTest::addColumn<uint>("mode");
        QTest::addColumn<Trust>("trust");
        QTest::addColumn<QString>("says");
        QTest::newRow("ours 0644") << kMe << 0644u << Trust::Trusted << QString();
        QTest::newRow("ours 0600") << kMe << 0600u << Trust::Trusted << QString();
        QTest::newRow("root's (an admin's /etc)") << qint64(0) << 0644u << Trust::Trusted << QString();
        QTest::newRow("group-writable: warned") << kMe << 0664u << Trust::Warn << QStringLiteral("chmod g-w");
        QTest::newRow("world-writable: refused") << kMe << 0666u << Trust::Refuse << QStringLiteral("chmod o-w");
        QTest::newRow("root's but world-writable") << qint64(0) << 0666u << Trust::Refuse << QStringLiteral("every user");
        QTest::newRow("another user's: refused") << kOther << 0644u << Trust::Refuse << QStringLiteral("belongs to uid 1001");
    }
    void config()
    {
        QFETCH(qint64, uid);
        QFETCH(uint, mode);
        QFETCH(Trust, trust);
        QFETCH(QString, says);
        const ConfigVerdict v = judgeConfig(QStringLiteral("/c.yaml"), facts(PathFacts::Kind::Regular, uid, mode), kMe);
        QCOMPARE(v.trust, trust);
        QVERIFY2(v.message.contains(says), qPrintable(v.message));
    }

    // The file-system side: lstat, not stat; a folder made 0700; a link refused, not followed.
    void ensurePrivateFolderOnRealPaths()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QString error;
        const QString made = tmp.filePath(QStringLiteral("a/b/state"));
        QVERIFY2(ensurePrivateFolder(made, &error), qPrintable(error));
        struct stat st = {};
        QCOMPARE(::lstat(QFile::encodeName(made).constData(), &st), 0);
        QCOMPARE(uint(st.st_mode) & 0777u, 0700u);
        QCOMPARE(::lstat(QFile::encodeName(tmp.filePath(QStringLiteral("a"))).constData(), &st), 0);
        QCOMPARE(uint(st.st_mode) & 0777u, 0700u); // a parent made for it too: it may hold the socket

        const QString readable = tmp.filePath(QStringLiteral("readable"));
        QVERIFY(QDir().mkdir(readable));
        QCOMPARE(::chmod(QFile::encodeName(readable).constData(), 0755), 0);
        QVERIFY2(ensurePrivateFolder(readable, &error), qPrintable(error));
        QCOMPARE(::lstat(QFile::encodeName(readable).constData(), &st), 0);
        QCOMPARE(uint(st.st_mode) & 0777u, 0700u);

        const QString open = tmp.filePath(QStringLiteral("open"));
        QVERIFY(QDir().mkdir(open));
        QCOMPARE(::chmod(QFile::encodeName(open).constData(), 0777), 0);
        QVERIFY(!ensurePrivateFolder(open, &error));
        QVERIFY2(error.contains(QLatin1String("can be written by other users")), qPrintable(error));

        // A link to a perfectly good folder of ours is still refused: whoever could plant it
        // could point it elsewhere next time.
        const QString link = tmp.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(made, link));
        QVERIFY(!ensurePrivateFolder(link, &error));
        QVERIFY2(error.contains(QLatin1String("symbolic link")), qPrintable(error));
        const QString dangling = tmp.filePath(QStringLiteral("dangling"));
        QVERIFY(QFile::link(tmp.filePath(QStringLiteral("nowhere")), dangling));
        QVERIFY(!ensurePrivateFolder(dangling, &error));
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("nowhere")))); // not made through the link
    }

    void checkConfigFileFollowsToTheFile()
    {
        QTemporaryDir tmp;
        const QString file = tmp.filePath(QStringLiteral("c.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QCOMPARE(::chmod(QFile::encodeName(file).constData(), 0644), 0);
        QCOMPARE(checkConfigFile(file).trust, Trust::Trusted);
        const QString link = tmp.filePath(QStringLiteral("link.yaml"));
        QVERIFY(QFile::link(file, link));
        QCOMPARE(checkConfigFile(link).trust, Trust::Trusted);
        QCOMPARE(::chmod(QFile::encodeName(file).constData(), 0666), 0);
        QCOMPARE(checkConfigFile(link).trust, Trust::Refuse); // judged where it leads
        QCOMPARE(checkConfigFile(tmp.filePath(QStringLiteral("missing.yaml"))).trust, Trust::Trusted);
        QCOMPARE(checkConfigFile(QStringLiteral("/dev/null")).trust, Trust::Trusted); // "no workers"
    }
};

QTEST_GUILESS_MAIN(TestPathTrust)
#include "tst_pathtrust.moc"
