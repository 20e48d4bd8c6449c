// Finding an unmanaged worker's process: the /proc/net tables read as the kernel writes them, and
// each method on real processes (this test's own children), with the reason when nothing is found.

#include "agent/discovery/ProcessFinder.h"
#include "agent/process/AdoptedProcess.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace hsu::agent;
using namespace hsu::agent::discovery;

class TestProcessFinder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void netTables()
    {
        // Two listeners on 8080 (one IPv4, one a client connection to it), one on 9000.
        const QByteArray tcp =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
            "   1: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 20 4 30 10 -1\n"
            "   2: 00000000:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0\n";
        QCOMPARE(socketInodes(tcp, 8080, true), QList<quint64>{111});
        QCOMPARE(socketInodes(tcp, 9000, true), QList<quint64>{333});
        QVERIFY(socketInodes(tcp, 54321, true).isEmpty()); // 0xD431 is a client's port, not listening
        const QByteArray udp =
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
            "  5: 00000000000000000000000000000000:14E9 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 444 2 0 0\n";
        QCOMPARE(socketInodes(udp, 5353, false), QList<quint64>{444});
        QVERIFY(socketInodes("garbage\nmore garbage\n", 80, true).isEmpty());
    }

    void pidFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("app.pid"));
        Found f = byPidFile(path);
        QCOMPARE(f.pid, 0);
        QVERIFY2(f.error.contains(QLatin1String("cannot read")), qPrintable(f.error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a pid\n");
        file.close();
        QVERIFY(byPidFile(path).error.contains(QLatin1String("holds no pid")));
        QProcess child;
        child.start(hsu::test::testWorkerPath(), {QStringLiteral("--run-for"), QStringLiteral("600000")});
        QVERIFY(child.waitForStarted());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray::number(child.processId()) + "\n");
        file.close();
        QCOMPARE(byPidFile(path).pid, child.processId());
        child.kill();
        child.waitForFinished();
        QVERIFY(byPidFile(path).error.contains(QLatin1String("not running")));
    }

    void processNameAndPort()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int port = probe.serverPort();
        probe.close();
        const QString mark = QStringLiteral("finder-%1").arg(::getpid());
        QProcess child;
        child.start(hsu::test::testWorkerPath(), {QStringLiteral("--print"), mark, QStringLiteral("--serve-tcp"), QString::number(port),
                                                  QStringLiteral("--run-for"), QStringLiteral("600000")});
        QVERIFY(child.waitForStarted());
        QCOMPARE(byProcessName(QStringLiteral("testworker"), {QStringLiteral("--print"), mark}).pid, child.processId());
        QVERIFY(byProcessName(QStringLiteral("testworker"), {QStringLiteral("--print"), mark + QStringLiteral("x")}).error.contains(QLatin1String("no process")));
        QTRY_COMPARE_WITH_TIMEOUT(byPort(port, QStringLiteral("tcp")).pid, child.processId(), 5000);
        QVERIFY(byPort(port, QStringLiteral("sctp")).error.contains(QLatin1String("tcp or udp")));

        // Its end, seen through a pidfd although the watcher is not who reaps it.
        const auto start = processStartTime(child.processId());
        QVERIFY(start);
        QCOMPARE(AdoptedProcess::openIfSame(child.processId(), *start + 1), -1); // another start time: not it
        const int fd = AdoptedProcess::openIfSame(child.processId(), *start);
        QVERIFY(fd >= 0);
        AdoptedProcess watched(child.processId(), fd, 0);
        QSignalSpy ended(&watched, &ProcessHandle::finished);
        child.kill();
        QVERIFY(ended.wait(5000));
        const ExitInfo exit = ended.at(0).at(0).value<ExitInfo>();
        QVERIFY(!exit.exitCode && !exit.signal); // not known to anyone but the parent
        child.waitForFinished();
        QVERIFY(byPort(port, QStringLiteral("tcp")).error.contains(QLatin1String("nothing listens")));
    }
};

QTEST_GUILESS_MAIN(TestProcessFinder)
#include "tst_processfinder.moc"
