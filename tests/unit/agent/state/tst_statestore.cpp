// The records a later agent takes workers back by: written atomically, read back as written,
// anything unreadable removed rather than trusted, a running config whose digest does not match
// its text refused.

#include "agent/state/StateStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::agent::state;

class TestStateStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsRoundTrip()
    {
        QTemporaryDir dir;
        StateStore store(dir.path());
        WorkerRecord r;
        r.id = QStringLiteral("web/../x"); // never a path: percent-encoded into one file name
        r.pid = 4242;
        r.startTime = 123456789012ULL;
        r.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
        r.cgroups = {QStringLiteral("/sys/fs/cgroup/unified/hsu-sabc/web")};
        r.stdoutFifo = QStringLiteral("/run/fifo/web.out");
        r.stderrFifo = QStringLiteral("/run/fifo/web.err");
        r.restarts = 7;
        r.state = QStringLiteral("running");
        r.configDigest = QStringLiteral("abc");
        r.integratedPort = 40001;
        r.agentPid = 99;
        QVERIFY(store.write(r));
        QVERIFY(QFileInfo(store.recordPath(r.id)).dir() == QDir(dir.filePath(QStringLiteral("workers"))));
        const auto records = store.load();
        QCOMPARE(records.size(), 1);
        QVERIFY(records.value(r.id) == r);
        store.remove(r.id);
        QVERIFY(store.load().isEmpty());
    }

    // A write cut short spoils only the slot it was writing: the record before it is read.
    void tornWriteKeepsThePreviousRecord()
    {
        QTemporaryDir dir;
        WorkerRecord r;
        r.id = QStringLiteral("w");
        r.pid = 100;
        r.startTime = 5;
        {
            StateStore store(dir.path());
            QVERIFY(store.write(r)); // slot 0
            r.pid = 200;
            QVERIFY(store.write(r)); // slot 1, newer
        }
        QCOMPARE(StateStore(dir.path()).load().value(QStringLiteral("w")).pid, 200);
        // Spoil the newer slot's payload, as a write cut short would.
        QFile f(StateStore(dir.path()).recordPath(QStringLiteral("w")));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(StateStore::kSlotBytes + 40));
        f.write("garbage");
        f.close();
        StateStore store(dir.path());
        QCOMPARE(store.load().value(QStringLiteral("w")).pid, 100);
        // The next write goes to the spoiled slot, never over the good one.
        r.pid = 300;
        QVERIFY(store.write(r));
        QCOMPARE(StateStore(dir.path()).load().value(QStringLiteral("w")).pid, 300);
    }

    void unreadableRecordsAreRemoved()
    {
        QTemporaryDir dir;
        StateStore store(dir.path());
        QDir().mkpath(dir.filePath(QStringLiteral("workers")));
        for (const auto &[name, text] : {std::pair{"empty.rec", QByteArray()},
                                         std::pair{"garbage.rec", QByteArray(8192, 'x')},
                                         std::pair{"huge.rec", QByteArray(3 * StateStore::kSlotBytes, '\0')}}) {
            QFile f(dir.filePath(QStringLiteral("workers/") + QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        // A valid record filed under another id's name is not trusted either.
        WorkerRecord r;
        r.id = QStringLiteral("elsewhere");
        r.pid = 5;
        QVERIFY(store.write(r));
        QVERIFY(QFile::rename(store.recordPath(r.id), dir.filePath(QStringLiteral("workers/other.rec"))));
        QVERIFY(store.load().isEmpty());
        QVERIFY(QDir(dir.filePath(QStringLiteral("workers"))).entryList(QDir::Files).isEmpty());
    }

    void runningConfigIsCheckedByItsDigest()
    {
        QTemporaryDir dir;
        StateStore store(dir.path());
        QVERIFY(!store.runningConfig());
        QVERIFY(store.writeRunningConfig("workers: []\n", QStringLiteral("/home/u/config.yaml")));
        const auto rc = store.runningConfig();
        QVERIFY(rc);
        QCOMPARE(rc->text, QByteArray("workers: []\n"));
        QCOMPARE(rc->path, QStringLiteral("/home/u/config.yaml"));
        QCOMPARE(rc->digest, StateStore::digestOf("workers: []\n"));
        // The text changed without its digest (a write cut between the two files): not trusted.
        QFile f(dir.filePath(QStringLiteral("running.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("workers: [x]\n");
        f.close();
        QVERIFY(!store.runningConfig());
    }
};

QTEST_GUILESS_MAIN(TestStateStore)
#include "tst_statestore.moc"
