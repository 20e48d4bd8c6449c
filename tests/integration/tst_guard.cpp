// Who may talk to the agent, and what it trusts (issue 16, point 5; docs/security.md): another
// user is refused at the socket and by the peer check; a link or another user's file where the
// agent keeps its socket or state makes it refuse to start; a config others can write is refused;
// what hsuctl add is given reaches the program as it was typed, never through a shell.
//
// Runs as root (as CI does) to make a second user with useradd; it skips those cases elsewhere.
#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace hsu::test;

namespace {

int run(const QString &program, const QStringList &args, QByteArray *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    if (output)
        *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// A user made for one test and removed (with its home) when the test ends, however it ends.
class TestUser
{
public:
    TestUser()
        : m_name(QStringLiteral("hsutest%1").arg(::getpid()))
    {
        QByteArray out;
        if (run(m_useradd, {QStringLiteral("--create-home"), QStringLiteral("--shell"), QStringLiteral("/bin/sh"), m_name}, &out) != 0) {
            m_error = QStringLiteral("useradd %1 failed: %2").arg(m_name, QString::fromLocal8Bit(out));
            return;
        }
        m_made = true;
        if (const passwd *pw = ::getpwnam(m_name.toLocal8Bit().constData())) {
            m_uid = pw->pw_uid;
            m_gid = pw->pw_gid;
        } else {
            m_error = QStringLiteral("useradd made %1 but getpwnam does not find it").arg(m_name);
        }
    }
    ~TestUser()
    {
        if (m_made)
            run(QStandardPaths::findExecutable(QStringLiteral("userdel"), kSbin), {QStringLiteral("--remove"), m_name});
    }
    Q_DISABLE_COPY_MOVE(TestUser)

    // Empty when the user exists; else why not.
    QString error() const { return m_error; }
    uid_t uid() const { return m_uid; }
    gid_t gid() const { return m_gid; }

    // Why this machine cannot make a test user, or empty.
    static QString unavailable()
    {
        if (::geteuid() != 0)
            return QStringLiteral("needs root to add a test user with useradd (CI runs the tests as root)");
        if (QStandardPaths::findExecutable(QStringLiteral("useradd"), kSbin).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("userdel"), kSbin).isEmpty())
            return QStringLiteral("useradd/userdel are missing (Debian: the passwd package)");
        return {};
    }

private:
    static inline const QStringList kSbin{QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin")};
    QString m_name;
    QString m_useradd = QStandardPaths::findExecutable(QStringLiteral("useradd"), kSbin);
    QString m_error;
    bool m_made = false;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
};

// What a process of another user got from the agent's socket.
struct Attempt
{
    bool becameUser = false; // false: setuid was refused (a user namespace without that uid)
    int connectErrno = -1;   // 0: connected
    int bytesRead = -1;    // what the agent answered to hello and a request, until it closed
    bool closed = false;   // the agent closed the connection (end of file or reset)
};

// Forks, becomes `uid`/`gid` in the child (no supplementary groups), connects to `socketPath`,
// says hello and asks for `method`, and reads until the agent closes or 3 s pass. Only plain
// system calls in the child: it is a copy of a Qt program.
Attempt connectAs(uid_t uid, gid_t gid, const QString &socketPath, const QByteArray &method)
{
    Attempt a;
    int fds[2];
    if (::pipe(fds) != 0)
        return a;
    sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    const QByteArray path = QFile::encodeName(socketPath);
    std::memcpy(addr.sun_path, path.constData(), std::min(size_t(path.size()), sizeof addr.sun_path - 1));
    const QByteArray request = R"({"id":1,"method":"hello","params":{"protocol":"1.0","client":"intruder"}})"
                               "\n"
                               R"({"id":2,"method":")"
                               + method + R"(","params":{"id":"steady"}})" "\n";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        Attempt r;
        r.becameUser = ::setgroups(0, nullptr) == 0 && ::setgid(gid) == 0 && ::setuid(uid) == 0 && ::getuid() == uid;
        const int fd = r.becameUser ? ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;
        if (fd < 0) {
            ssize_t written = ::write(fds[1], &r, sizeof r);
            ::_exit(written == ssize_t(sizeof r) ? 0 : 3);
        }
        r.connectErrno = ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0 ? 0 : errno;
        if (r.connectErrno == 0) {
            r.bytesRead = 0;
            ::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL); // may fail: closed already
            pollfd p = {fd, POLLIN, 0};
            char buf[4096];
            while (::poll(&p, 1, 3000) > 0) {
                const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0) {
                    r.closed = true;
                    break;
                }
                r.bytesRead += int(n);
            }
        }
        ssize_t written = ::write(fds[1], &r, sizeof r);
        ::_exit(written == ssize_t(sizeof r) ? 0 : 3);
    }
    ::close(fds[1]);
    if (pid < 0) {
        ::close(fds[0]);
        return a;
    }
    if (::read(fds[0], &a, sizeof a) != ssize_t(sizeof a))
        a = Attempt{};
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return a;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool chmodPath(const QString &path, mode_t mode)
{
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

bool chownPath(const QString &path, uid_t uid, gid_t gid)
{
    return ::lchown(QFile::encodeName(path).constData(), uid, gid) == 0;
}

// The lines worker `id` printed so far (its in-memory log ring).
QStringList linesOf(RawClient &c, const QString &id)
{
    const QJsonObject tail = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("id"), id}, {QStringLiteral("lines"), 200}});
    QStringList lines;
    for (const QJsonValue &v : tail.value(QLatin1String("result")).toObject().value(QLatin1String("lines")).toArray())
        lines << v.toObject().value(QLatin1String("text")).toString();
    return lines;
}

} // namespace

class TestGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void anotherUserIsRefused();
    void linkAtTheSocketPathRefusesToStart();
    void stateFolderNotOnlyOursRefusesToStart_data();
    void stateFolderNotOnlyOursRefusesToStart();
    void stateFolderOfAnotherUserRefusesToStart();
    void stoppedMarkerIsNotWrittenThroughALink();
    void configOthersCanWrite();
    void addRunsExactlyWhatWasTyped();
};

void TestGuard::initTestCase()
{
    QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(hsuctlPath()), "HSU_TEST_HSUCTL must point at hsuctl");
    QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at testworker");
}

void TestGuard::anotherUserIsRefused()
{
    if (const QString why = TestUser::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    TestUser user;
    QVERIFY2(user.error().isEmpty(), qPrintable(user.error()));
    AgentRunner agent;
    agent.writeConfig(kOneWorkerConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient owner;
    QVERIFY(owner.connectTo(agent.socketPath()));
    QVERIFY(owner.hello());
    QTRY_COMPARE_WITH_TIMEOUT(workerIn(owner.call(QStringLiteral("workers.list")), QStringLiteral("steady")).value(QLatin1String("state")).toString(),
                              QStringLiteral("running"), 10000);
    const qint64 workerPid = workerIn(owner.call(QStringLiteral("workers.list")), QStringLiteral("steady"))
                                 .value(QLatin1String("pid"))
                                 .toInteger();
    QVERIFY(workerPid > 0);

    // As it is: the socket is 0600, so another user cannot even connect.
    Attempt a = connectAs(user.uid(), user.gid(), agent.socketPath(), "worker.stop");
    if (!a.becameUser)
        QSKIP("cannot setuid to the test user here (a user namespace without that uid?)");
    QCOMPARE(a.connectErrno, EACCES);

    // Made reachable (as a careless chmod would), the peer check still refuses before any method:
    // no answer to hello, the connection closed, the worker untouched, the refusal in the log.
    QVERIFY(chmodPath(agent.dir(), 0755));
    QVERIFY(chmodPath(agent.socketPath(), 0777));
    a = connectAs(user.uid(), user.gid(), agent.socketPath(), "worker.stop");
    QCOMPARE(a.connectErrno, 0);
    QCOMPARE(a.bytesRead, 0);
    QVERIFY(a.closed);
    a = connectAs(user.uid(), user.gid(), agent.socketPath(), "agent.shutdown");
    QCOMPARE(a.bytesRead, 0);
    // The same attempt by the agent's own user is answered: the harness would see an answer.
    const Attempt own = connectAs(::geteuid(), ::getegid(), agent.socketPath(), "workers.list");
    QCOMPARE(own.connectErrno, 0);
    QVERIFY(own.bytesRead > 0);
    QTRY_VERIFY_WITH_TIMEOUT(agent.output().contains(QStringLiteral("rejected a connection from uid %1").arg(user.uid()).toUtf8()), 5000);
    QVERIFY(processAlive(workerPid));
    const QJsonObject steady = workerIn(owner.call(QStringLiteral("workers.list")), QStringLiteral("steady"));
    QCOMPARE(steady.value(QLatin1String("state")).toString(), QStringLiteral("running"));
    QCOMPARE(steady.value(QLatin1String("pid")).toInteger(), workerPid);

    // hsuctl run by that user says it cannot talk to the agent, and fails.
    const QString runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (!runuser.isEmpty()) {
        QByteArray out;
        const int code = run(runuser, {QStringLiteral("-u"), QStringLiteral("hsutest%1").arg(::getpid()), QStringLiteral("--"),
                                       hsuctlPath(), QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("stop"),
                                       QStringLiteral("steady")},
                             &out);
        QVERIFY2(code != 0, out.constData());
        QVERIFY(processAlive(workerPid));
        // Told why, not to start an agent (unless the build tree is closed to that user, as a
        // clone in a private temporary folder is: then runuser could not run hsuctl at all).
        if (code == 3)
            QVERIFY2(out.contains("closed the connection") && out.contains("serves only the user it runs as"), out.constData());
        else
            qWarning("hsuctl could not be run as the test user (exit %d): %s", code, out.constData());
    }
    QCOMPARE(agent.terminate(), 0);
}

void TestGuard::linkAtTheSocketPathRefusesToStart()
{
    AgentRunner agent;
    agent.writeConfig(kOneWorkerConfig);
    // A link to a file someone wants destroyed, and a dangling one to a path someone wants made.
    const QString target = QDir(agent.dir()).filePath(QStringLiteral("precious"));
    QFile f(target);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("keep me\n");
    f.close();
    for (const QString &to : {target, QDir(agent.dir()).filePath(QStringLiteral("made-through-link"))}) {
        QFile::remove(agent.socketPath());
        QVERIFY(QFile::link(to, agent.socketPath()));
        QVERIFY(!agent.start(5000));
        QTRY_VERIFY(agent.process().state() == QProcess::NotRunning);
        QCOMPARE(agent.process().exitCode(), 1);
        const QByteArray out = agent.output();
        QVERIFY2(out.contains("is a symbolic link") && out.contains(QFile::encodeName(agent.socketPath())), out.constData());
        QCOMPARE(QFileInfo(agent.socketPath()).symLinkTarget(), to); // left as it was
    }
    QCOMPARE(readAll(target), QByteArray("keep me\n"));
    QVERIFY(!QFileInfo::exists(QDir(agent.dir()).filePath(QStringLiteral("made-through-link"))));
    QVERIFY(!QFileInfo::exists(agent.stateDir() + QStringLiteral("/fifo"))); // nothing started
}

void TestGuard::stateFolderNotOnlyOursRefusesToStart_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("says");
    QTest::newRow("world-writable") << QStringLiteral("0777") << QStringLiteral("can be written by other users");
    QTest::newRow("group-writable") << QStringLiteral("0770") << QStringLiteral("chmod 700");
    QTest::newRow("a link to a folder") << QStringLiteral("link") << QStringLiteral("symbolic link");
    QTest::newRow("a file") << QStringLiteral("file") << QStringLiteral("not a folder");
    QTest::newRow("fifo/ is a link") << QStringLiteral("fifo-link") << QStringLiteral("symbolic link");
}

void TestGuard::stateFolderNotOnlyOursRefusesToStart()
{
    QFETCH(QString, how);
    QFETCH(QString, says);
    AgentRunner agent;
    agent.writeConfig(kOneWorkerConfig);
    const QString state = agent.stateDir();
    const QString elsewhere = QDir(agent.dir()).filePath(QStringLiteral("elsewhere"));
    QVERIFY(QDir().mkpath(elsewhere));
    QString named = state;
    if (how == u"link") {
        QVERIFY(QFile::link(elsewhere, state));
    } else if (how == u"file") {
        QFile f(state);
        QVERIFY(f.open(QIODevice::WriteOnly));
    } else if (how == u"fifo-link") {
        QVERIFY(QDir().mkpath(state));
        QVERIFY(chmodPath(state, 0700));
        named = state + QStringLiteral("/fifo");
        QVERIFY(QFile::link(elsewhere, named));
    } else {
        QVERIFY(QDir().mkpath(state));
        QVERIFY(chmodPath(state, mode_t(how.toUInt(nullptr, 8))));
    }
    QVERIFY(!agent.start(5000));
    QTRY_VERIFY(agent.process().state() == QProcess::NotRunning);
    QCOMPARE(agent.process().exitCode(), 1);
    const QByteArray out = agent.output();
    QVERIFY2(out.contains(says.toUtf8()) && out.contains(QFile::encodeName(named)) && out.contains("not starting"), out.constData());
    QVERIFY(QDir(elsewhere).isEmpty()); // nothing written through the link
    QVERIFY(!QFileInfo::exists(agent.socketPath())); // refused before the socket
}

void TestGuard::stateFolderOfAnotherUserRefusesToStart()
{
    if (const QString why = TestUser::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    TestUser user;
    QVERIFY2(user.error().isEmpty(), qPrintable(user.error()));
    AgentRunner agent;
    agent.writeConfig(kOneWorkerConfig);
    QVERIFY(QDir().mkpath(agent.stateDir()));
    QVERIFY(chmodPath(agent.stateDir(), 0700));
    QVERIFY(chownPath(agent.stateDir(), user.uid(), user.gid()));
    QVERIFY(!agent.start(5000));
    QTRY_VERIFY(agent.process().state() == QProcess::NotRunning);
    QCOMPARE(agent.process().exitCode(), 1);
    const QByteArray out = agent.output();
    QVERIFY2(out.contains(QStringLiteral("belongs to uid %1").arg(user.uid()).toUtf8()) && out.contains("--state-dir"),
             out.constData());
    QVERIFY(QDir(agent.stateDir()).isEmpty());
    // Its own again, it starts (the folder is the same).
    QVERIFY(chownPath(agent.stateDir(), ::geteuid(), ::getegid()));
    QVERIFY2(agent.start(), agent.output().constData());
    QCOMPARE(agent.terminate(), 0);
}

void TestGuard::stoppedMarkerIsNotWrittenThroughALink()
{
    AgentRunner agent;
    agent.writeConfig("workers: []\n");
    QVERIFY2(agent.start(), agent.output().constData());
    // Planted while it runs (the agent removes the marker when it starts).
    const QString target = QDir(agent.dir()).filePath(QStringLiteral("precious"));
    QFile f(target);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("keep me\n");
    f.close();
    const QString marker = agent.socketPath() + QStringLiteral(".stopped");
    QVERIFY(QFile::link(target, marker));
    QCOMPARE(agent.terminate(), 0);
    QCOMPARE(readAll(target), QByteArray("keep me\n"));
    QVERIFY(QFileInfo(marker).isSymLink());
    QVERIFY2(agent.output().contains("cannot write"), agent.output().constData());
}

void TestGuard::configOthersCanWrite()
{
    AgentRunner agent;
    agent.writeConfig(kOneWorkerConfig);
    // Writable by everyone: refused at start, with the reason and the fix.
    QVERIFY(chmodPath(agent.configPath(), 0666));
    QVERIFY(!agent.start(5000));
    QTRY_VERIFY(agent.process().state() == QProcess::NotRunning);
    QCOMPARE(agent.process().exitCode(), 1);
    QByteArray out = agent.output();
    QVERIFY2(out.contains("can be written by every user") && out.contains("chmod o-w") && out.contains("not starting"), out.constData());

    // By its group: started, with a warning.
    QVERIFY(chmodPath(agent.configPath(), 0664));
    QVERIFY2(agent.start(), agent.output().constData());
    QTRY_VERIFY_WITH_TIMEOUT(agent.output().contains("can be written by its group"), 5000);

    // Made world-writable while running: a reload is refused and nothing changes.
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()));
    QVERIFY(c.hello());
    QVERIFY(chmodPath(agent.configPath(), 0666));
    agent.writeConfig(QByteArray(kOneWorkerConfig) + R"(
  - id: planted
    type: managed
    unit: { managed: { control: { execution: { executable_path: "@WORKER@" } } } }
)");
    QVERIFY(chmodPath(agent.configPath(), 0666)); // writeConfig keeps the mode; make sure
    const QJsonObject reply = c.call(QStringLiteral("config.reload"));
    QVERIFY2(reply.contains(QLatin1String("error")), QJsonDocument(reply).toJson().constData());
    QVERIFY2(QJsonDocument(reply).toJson().contains("every user"), QJsonDocument(reply).toJson().constData());
    QVERIFY(workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("planted")).isEmpty());
    // Put right, the same file is taken.
    QVERIFY(chmodPath(agent.configPath(), 0644));
    const QJsonObject again = c.call(QStringLiteral("config.reload"));
    QVERIFY2(again.contains(QLatin1String("result")), QJsonDocument(again).toJson().constData());
    QTRY_VERIFY_WITH_TIMEOUT(!workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("planted")).isEmpty(), 10000);
    QCOMPARE(agent.terminate(), 0);

    // Owned by another user (not root): refused.
    if (const QString why = TestUser::unavailable(); why.isEmpty()) {
        TestUser user;
        QVERIFY2(user.error().isEmpty(), qPrintable(user.error()));
        QVERIFY(chownPath(agent.configPath(), user.uid(), user.gid()));
        QVERIFY(!agent.start(5000));
        QTRY_VERIFY(agent.process().state() == QProcess::NotRunning);
        out = agent.output();
        QVERIFY2(out.contains(QStringLiteral("belongs to uid %1").arg(user.uid()).toUtf8()), out.constData());
        QVERIFY(chownPath(agent.configPath(), ::geteuid(), ::getegid())); // before the user goes
    }
}

void TestGuard::addRunsExactlyWhatWasTyped()
{
    AgentRunner agent;
    agent.writeConfig("workers: []\n");
    QVERIFY2(agent.start(), agent.output().constData());
    const QString dir = agent.dir();
    // Everything a shell would act on, and ${...} that the config loader would.
    const QStringList args{QStringLiteral("--print-args"), QStringLiteral("--print-env"), QStringLiteral("HSU_GUARD"),
                           QStringLiteral("--run-for"), QStringLiteral("600000"),
                           QStringLiteral("arg; touch %1/p1").arg(dir), QStringLiteral("$(touch %1/p2)").arg(dir),
                           QStringLiteral("`touch %1/p3`").arg(dir), QStringLiteral("| touch %1/p4 &&").arg(dir),
                           QStringLiteral("*"), QStringLiteral("${HOME}"), QStringLiteral("$$"), QStringLiteral("'\"\\"),
                           QStringLiteral("two  spaces\ttab")};
    const QString env = QStringLiteral("$(touch %1/p5);`touch %1/p6`|${PATH}").arg(dir);
    QByteArray out;
    const int code = run(hsuctlPath(), QStringList{QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("add"), QStringLiteral("shelly"),
                                                   QStringLiteral("--env"), QStringLiteral("HSU_GUARD=") + env, QStringLiteral("--"),
                                                   testWorkerPath()} + args,
                         &out);
    QCOMPARE(code, 0);
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()));
    QVERIFY(c.hello());
    QStringList expected{QStringLiteral("arg=") + testWorkerPath()};
    for (const QString &a : args)
        expected << QStringLiteral("arg=") + a;
    expected << QStringLiteral("HSU_GUARD=") + env;
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(c, QStringLiteral("shelly")).mid(0, expected.size()), expected, 10000);
    // The process itself: the program's own argv, not sh -c.
    const qint64 pid = workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("shelly")).value(QLatin1String("pid")).toInteger();
    QVERIFY(pid > 0);
    const QByteArray cmdline = readAll(QStringLiteral("/proc/%1/cmdline").arg(pid));
    QByteArray want = QFile::encodeName(testWorkerPath()) + '\0';
    for (const QString &a : args)
        want += a.toUtf8() + '\0';
    QCOMPARE(cmdline, want);
    for (int i = 1; i <= 6; ++i)
        QVERIFY2(!QFileInfo::exists(QStringLiteral("%1/p%2").arg(dir).arg(i)), qPrintable(QStringLiteral("p%1 was made").arg(i)));
    QCOMPARE(agent.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestGuard)
#include "tst_guard.moc"
