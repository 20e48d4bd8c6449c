#include "shared/protocol/SocketPath.h"

#include <QDir>
#include <QTest>

using namespace hsu::protocol;

class TestSocketPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void xdgRuntimeDir();
    void homeFallback();
    void environmentOverrides();
    void commandLineOverridesEnvironment();
    void emptyEnvironmentIsIgnored();

private:
    QByteArray m_savedXdg;
    QByteArray m_savedSocket;
    bool m_hadXdg = false;
    bool m_hadSocket = false;
};

void TestSocketPath::init()
{
    m_hadXdg = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
    m_savedXdg = qgetenv("XDG_RUNTIME_DIR");
    m_hadSocket = qEnvironmentVariableIsSet(kSocketEnvVar);
    m_savedSocket = qgetenv(kSocketEnvVar);
    qunsetenv(kSocketEnvVar);
}

void TestSocketPath::cleanup()
{
    if (m_hadXdg)
        qputenv("XDG_RUNTIME_DIR", m_savedXdg);
    else
        qunsetenv("XDG_RUNTIME_DIR");
    if (m_hadSocket)
        qputenv(kSocketEnvVar, m_savedSocket);
    else
        qunsetenv(kSocketEnvVar);
}

void TestSocketPath::xdgRuntimeDir()
{
    qputenv("XDG_RUNTIME_DIR", "/run/user/4242");
    QCOMPARE(defaultSocketPath(), QStringLiteral("/run/user/4242/hsu-master/agent.sock"));
    QCOMPARE(resolveSocketPath(), defaultSocketPath());
}

void TestSocketPath::homeFallback()
{
    qunsetenv("XDG_RUNTIME_DIR");
    const QString path = defaultSocketPath();
    QVERIFY2(path.startsWith(QDir::homePath() + QLatin1Char('/')), qPrintable(path));
    QVERIFY(path.endsWith(QLatin1String("/hsu-master/agent.sock")));
}

void TestSocketPath::environmentOverrides()
{
    qputenv("XDG_RUNTIME_DIR", "/run/user/4242");
    qputenv(kSocketEnvVar, "/tmp/elsewhere.sock");
    QCOMPARE(resolveSocketPath(), QStringLiteral("/tmp/elsewhere.sock"));
    QCOMPARE(resolveSocketPath(QString()), QStringLiteral("/tmp/elsewhere.sock"));
}

void TestSocketPath::commandLineOverridesEnvironment()
{
    qputenv(kSocketEnvVar, "/tmp/elsewhere.sock");
    QCOMPARE(resolveSocketPath(QStringLiteral("/tmp/cli.sock")), QStringLiteral("/tmp/cli.sock"));
}

void TestSocketPath::emptyEnvironmentIsIgnored()
{
    qputenv("XDG_RUNTIME_DIR", "/run/user/4242");
    qputenv(kSocketEnvVar, "");
    QCOMPARE(resolveSocketPath(), QStringLiteral("/run/user/4242/hsu-master/agent.sock"));
}

QTEST_GUILESS_MAIN(TestSocketPath)
#include "tst_socketpath.moc"
