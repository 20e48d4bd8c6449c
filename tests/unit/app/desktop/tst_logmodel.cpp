// LogModel and LogFilterProxy under QAbstractItemModelTester: the ring stays bounded, batches are
// one insertion, notices, the filters, and the clipboard text.
#include "app/desktop/LogFilterProxy.h"
#include "app/desktop/LogModel.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace hsu::desktop;
using namespace Qt::StringLiterals;

namespace {

LogLine line(const QString &worker, qint64 seq, const QString &text, bool err = false)
{
    LogLine l;
    l.worker = worker;
    l.stream = err ? LogLine::Stream::Stderr : LogLine::Stream::Stdout;
    l.seq = seq;
    l.ts = 1700000000000 + seq;
    l.text = text;
    return l;
}

QList<LogLine> numbered(qint64 from, int count)
{
    QList<LogLine> out;
    for (int i = 0; i < count; ++i)
        out.append(line(QStringLiteral("web"), from + i, QStringLiteral("line %1").arg(from + i)));
    return out;
}

QStringList texts(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, LogModel::Text).data(LogModel::TextRole).toString();
    return out;
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundedOldestOut();
    void batchLargerThanCapacityKeepsNewest();
    void batchIsOneInsertion();
    void rolesAndColumns();
    void noticesAndSkipped();
    void lineFromJson_data();
    void lineFromJson();
    void shrinkingCapacityKeepsNewest();
    void proxyFiltersByText();
    void proxyFiltersByRegex();
    void proxyFiltersByStreamAndWorker();
    void plainTextForTheClipboard();
    void stderrMarksTheTextNotTheTime();
    void runMarkerWhereANewProcessBegan();
    void ansiEscapesBecomeColours();
};

void TestLogModel::boundedOldestOut()
{
    LogModel model(10000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // 25,000 lines in batches of 500, as the agent's 50 ms events would bring them.
    for (int batch = 0; batch < 50; ++batch)
        model.append(numbered(batch * 500 + 1, 500));
    QCOMPARE(model.rowCount(), 10000);
    QCOMPARE(model.lineAt(0).seq, 15001);
    QCOMPARE(model.index(0, LogModel::Text).data().toString(), QStringLiteral("line 15001"));
    QCOMPARE(model.index(9999, 0).data(LogModel::SeqRole).toLongLong(), 25000);
    QCOMPARE(model.evicted(), 15000);
    // One more line: exactly one row leaves, from the top.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.append(numbered(25001, 1));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(removed.first().at(2).toInt(), 0);
    QCOMPARE(model.lineAt(0).seq, 15002);
    QCOMPARE(model.lineAt(9999).seq, 25001);
}

void TestLogModel::batchLargerThanCapacityKeepsNewest()
{
    LogModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(numbered(1, 30));
    model.append(numbered(31, 250));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.lineAt(0).seq, 181);
    QCOMPARE(model.lineAt(99).seq, 280);
}

void TestLogModel::batchIsOneInsertion()
{
    LogModel model(1000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.append(numbered(1, 800));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    QCOMPARE(inserted.last().at(2).toInt(), 799);
    model.append(numbered(801, 300)); // 100 over: one removal of 100, then one insertion of 300
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.last().at(2).toInt(), 99);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.last().at(1).toInt(), 700);
    QCOMPARE(inserted.last().at(2).toInt(), 999);
    model.append({});
    QCOMPARE(inserted.size(), 2);
}

void TestLogModel::rolesAndColumns()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({line(QStringLiteral("web"), 7, QStringLiteral("listening on :8080")),
                  line(QStringLiteral("db"), 3, QStringLiteral("disk slow"), true)});
    QCOMPARE(model.columnCount(), int(LogModel::ColumnCount));
    const QModelIndex err = model.index(1, LogModel::Stream);
    QCOMPARE(err.data(LogModel::WorkerRole).toString(), QStringLiteral("db"));
    QCOMPARE(err.data(LogModel::StreamRole).toString(), QStringLiteral("stderr"));
    QCOMPARE(err.data(LogModel::SeqRole).toLongLong(), 3);
    QCOMPARE(err.data(LogModel::TimestampRole).toLongLong(), 1700000000003);
    QVERIFY(err.data(LogModel::IsStderrRole).toBool());
    QCOMPARE(err.data().toString(), QStringLiteral("err"));
    QVERIFY(err.data(Qt::ForegroundRole).isValid()); // stderr stands out
    QVERIFY(!model.index(0, LogModel::Text).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(0, LogModel::Stream).data().toString(), QStringLiteral("out"));
    QCOMPARE(model.index(0, LogModel::Worker).data().toString(), QStringLiteral("web"));
    QCOMPARE(model.index(0, LogModel::Time).data().toString(),
             QDateTime::fromMSecsSinceEpoch(1700000000007).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    // A 64 KiB line shows its start; TextRole keeps it whole.
    model.append({line(QStringLiteral("web"), 8, QString(65536, QLatin1Char('x')))});
    QVERIFY(model.index(2, LogModel::Text).data().toString().size() < 4000);
    QCOMPARE(model.index(2, LogModel::Text).data(LogModel::TextRole).toString().size(), 65536);
}

void TestLogModel::noticesAndSkipped()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(numbered(1, 3));
    model.appendNotice(QStringLiteral("web"), QStringLiteral("12 lines dropped for /var/log/web.log: disk full"));
    model.addSkipped(0); // nothing skipped: no row
    QCOMPARE(model.rowCount(), 4);
    model.addSkipped(40);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.skipped(), 40);
    const QModelIndex dropped = model.index(3, LogModel::Text);
    QVERIFY(dropped.data(LogModel::IsNoticeRole).toBool());
    QVERIFY(!dropped.data(LogModel::IsStderrRole).toBool());
    QVERIFY(dropped.data(Qt::ForegroundRole).isValid());
    QCOMPARE(dropped.data().toString(), QStringLiteral("12 lines dropped for /var/log/web.log: disk full"));
    QVERIFY(model.index(4, LogModel::Text).data().toString().startsWith(QLatin1String("40 lines skipped")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.skipped(), 0);
}

void TestLogModel::lineFromJson_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isStderr");
    QTest::addColumn<bool>("continued");
    QTest::addColumn<bool>("binary");
    const QJsonObject base{{u"worker"_s, u"web"_s}, {u"stream"_s, u"stdout"_s}, {u"seq"_s, 4}, {u"ts"_s, qint64(1700000000000)}, {u"text"_s, u"hi"_s}};
    QTest::newRow("plain") << base << true << u"hi"_s << false << false << false;
    QJsonObject err = base;
    err[u"stream"_s] = u"stderr"_s;
    QTest::newRow("stderr") << err << true << u"hi"_s << true << false << false;
    QJsonObject cont = base;
    cont[u"continued"_s] = true;
    QTest::newRow("continued") << cont << true << u"hi"_s << false << true << false;
    QJsonObject raw = base;
    raw.remove(u"text"_s);
    raw[u"raw_b64"_s] = QString::fromLatin1(QByteArray("ok\xff").toBase64());
    QTest::newRow("not utf-8") << raw << true << QStringLiteral("ok\ufffd") << false << false << true;
    QJsonObject noWorker = base;
    noWorker.remove(u"worker"_s);
    QTest::newRow("no worker") << noWorker << false << u""_s << false << false << false;
    QJsonObject badStream = base;
    badStream[u"stream"_s] = u"stdin"_s;
    QTest::newRow("bad stream") << badStream << false << u""_s << false << false << false;
}

void TestLogModel::lineFromJson()
{
    QFETCH(QJsonObject, json);
    QFETCH(bool, valid);
    const auto l = LogLine::fromJson(json);
    QCOMPARE(l.has_value(), valid);
    if (!valid)
        return;
    QFETCH(QString, text);
    QFETCH(bool, isStderr);
    QFETCH(bool, continued);
    QFETCH(bool, binary);
    QCOMPARE(l->text, text);
    QCOMPARE(l->isStderr(), isStderr);
    QCOMPARE(l->continued, continued);
    QCOMPARE(l->binary, binary);
    QCOMPARE(l->seq, 4);
    QCOMPARE(l->ts, 1700000000000);
}

void TestLogModel::shrinkingCapacityKeepsNewest()
{
    LogModel model(50);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(numbered(1, 30));
    model.append(numbered(31, 40)); // wrapped: the ring starts mid-list
    model.setCapacity(10);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.lineAt(0).seq, 61);
    model.append(numbered(71, 5));
    QCOMPARE(model.lineAt(0).seq, 66);
    QCOMPARE(model.lineAt(9).seq, 75);
}

void TestLogModel::proxyFiltersByText()
{
    LogModel model;
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({line(QStringLiteral("web"), 1, QStringLiteral("GET /index 200")),
                  line(QStringLiteral("web"), 2, QStringLiteral("get /health 200")),
                  line(QStringLiteral("web"), 3, QStringLiteral("POST /login 500"), true)});
    model.appendNotice(QStringLiteral("web"), QStringLiteral("5 lines dropped for web.log: disk full"));
    proxy.setText(QStringLiteral("get"));
    // Any case; the notice stays: a gap in the log is visible whatever the search.
    QCOMPARE(texts(proxy), (QStringList{u"GET /index 200"_s, u"get /health 200"_s, u"5 lines dropped for web.log: disk full"_s}));
    model.append({line(QStringLiteral("web"), 4, QStringLiteral("GET /about 404"))}); // live rows are filtered too
    QCOMPARE(proxy.rowCount(), 4);
    proxy.setText(QString());
    QCOMPARE(proxy.rowCount(), 5);
}

void TestLogModel::proxyFiltersByRegex()
{
    LogModel model;
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({line(QStringLiteral("web"), 1, QStringLiteral("GET /index 200")),
                  line(QStringLiteral("web"), 2, QStringLiteral("POST /login 500"))});
    proxy.setText(QStringLiteral(" 5\\d\\d$"));
    QCOMPARE(proxy.rowCount(), 0); // not a regex yet: a plain substring
    proxy.setRegex(true);
    QCOMPARE(texts(proxy), QStringList{u"POST /login 500"_s});
    proxy.setText(QStringLiteral("^get|("));
    QVERIFY(!proxy.isPatternValid());
    QCOMPARE(proxy.rowCount(), 2); // an unfinished expression hides nothing
    proxy.setText(QStringLiteral("^get"));
    QCOMPARE(texts(proxy), QStringList{u"GET /index 200"_s});
}

void TestLogModel::proxyFiltersByStreamAndWorker()
{
    LogModel model;
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({line(QStringLiteral("web"), 1, QStringLiteral("w out")),
                  line(QStringLiteral("web"), 1, QStringLiteral("w err"), true),
                  line(QStringLiteral("db"), 1, QStringLiteral("d out")),
                  line(QStringLiteral("db"), 1, QStringLiteral("d err"), true)});
    model.appendNotice(QStringLiteral("db"), QStringLiteral("db notice"));
    model.addSkipped(3);
    proxy.setStreamFilter(LogFilterProxy::StreamFilter::Stderr);
    QCOMPARE(texts(proxy).mid(0, 2), (QStringList{u"w err"_s, u"d err"_s}));
    proxy.setStreamFilter(LogFilterProxy::StreamFilter::Stdout);
    QCOMPARE(texts(proxy).mid(0, 2), (QStringList{u"w out"_s, u"d out"_s}));
    proxy.setWorker(QStringLiteral("db"));
    // db's stdout, db's notice, and the skipped notice (which concerns every worker).
    QCOMPARE(proxy.rowCount(), 3);
    QCOMPARE(texts(proxy).mid(0, 2), (QStringList{u"d out"_s, u"db notice"_s}));
    proxy.setStreamFilter(LogFilterProxy::StreamFilter::Both);
    proxy.setWorker(QString());
    QCOMPARE(proxy.rowCount(), 6);
}

void TestLogModel::plainTextForTheClipboard()
{
    LogLine out = line(QStringLiteral("web"), 1, QStringLiteral("ready"));
    LogLine err = line(QStringLiteral("web"), 2, QStringLiteral("oops"), true);
    const QString time1 = QDateTime::fromMSecsSinceEpoch(out.ts).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    const QString time2 = QDateTime::fromMSecsSinceEpoch(err.ts).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    QCOMPARE(LogModel::plainText(out, false), time1 + QStringLiteral(" stdout  ready"));
    QCOMPARE(LogModel::plainText(err, true), time2 + QStringLiteral(" web stderr  oops"));
    const LogLine notice = LogLine::notice(QStringLiteral("web"), QStringLiteral("3 lines dropped"), out.ts);
    QCOMPARE(LogModel::plainText(notice, true), time1 + QStringLiteral(" ! 3 lines dropped"));
}

QTEST_MAIN(TestLogModel)
#include "tst_logmodel.moc"

void TestLogModel::stderrMarksTheTextNotTheTime()
{
    LogModel model;
    model.append({line(QStringLiteral("db"), 3, QStringLiteral("disk slow"), true)});
    // The stream and the text say "stderr"; the time and worker columns stay plain, so the
    // column of times reads as one.
    QVERIFY(model.index(0, LogModel::Text).data(Qt::ForegroundRole).isValid());
    QVERIFY(model.index(0, LogModel::Stream).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(0, LogModel::Time).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(0, LogModel::Worker).data(Qt::ForegroundRole).isValid());
}

void TestLogModel::runMarkerWhereANewProcessBegan()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.noteProcessStart(QStringLiteral("web"), 1700000000000, 100); // before any line: nothing to separate
    model.append(numbered(1, 3));
    QCOMPARE(model.rowCount(), 3);
    model.noteProcessStart(QStringLiteral("web"), 1700000000005, 4242);
    model.noteProcessStart(QStringLiteral("web"), 1700000000005, 4242); // told twice: one marker
    model.append({line(QStringLiteral("web"), 6, QStringLiteral("line 6")), line(QStringLiteral("db"), 6, QStringLiteral("db up")),
                  line(QStringLiteral("web"), 7, QStringLiteral("line 7"))});
    QCOMPARE(model.rowCount(), 7);
    const QModelIndex marker = model.index(3, LogModel::Text);
    QVERIFY(marker.data(LogModel::IsRunStartRole).toBool());
    QVERIFY(marker.data(LogModel::IsNoticeRole).toBool());
    QVERIFY2(marker.data().toString().contains(QLatin1String("new process, pid 4242")), qPrintable(marker.data().toString()));
    QCOMPARE(model.index(3, LogModel::Worker).data().toString(), QStringLiteral("web"));
    QCOMPARE(model.index(3, LogModel::Time).data(LogModel::TimestampRole).toLongLong(), 1700000000005);
    QCOMPARE(model.index(4, LogModel::Text).data().toString(), QStringLiteral("line 6"));
    QVERIFY(!model.index(5, LogModel::Text).data(LogModel::IsRunStartRole).toBool()); // db had no earlier line
    QVERIFY(!model.index(6, LogModel::Text).data(LogModel::IsRunStartRole).toBool());
    QVERIFY(LogModel::plainText(model.lineAt(3), true).contains(QLatin1String("web")));

    // Several runs in one batch (a tail over a crash loop): a marker before each.
    model.noteProcessStart(QStringLiteral("web"), 1700000000010, 4300);
    model.noteProcessStart(QStringLiteral("web"), 1700000000020, 4400);
    model.append({line(QStringLiteral("web"), 11, QStringLiteral("a")), line(QStringLiteral("web"), 21, QStringLiteral("b"))});
    QCOMPARE(model.rowCount(), 11);
    QVERIFY(model.index(7, LogModel::Text).data().toString().contains(QLatin1String("4300")));
    QVERIFY(model.index(9, LogModel::Text).data().toString().contains(QLatin1String("4400")));

    // A view filtered to stderr or to another worker: the marker stays with its worker.
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setStreamFilter(LogFilterProxy::StreamFilter::Stderr);
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setWorker(QStringLiteral("db"));
    QCOMPARE(proxy.rowCount(), 0);

    // Cleared: the next line is the view's first again (no marker), the starts are still known.
    model.clear();
    model.append({line(QStringLiteral("web"), 30, QStringLiteral("c"))});
    QCOMPARE(model.rowCount(), 1);
}

void TestLogModel::ansiEscapesBecomeColours()
{
    const QJsonObject o{{u"worker"_s, u"web"_s}, {u"stream"_s, u"stdout"_s}, {u"seq"_s, 1}, {u"ts"_s, QJsonValue(qint64(1700000000000))},
                        {u"text"_s, u"\x1b[1;31mERROR\x1b[0m listening \x1b]0;title\x07on :80\x1b[K"_s}};
    const std::optional<LogLine> l = LogLine::fromJson(o);
    QVERIFY(l);
    QCOMPARE(l->text, u"ERROR listening on :80"_s);
    LogModel model;
    model.append({*l});
    const QModelIndex text = model.index(0, LogModel::Text);
    QCOMPARE(text.data().toString(), u"ERROR listening on :80"_s);
    QVERIFY(!text.data(LogModel::TextRole).toString().contains(QChar(0x1b)));
    const auto spans = text.data(LogModel::AnsiSpansRole).value<QList<AnsiSpan>>();
    QCOMPARE(spans.size(), 1);
    QCOMPARE(spans.first().start, 0);
    QCOMPARE(spans.first().length, 5);
    QVERIFY(spans.first().bold);
    QCOMPARE(spans.first().color, ansiColor(1));
    QVERIFY(!model.index(0, LogModel::Time).data(LogModel::AnsiSpansRole).isValid());
    QVERIFY(!LogModel::plainText(model.lineAt(0), false).contains(QChar(0x1b)));
}
