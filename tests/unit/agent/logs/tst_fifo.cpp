// The FIFOs worker output goes through, with real FIFOs: a worker's writes never fail while no
// agent reads, and a new agent that opens the same FIFO reads what was written meanwhile.

#include "agent/logs/Fifo.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hsu::agent::logs;

namespace {
QByteArray readAvailable(int fd)
{
    QByteArray out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            return out;
        out.append(buf, n);
    }
}
} // namespace

class TestFifo final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsAnOwnerOnlyFifo()
    {
        QTemporaryDir dir;
        QString error;
        std::optional<Fifo> f = openFifo(dir.filePath(QStringLiteral("w.stdout")), 1 << 20, &error);
        QVERIFY2(f, qPrintable(error));
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(f->path).constData(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode));
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QVERIFY(::fcntl(f->fd, F_GETFD) & FD_CLOEXEC); // no child inherits it
        QCOMPARE(::fcntl(f->fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR | O_NONBLOCK);
        QVERIFY(::fcntl(f->fd, F_GETPIPE_SZ) >= 64 * 1024);
        // What the child does: open the same FIFO anew through the agent's descriptor.
        const QByteArray viaProc = "/proc/self/fd/" + QByteArray::number(f->fd);
        const int child = ::open(viaProc.constData(), O_RDWR);
        QVERIFY(child >= 0);
        QVERIFY(!(::fcntl(child, F_GETFL) & O_NONBLOCK)); // the worker's writes block, never fail
        QCOMPARE(::write(child, "hello\n", 6), ssize_t(6));
        ::close(child);
        QCOMPARE(readAvailable(f->fd), QByteArray("hello\n"));
        // With no worker left, nothing to read is "try again", not end-of-file: the agent's own
        // descriptor is a writer too.
        char c;
        QCOMPARE(::read(f->fd, &c, 1), ssize_t(-1));
        QCOMPARE(errno, EAGAIN);
        closeFifo(*f, true);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("w.stdout"))));
    }

    // The worker holds its end read-write: with every agent end closed, a write still succeeds
    // (no EPIPE, no SIGPIPE), and the next agent to open the FIFO reads it.
    void writesSurviveTheAgentAndTheNextOneReadsThem()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.stdout"));
        QString error;
        std::optional<Fifo> first = openFifo(path, 0, &error);
        QVERIFY2(first, qPrintable(error));
        const QByteArray viaProc = "/proc/self/fd/" + QByteArray::number(first->fd);
        const int worker = ::open(viaProc.constData(), O_RDWR); // what the child keeps as its stdout
        QVERIFY(worker >= 0);
        closeFifo(*first, false); // the agent dies
        const auto oldPipe = ::signal(SIGPIPE, SIG_DFL); // a SIGPIPE would end this test
        QCOMPARE(::write(worker, "while nobody reads\n", 19), ssize_t(19));
        std::optional<Fifo> next = openFifo(path, 0, &error);
        QVERIFY2(next, qPrintable(error));
        QCOMPARE(readAvailable(next->fd), QByteArray("while nobody reads\n"));
        ::signal(SIGPIPE, oldPipe);
        ::close(worker);
        closeFifo(*next, true);
    }

    void refusesWhatIsNotItsFifo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.stdout"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me");
        file.close();
        QString error;
        QVERIFY(!openFifo(path, 0, &error));
        QVERIFY2(error.contains(QLatin1String("is not this user's FIFO")), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("keep me")); // untouched
        QVERIFY(!openFifo(dir.filePath(QStringLiteral("no/such/folder/f")), 0, &error));
        QVERIFY2(error.contains(QLatin1String("cannot create FIFO")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFifo)
#include "tst_fifo.moc"
