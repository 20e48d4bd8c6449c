// The agent's own Unix socket layer (LocalListener, LocalConnection), against raw sockets on the
// other end: they read only when told to, which is how a slow or stalled client behaves.

#include "agent/ipc/LocalConnection.h"
#include "agent/ipc/LocalListener.h"
#include "agent/ipc/PeerCredentials.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <memory>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using hsu::agent::LocalConnection;
using hsu::agent::LocalListener;

namespace {

// Bytes that tell their position: a reordered or lost slice shows up as a mismatch.
QByteArray pattern(qsizetype size, int seed)
{
    QByteArray b(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        b[i] = char((i * 31 + (i >> 12) + seed) & 0xff);
    return b;
}

// A non-blocking client connect; a full backlog (EAGAIN) is retried with the event loop turning,
// so a listener in this thread can make room.
int connectRaw(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    qstrncpy(addr.sun_path, QFile::encodeName(path).constData(), sizeof addr.sun_path);
    QDeadlineTimer deadline(5000);
    int rc;
    while ((rc = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr)) != 0 && errno == EAGAIN
           && !deadline.hasExpired())
        QCoreApplication::processEvents();
    if (rc != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Reads from a non-blocking fd, spinning the event loop, until `size` bytes or end of file came.
QByteArray readRaw(int fd, qsizetype size, bool *eof = nullptr, int timeoutMs = 10000)
{
    QByteArray got;
    bool sawEof = false;
    (void)QTest::qWaitFor([&] {
        char buf[65536];
        ssize_t n;
        while ((n = ::read(fd, buf, sizeof buf)) > 0)
            got.append(buf, n);
        sawEof = n == 0 || (n < 0 && errno == ECONNRESET);
        return got.size() >= size || sawEof;
    }, timeoutMs);
    if (eof)
        *eof = sawEof;
    return got;
}

struct Pair
{
    Pair()
    {
        int fds[2];
        QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        connection = std::make_unique<LocalConnection>(fds[0]);
        peer = fds[1];
        ::fcntl(peer, F_SETFL, ::fcntl(peer, F_GETFL) | O_NONBLOCK);
    }
    ~Pair()
    {
        if (peer >= 0)
            ::close(peer);
    }
    Q_DISABLE_COPY_MOVE(Pair)

    std::unique_ptr<LocalConnection> connection;
    int peer = -1;
};

} // namespace

class TestLocalSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void listenerMakesOwnerOnlySocket();
    void listenerRefusesExistingPath();
    void closeLeavesAForeignFileAlone();
    void acceptsManyClients();
    void connectToTellsWhatIsThere();
    void partialWritesReachASlowReader();
    void closeAfterFlushDeliversEverything();
    void readBufferIsBounded();
    void peerHangUpIsDetected();
    void brokenPipeIsReportedLaterWithoutSignal();
    void abortIsSilent();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestLocalSocket::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("s.sock"));
}

void TestLocalSocket::listenerMakesOwnerOnlySocket()
{
    LocalListener listener;
    QString error;
    QVERIFY2(listener.listen(m_path, &error), qPrintable(error));
    QVERIFY(listener.isListening());
    struct stat st = {};
    QCOMPARE(::lstat(QFile::encodeName(m_path).constData(), &st), 0);
    QVERIFY(S_ISSOCK(st.st_mode));
    QCOMPARE(int(st.st_mode & 07777), 0600);
    listener.close();
    QVERIFY(!listener.isListening());
    QVERIFY(!QFileInfo::exists(m_path));
}

void TestLocalSocket::listenerRefusesExistingPath()
{
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    LocalListener listener;
    QString error;
    QVERIFY(!listener.listen(m_path, &error));
    QVERIFY2(error.contains(QLatin1String("bind")), qPrintable(error));
    QVERIFY(QFileInfo::exists(m_path)); // not removed on failure

    QVERIFY(!listener.listen(m_dir->filePath(QString(200, QLatin1Char('x'))), &error));
    QVERIFY2(error.contains(QLatin1String("longer than")), qPrintable(error));
}

void TestLocalSocket::closeLeavesAForeignFileAlone()
{
    LocalListener listener;
    QVERIFY(listener.listen(m_path));
    // Someone removed our socket and put their own file there: not ours to delete.
    QVERIFY(QFile::remove(m_path));
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    listener.close();
    QVERIFY(QFileInfo::exists(m_path));
}

void TestLocalSocket::acceptsManyClients()
{
    LocalListener listener;
    QVERIFY(listener.listen(m_path));
    std::vector<std::unique_ptr<LocalConnection>> accepted;
    connect(&listener, &LocalListener::newConnection, this, [&] {
        while (listener.hasPendingConnections())
            accepted.emplace_back(listener.nextPendingConnection());
    });
    constexpr int kClients = 200;
    std::vector<int> clients;
    for (int i = 0; i < kClients; ++i) {
        const int fd = connectRaw(m_path);
        QVERIFY(fd >= 0);
        clients.push_back(fd);
    }
    QTRY_COMPARE_WITH_TIMEOUT(int(accepted.size()), kClients, 10000);
    for (const auto &c : accepted) {
        QVERIFY(c->isOpen());
        const auto creds = hsu::agent::peerCredentials(c->descriptor());
        QVERIFY(creds);
        QCOMPARE(creds->uid, hsu::agent::currentUid());
        // Accepted sockets are not inherited by the workers the agent forks.
        QVERIFY(::fcntl(c->descriptor(), F_GETFD) & FD_CLOEXEC);
        QVERIFY(::fcntl(c->descriptor(), F_GETFL) & O_NONBLOCK);
    }
    // Each one is its own conversation.
    QVERIFY(accepted.back()->write("bye"));
    bool eof = false;
    QCOMPARE(readRaw(clients.back(), 3, &eof), QByteArray("bye"));
    for (int fd : clients)
        ::close(fd);
}

void TestLocalSocket::connectToTellsWhatIsThere()
{
    QString error;
    QCOMPARE(LocalConnection::connectTo(m_path, 500, &error), -1);
    QCOMPARE(errno, ENOENT);

    // Bound but not listening: what a crashed agent leaves.
    const int dead = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    qstrncpy(addr.sun_path, QFile::encodeName(m_path).constData(), sizeof addr.sun_path);
    QCOMPARE(::bind(dead, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    QCOMPARE(LocalConnection::connectTo(m_path, 500, &error), -1);
    QCOMPARE(errno, ECONNREFUSED);
    ::close(dead);
    QVERIFY(QFile::remove(m_path));

    LocalListener listener;
    QVERIFY(listener.listen(m_path));
    const int fd = LocalConnection::connectTo(m_path, 500, &error);
    QVERIFY2(fd >= 0, qPrintable(error));
    QVERIFY(::fcntl(fd, F_GETFD) & FD_CLOEXEC);
    ::close(fd);
}

void TestLocalSocket::partialWritesReachASlowReader()
{
    Pair p;
    // Far more than a socket buffer: most of it has to wait in the queue.
    QByteArray expected;
    for (int i = 0; i < 64; ++i) {
        const QByteArray frame = pattern(64 * 1024 + i, i);
        expected += frame;
        QVERIFY(p.connection->write(frame));
    }
    QVERIFY(p.connection->bytesToWrite() > 0);
    QVERIFY(p.connection->bytesToWrite() < expected.size()); // the kernel took its part at once
    QTest::qWait(50); // the client is not reading yet: nothing may be lost or spin
    QVERIFY(p.connection->isOpen());

    const QByteArray got = readRaw(p.peer, expected.size());
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);
    QTRY_COMPARE(p.connection->bytesToWrite(), 0);
}

void TestLocalSocket::closeAfterFlushDeliversEverything()
{
    Pair p;
    QSignalSpy disconnected(p.connection.get(), &LocalConnection::disconnected);
    const QByteArray expected = pattern(3 * 1024 * 1024 + 17, 7);
    QVERIFY(p.connection->write(expected));
    p.connection->closeAfterFlush();
    QVERIFY(!p.connection->write("late")); // nothing after the close
    QVERIFY(disconnected.isEmpty());

    bool eof = false;
    QByteArray got = readRaw(p.peer, expected.size() + 1, &eof);
    QVERIFY(got == expected);
    QVERIFY(eof);
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(!p.connection->isOpen());
    QTest::qWait(20);
    QCOMPARE(disconnected.size(), 1); // once only

    // With nothing queued it closes at once (reported from the event loop).
    Pair idle;
    QSignalSpy idleDisconnected(idle.connection.get(), &LocalConnection::disconnected);
    idle.connection->closeAfterFlush();
    QVERIFY(idleDisconnected.isEmpty());
    QTRY_COMPARE(idleDisconnected.size(), 1);
}

void TestLocalSocket::readBufferIsBounded()
{
    Pair p;
    p.connection->setReadBufferSize(256 * 1024);
    QByteArray got;
    qint64 largest = 0;
    bool pause = true;
    connect(p.connection.get(), &LocalConnection::readyRead, this, [&] {
        largest = std::max(largest, p.connection->bytesAvailable());
        if (!pause)
            got += p.connection->readAll();
    });
    const QByteArray sent = pattern(2 * 1024 * 1024, 3);
    qsizetype offset = 0;
    // The peer writes as fast as the kernel lets it; the connection must stop taking at its bound.
    QVERIFY(QTest::qWaitFor([&] {
        const ssize_t n = ::write(p.peer, sent.constData() + offset, size_t(sent.size() - offset));
        if (n > 0)
            offset += n;
        return p.connection->bytesAvailable() >= 256 * 1024;
    }, 5000));
    QTest::qWait(50);
    QCOMPARE(p.connection->bytesAvailable(), 256 * 1024);
    QVERIFY(offset < sent.size()); // the kernel holds the rest; the writer is held back
    pause = false;
    got += p.connection->readAll(); // taking it lets reading resume
    QVERIFY(QTest::qWaitFor([&] {
        const ssize_t n = ::write(p.peer, sent.constData() + offset, size_t(sent.size() - offset));
        if (n > 0)
            offset += n;
        return got.size() == sent.size();
    }, 10000));
    QVERIFY(got == sent);
    QVERIFY(largest <= 256 * 1024);
}

void TestLocalSocket::peerHangUpIsDetected()
{
    Pair p;
    QSignalSpy ready(p.connection.get(), &LocalConnection::readyRead);
    QSignalSpy disconnected(p.connection.get(), &LocalConnection::disconnected);
    QCOMPARE(::write(p.peer, "last words", 10), 10);
    ::close(std::exchange(p.peer, -1));
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(!ready.isEmpty());
    QCOMPARE(p.connection->readAll(), QByteArray("last words")); // what came before the hang-up stays readable
    QVERIFY(!p.connection->isOpen());
}

void TestLocalSocket::brokenPipeIsReportedLaterWithoutSignal()
{
    Pair p;
    QSignalSpy disconnected(p.connection.get(), &LocalConnection::disconnected);
    ::close(std::exchange(p.peer, -1));
    // Written before the hang-up was noticed: EPIPE, which must not kill the test with SIGPIPE,
    // and must not call back into the writer from inside write().
    const bool written = p.connection->write(pattern(1024, 1));
    QVERIFY(!written);
    QVERIFY(disconnected.isEmpty());
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(p.connection->bytesToWrite(), 0);
}

void TestLocalSocket::abortIsSilent()
{
    Pair p;
    QSignalSpy disconnected(p.connection.get(), &LocalConnection::disconnected);
    QVERIFY(p.connection->write(pattern(4 * 1024 * 1024, 5)));
    QVERIFY(p.connection->bytesToWrite() > 0);
    p.connection->abort();
    QVERIFY(!p.connection->isOpen());
    QCOMPARE(p.connection->bytesToWrite(), 0);
    bool eof = false;
    (void)readRaw(p.peer, 8 * 1024 * 1024, &eof);
    QVERIFY(eof); // the peer sees the connection end
    QTest::qWait(20);
    QVERIFY(disconnected.isEmpty());
}

QTEST_GUILESS_MAIN(TestLocalSocket)
#include "tst_localsocket.moc"
