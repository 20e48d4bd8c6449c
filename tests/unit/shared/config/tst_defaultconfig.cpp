// The default config's path (the one rule agent, GUI and hsuctl share), the empty file a first
// start writes (it loads, with no worker and no warning), and that an existing file is never
// replaced.

#include "shared/config/DefaultConfig.h"
#include "shared/config/YamlLoader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::config;

namespace {
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Sets an environment variable for one scope, restoring (or unsetting) it afterwards.
class EnvGuard final
{
public:
    EnvGuard(const char *name, const QByteArray &value)
        : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    Q_DISABLE_COPY_MOVE(EnvGuard)

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};
} // namespace

class TestDefaultConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathFollowsXdgConfigHome_data()
    {
        QTest::addColumn<QByteArray>("xdg");
        QTest::addColumn<QString>("expected"); // %HOME% stands for the home folder
        QTest::newRow("set") << QByteArray("/tmp/xdg-a") << QStringLiteral("/tmp/xdg-a/hsu-master/config.yaml");
        QTest::newRow("trailing slash") << QByteArray("/tmp/xdg-b/") << QStringLiteral("/tmp/xdg-b/hsu-master/config.yaml");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("%HOME%/.config/hsu-master/config.yaml");
        QTest::newRow("relative is ignored") << QByteArray("rel/dir") << QStringLiteral("%HOME%/.config/hsu-master/config.yaml");
    }
    void pathFollowsXdgConfigHome()
    {
        QFETCH(QByteArray, xdg);
        QFETCH(QString, expected);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const EnvGuard h("HOME", QFile::encodeName(home.path()));
        const EnvGuard x("XDG_CONFIG_HOME", xdg);
        expected.replace(QStringLiteral("%HOME%"), home.path());
        QCOMPARE(defaultConfigFile(), expected);
    }

    void emptyConfigLoadsWithNoWorkers()
    {
        const QByteArray text = emptyConfigText();
        QVERIFY(text.contains("docs/user-guide.md"));
        QVERIFY(text.contains("docs/config-reference.md"));
        QVERIFY(text.contains(installedDocsFolder().toUtf8()));
        const LoadResult r = YamlLoader::loadData(text, QStringLiteral("config.yaml"));
        QVERIFY(r.ok());
        QVERIFY(r.diagnostics.isEmpty());
        QCOMPARE(r.config->workers.size(), std::size_t(0));
        QCOMPARE(r.config->dialect, Dialect::HsuMaster);
    }

    void createsTheFileAndItsFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("a/b/hsu-master/config.yaml"));
        QString error;
        QCOMPARE(ensureConfigFile(path, &error), EnsureResult::Created);
        QVERIFY(error.isEmpty());
        QCOMPARE(readAll(path), emptyConfigText());
        QCOMPARE(ensureConfigFile(path, &error), EnsureResult::Existed); // the second start
    }

    void neverReplacesAnExistingFile_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("a config") << QByteArray("workers:\n  - id: mine\n");
        QTest::newRow("broken") << QByteArray("workers: [\n");
        QTest::newRow("empty file") << QByteArray();
    }
    void neverReplacesAnExistingFile()
    {
        QFETCH(QByteArray, contents);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("config.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(contents);
        f.close();
        QCOMPARE(ensureConfigFile(path), EnsureResult::Existed);
        QCOMPARE(readAll(path), contents);
    }

    void unwritableFolderFails()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString blocker = dir.filePath(QStringLiteral("file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QString error;
        // A file where the folder should be: no folder can be made there, whoever runs the test.
        QCOMPARE(ensureConfigFile(blocker + QStringLiteral("/hsu-master/config.yaml"), &error), EnsureResult::Failed);
        QVERIFY2(error.contains(blocker), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDefaultConfig)
#include "tst_defaultconfig.moc"
