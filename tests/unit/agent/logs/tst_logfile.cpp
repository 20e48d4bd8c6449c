#include "agent/logs/LogFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QScopeGuard>
#include <QTest>

#include <csignal>

#include <sys/resource.h>

using namespace hsu::agent::logs;
using hsu::config::LogRotation;
using namespace std::chrono_literals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

// Numbered lines of varying length ("line 00042 xxxx…\n"), `total` bytes or a little more.
QList<QByteArray> numberedLines(qsizetype total)
{
    QList<QByteArray> lines;
    qsizetype size = 0;
    for (int n = 1; size < total; ++n) {
        const QByteArray l = "line " + QByteArray::number(n).rightJustified(5, '0') + ' '
                + QByteArray(n % 37, 'x') + '\n';
        lines.append(l);
        size += l.size();
    }
    return lines;
}

// Appends the lines in blocks of 1, 2, 3, … lines, as a writer thread batching them would.
void appendInBlocks(LogFile &f, const QList<QByteArray> &lines)
{
    qsizetype i = 0;
    for (int per = 1; i < lines.size(); per = per % 9 + 1) {
        QByteArray block;
        for (int k = 0; k < per && i < lines.size(); ++k)
            block += lines[i++];
        QString error;
        QVERIFY2(f.append(block, &error), qPrintable(error));
    }
}

} // namespace

class TestLogFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAndReopenAppends();
    void createsParentFolders();
    void rotationBySizeKeepsMaxFiles();
    void rotationKeepsAllWhenMaxFilesIsZero();
    void maxFilesOneTruncates();
    void lineLongerThanMaxSizeGoesAlone();
    void maxAgeDeletesOldRotatedFiles();
    void openFailsWhenParentIsAFile();
    void writeErrorIsReported();
    void cutWriteLeavesWholeLines_data();
    void cutWriteLeavesWholeLines();
    void appendBeforeOpenFails();
};

void TestLogFile::appendAndReopenAppends()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    {
        LogFile f(path);
        QString error;
        QVERIFY2(f.open(&error), qPrintable(error));
        QVERIFY(f.isOpen());
        QCOMPARE(f.path(), path);
        QVERIFY(f.append("one\ntwo\n", &error));
        QCOMPARE(f.size(), 8);
    }
    LogFile again(path);
    QVERIFY(again.open(nullptr));
    QCOMPARE(again.size(), 8); // learnt from the file
    QVERIFY(again.append("three\n", nullptr));
    QCOMPARE(again.size(), 14);
    again.close();
    QVERIFY(!again.isOpen());
    QCOMPARE(readAll(path), QByteArray("one\ntwo\nthree\n"));
}

void TestLogFile::createsParentFolders()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a/b/c/w.log"));
    LogFile f(path);
    QString error;
    QVERIFY2(f.open(&error), qPrintable(error));
    QVERIFY(f.append("x\n", &error));
    QCOMPARE(readAll(path), QByteArray("x\n"));
}

void TestLogFile::rotationBySizeKeepsMaxFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    LogFile f(path, LogRotation{1000, 3, 0ms});
    QVERIFY(f.open(nullptr));
    const QList<QByteArray> lines = numberedLines(10 * 1024);
    appendInBlocks(f, lines);

    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             (QStringList{u"w.log"_qs, u"w.log.1"_qs, u"w.log.2"_qs}));
    const QByteArray oldest = readAll(path + u".2"_qs), middle = readAll(path + u".1"_qs), newest = readAll(path);
    for (const QByteArray &file : {oldest, middle, newest}) {
        QVERIFY(file.size() <= 1000);
        QVERIFY(file.endsWith('\n')); // whole lines only
    }
    // Rotated files were filled as far as whole lines allow (longest line: 48 bytes).
    QVERIFY(oldest.size() > 1000 - 48);
    QVERIFY(middle.size() > 1000 - 48);
    // Together they are the newest lines, in order, ending with the last one written.
    const QByteArray kept = oldest + middle + newest;
    QByteArray all;
    for (const QByteArray &l : lines)
        all += l;
    QVERIFY(all.endsWith(kept));
    QVERIFY(kept.startsWith("line ")); // starts on a line boundary
    QCOMPARE(f.size(), newest.size());
}

void TestLogFile::rotationKeepsAllWhenMaxFilesIsZero()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    LogFile f(path, LogRotation{1000, 0, 0ms});
    QVERIFY(f.open(nullptr));
    const QList<QByteArray> lines = numberedLines(5000);
    appendInBlocks(f, lines);
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    QVERIFY2(files.size() >= 6, qPrintable(files.join(u' ')));
    // Nothing lost: oldest (highest number) to newest gives back every line.
    QByteArray joined;
    for (int k = int(files.size()) - 1; k >= 1; --k)
        joined += readAll(f.rotatedPath(k));
    joined += readAll(path);
    QByteArray all;
    for (const QByteArray &l : lines)
        all += l;
    QCOMPARE(joined, all);
}

void TestLogFile::maxFilesOneTruncates()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    writeFile(path + u".1"_qs, "stale\n"); // left by an earlier run with more files
    LogFile f(path, LogRotation{1000, 1, 0ms});
    QVERIFY(f.open(nullptr));
    const QList<QByteArray> lines = numberedLines(4000);
    appendInBlocks(f, lines);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"w.log"_qs});
    const QByteArray content = readAll(path);
    QVERIFY(content.size() <= 1000);
    QVERIFY(content.endsWith(lines.constLast()));
    QVERIFY(content.startsWith("line "));
}

void TestLogFile::lineLongerThanMaxSizeGoesAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    LogFile f(path, LogRotation{10, 5, 0ms});
    QVERIFY(f.open(nullptr));
    const QByteArray longLine = QByteArray(30, 'a') + '\n';
    QString error;
    QVERIFY2(f.append("short\n" + longLine + "x\n", &error), qPrintable(error));
    QCOMPARE(readAll(path + u".2"_qs), QByteArray("short\n"));
    QCOMPARE(readAll(path + u".1"_qs), longLine);
    QCOMPARE(readAll(path), QByteArray("x\n"));
}

void TestLogFile::maxAgeDeletesOldRotatedFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    const auto age = [](const QString &p, int days) {
        QFile file(p);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addDays(-days), QFileDevice::FileModificationTime));
    };
    writeFile(path + u".1"_qs, "recent\n");
    writeFile(path + u".2"_qs, "old\n");
    age(path + u".2"_qs, 3);
    writeFile(path + u".bak"_qs, "not ours\n");
    age(path + u".bak"_qs, 3);

    LogFile f(path, LogRotation{20, 0, std::chrono::hours(24)});
    QVERIFY(f.open(nullptr));
    QVERIFY(!QFile::exists(path + u".2"_qs)); // expired at open
    QVERIFY(QFile::exists(path + u".1"_qs));
    QVERIFY(QFile::exists(path + u".bak"_qs)); // not a rotated file of ours

    // After a rotation too: the aged path.1 moves to path.2 and goes; the file just rotated stays.
    age(path + u".1"_qs, 2);
    QVERIFY(f.append("0123456789\n", nullptr));
    QVERIFY(f.append("abcdefghij\n", nullptr)); // 22 > 20: rotates
    QCOMPARE(readAll(path + u".1"_qs), QByteArray("0123456789\n"));
    QVERIFY(!QFile::exists(path + u".2"_qs));
    QCOMPARE(readAll(path), QByteArray("abcdefghij\n"));
}

void TestLogFile::openFailsWhenParentIsAFile()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("plainfile"));
    writeFile(blocker, "x");
    const QString path = blocker + u"/sub/w.log"_qs;
    LogFile f(path);
    QString error;
    QVERIFY(!f.open(&error));
    QVERIFY(!f.isOpen());
    QVERIFY2(error.startsWith(path + u": "_qs), qPrintable(error));
    QVERIFY2(error.endsWith(u"Not a directory"_qs), qPrintable(error));

    LogFile direct(blocker + u"/w.log"_qs); // the parent itself is the file
    QVERIFY(!direct.open(&error));
    QVERIFY2(error.contains(u"Not a directory"_qs), qPrintable(error));
}

void TestLogFile::writeErrorIsReported()
{
    if (!QFile::exists(u"/dev/full"_qs))
        QSKIP("no /dev/full");
    // With rotation asked for too: a device is never renamed, the error still comes back.
    LogFile f(u"/dev/full"_qs, LogRotation{4, 2, 0ms});
    QString error;
    QVERIFY2(f.open(&error), qPrintable(error));
    QVERIFY(!f.append("line\nmore\n", &error));
    QCOMPARE(error, u"/dev/full: No space left on device"_qs);
    QVERIFY(QFile::exists(u"/dev/full"_qs));
}

void TestLogFile::cutWriteLeavesWholeLines_data()
{
    QTest::addColumn<qint64>("maxSize");
    QTest::newRow("no rotation") << qint64(0);
    QTest::newRow("rotation by size asked for") << qint64(2000);
}

// A disk that fills in the middle of a block (here RLIMIT_FSIZE, which cuts a write the same way:
// what fits is written, then EFBIG): the file ends in a whole line, `delivered` says how much of
// the block is in the files, and the next block starts on a line of its own.
void TestLogFile::cutWriteLeavesWholeLines()
{
    QFETCH(qint64, maxSize);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.log"));
    LogFile f(path, maxSize > 0 ? std::optional(LogRotation{maxSize, 0, 0ms}) : std::nullopt);
    QString error;
    QVERIFY2(f.open(&error), qPrintable(error));
    QByteArray block;
    for (const QByteArray &l : numberedLines(3000))
        block += l;

    struct rlimit before {};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &before) == 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    auto restore = qScopeGuard([&] {
        ::setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, oldHandler);
    });
    struct rlimit small = before;
    small.rlim_cur = 1000; // no file may grow past 1000 bytes: cut in the middle of a line
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    qsizetype delivered = -1;
    QVERIFY(!f.append(block, &error, &delivered));
    QVERIFY2(error.contains(u"File too large"_qs), qPrintable(error));
    QVERIFY(delivered > 0);
    QVERIFY(delivered < block.size());
    QCOMPARE(block.at(delivered - 1), '\n');
    restore.dismiss();
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &before) == 0);
    std::signal(SIGXFSZ, oldHandler);

    // Every file, oldest first, put together is exactly the delivered part: no line cut.
    QByteArray all;
    for (int i = 9; i >= 1; --i)
        all += readAll(f.rotatedPath(i));
    all += readAll(path);
    QCOMPARE(all, block.first(delivered));
    QCOMPARE(f.size(), QFileInfo(path).size());

    // The disk has room again: the next block starts on its own line.
    const QByteArray next = "after the full disk\n";
    QVERIFY2(f.append(next, &error, &delivered), qPrintable(error));
    QCOMPARE(delivered, next.size());
    QVERIFY(readAll(path).endsWith("\n" + next));
}

void TestLogFile::appendBeforeOpenFails()
{
    QTemporaryDir dir;
    LogFile f(dir.filePath(QStringLiteral("w.log")));
    QString error;
    QVERIFY(!f.append("x\n", &error));
    QVERIFY(error.endsWith(u": not open"_qs));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("w.log"))));
}

QTEST_GUILESS_MAIN(TestLogFile)
#include "tst_logfile.moc"
