#include "shared/protocol/Envelope.h"
#include "shared/protocol/Protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace hsu::protocol;

namespace {
QJsonObject obj(const char *json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json));
    Q_ASSERT(doc.isObject());
    return doc.object();
}
} // namespace

class TestEnvelope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void request_data();
    void request();
    void requestRoundTrip();
    void response_data();
    void response();
    void responseSerialisation();
    void event();
    void kind();
    void version();
    void namesAreUnique();
};

void TestEnvelope::request_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QJsonValue>("id"); // the id an error response would carry

    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("minimal") << QByteArray(R"({"id":1,"method":"hello"})") << true << QJsonValue(1);
    QTest::newRow("with params") << QByteArray(R"({"id":2,"method":"workers.get","params":{"id":"db"}})") << true << QJsonValue(2);
    QTest::newRow("null params") << QByteArray(R"({"id":3,"method":"x","params":null})") << true << QJsonValue(3);
    QTest::newRow("string id") << QByteArray(R"({"id":"a-1","method":"x"})") << true << QJsonValue(QStringLiteral("a-1"));
    QTest::newRow("zero id") << QByteArray(R"({"id":0,"method":"x"})") << true << QJsonValue(0);
    QTest::newRow("unknown keys ignored") << QByteArray(R"({"id":4,"method":"x","trace":"t"})") << true << QJsonValue(4);
    QTest::newRow("missing id") << QByteArray(R"({"method":"hello"})") << false << null;
    QTest::newRow("null id") << QByteArray(R"({"id":null,"method":"hello"})") << false << null;
    QTest::newRow("negative id") << QByteArray(R"({"id":-1,"method":"hello"})") << false << null;
    QTest::newRow("fractional id") << QByteArray(R"({"id":1.5,"method":"hello"})") << false << null;
    QTest::newRow("huge id") << QByteArray(R"({"id":1e300,"method":"hello"})") << false << null;
    QTest::newRow("empty string id") << QByteArray(R"({"id":"","method":"hello"})") << false << null;
    QTest::newRow("object id") << QByteArray(R"({"id":{},"method":"hello"})") << false << null;
    QTest::newRow("bool id") << QByteArray(R"({"id":true,"method":"hello"})") << false << null;
    QTest::newRow("missing method") << QByteArray(R"({"id":5})") << false << QJsonValue(5);
    QTest::newRow("numeric method") << QByteArray(R"({"id":6,"method":1})") << false << QJsonValue(6);
    QTest::newRow("empty method") << QByteArray(R"({"id":7,"method":""})") << false << QJsonValue(7);
    QTest::newRow("array params") << QByteArray(R"({"id":8,"method":"x","params":[1]})") << false << QJsonValue(8);
    QTest::newRow("string params") << QByteArray(R"({"id":9,"method":"x","params":"p"})") << false << QJsonValue(9);
    QTest::newRow("request with result") << QByteArray(R"({"id":10,"method":"x","result":1})") << false << QJsonValue(10);
    QTest::newRow("empty object") << QByteArray(R"({})") << false << null;
}

void TestEnvelope::request()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    QFETCH(QJsonValue, id);

    const auto p = parseRequest(QJsonDocument::fromJson(json).object());
    QCOMPARE(p.ok(), valid);
    QCOMPARE(p.id, id);
    if (!valid) {
        QCOMPARE(p.error.code, QString(error::InvalidRequest));
        QVERIFY(!p.error.message.isEmpty());
    } else {
        QCOMPARE(p.value->id, id);
        QVERIFY(!p.value->method.isEmpty());
    }
}

void TestEnvelope::requestRoundTrip()
{
    const Request r{QJsonValue(12), QString(method::WorkersGet), QJsonObject{{QStringLiteral("id"), QStringLiteral("db")}}};
    const auto p = parseRequest(r.toJson());
    QVERIFY(p.ok());
    QCOMPARE(p.value->id, QJsonValue(12));
    QCOMPARE(p.value->method, QStringLiteral("workers.get"));
    QCOMPARE(p.value->params, r.params);
    // No params: the key is left out.
    const Request bare{QJsonValue(1), QStringLiteral("hello"), {}};
    QVERIFY(!bare.toJson().contains(QStringLiteral("params")));
}

void TestEnvelope::response_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("isError");

    QTest::newRow("result") << QByteArray(R"({"id":1,"result":{"a":1}})") << true << false;
    QTest::newRow("null result") << QByteArray(R"({"id":1,"result":null})") << true << false;
    QTest::newRow("error") << QByteArray(R"({"id":1,"error":{"code":"not_found","message":"m"}})") << true << true;
    QTest::newRow("error null id") << QByteArray(R"({"id":null,"error":{"code":"invalid_frame","message":"m"}})") << true << true;
    QTest::newRow("error without message") << QByteArray(R"({"id":1,"error":{"code":"x"}})") << true << true;
    QTest::newRow("both") << QByteArray(R"({"id":1,"result":1,"error":{"code":"x"}})") << false << false;
    QTest::newRow("neither") << QByteArray(R"({"id":1})") << false << false;
    QTest::newRow("no id") << QByteArray(R"({"result":1})") << false << false;
    QTest::newRow("bad id") << QByteArray(R"({"id":[],"result":1})") << false << false;
    QTest::newRow("error not object") << QByteArray(R"({"id":1,"error":"boom"})") << false << false;
    QTest::newRow("error without code") << QByteArray(R"({"id":1,"error":{"message":"m"}})") << false << false;
    QTest::newRow("error numeric message") << QByteArray(R"({"id":1,"error":{"code":"x","message":3}})") << false << false;
}

void TestEnvelope::response()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    QFETCH(bool, isError);

    const QJsonObject o = QJsonDocument::fromJson(json).object();
    QCOMPARE(kindOf(o), valid ? MessageKind::Response : kindOf(o));
    const auto p = parseResponse(o);
    QCOMPARE(p.ok(), valid);
    if (valid)
        QCOMPARE(p.value->isError(), isError);
}

void TestEnvelope::responseSerialisation()
{
    const QJsonObject ok = Response::success(QJsonValue(3), QJsonObject{{QStringLiteral("x"), 1}}).toJson();
    QCOMPARE(ok, obj(R"({"id":3,"result":{"x":1}})"));
    const QJsonObject err = Response::failure(QJsonValue(QJsonValue::Null), QString(error::InvalidFrame), QStringLiteral("bad")).toJson();
    QCOMPARE(err, obj(R"({"id":null,"error":{"code":"invalid_frame","message":"bad"}})"));
    // A success without a result still carries "result" (null), so it parses back as a response.
    const QJsonObject empty = Response::success(QJsonValue(4), QJsonValue()).toJson();
    QCOMPARE(empty, obj(R"({"id":4,"result":null})"));
    QVERIFY(parseResponse(empty).ok());
}

void TestEnvelope::event()
{
    const Event e{QString(event::WorkerState), QJsonObject{{QStringLiteral("id"), QStringLiteral("db")}}};
    const QJsonObject o = e.toJson();
    QCOMPARE(o, obj(R"({"event":"worker.state","data":{"id":"db"}})"));
    QCOMPARE(kindOf(o), MessageKind::Event);
    const auto p = parseEvent(o);
    QVERIFY(p.ok());
    QCOMPARE(p.value->name, QStringLiteral("worker.state"));
    QCOMPARE(p.value->data, e.data);

    QVERIFY(!parseEvent(obj(R"({"event":""})")).ok());
    QVERIFY(!parseEvent(obj(R"({"event":3})")).ok());
    QVERIFY(!parseEvent(obj(R"({"event":"x","id":1})")).ok());
    QVERIFY(parseEvent(obj(R"({"event":"x"})")).ok()); // data is optional
}

void TestEnvelope::kind()
{
    QCOMPARE(kindOf(obj(R"({"id":1,"method":"x"})")), MessageKind::Request);
    QCOMPARE(kindOf(obj(R"({"id":1,"result":1})")), MessageKind::Response);
    QCOMPARE(kindOf(obj(R"({"id":1,"error":{}})")), MessageKind::Response);
    QCOMPARE(kindOf(obj(R"({"event":"x"})")), MessageKind::Event);
    QCOMPARE(kindOf(obj(R"({"id":1})")), MessageKind::Unknown);
}

void TestEnvelope::version()
{
    QCOMPARE(versionString(), QStringLiteral("%1.%2").arg(kVersionMajor).arg(kVersionMinor));
    QCOMPARE(parseVersion(QStringLiteral("1.0")), std::optional<Version>(Version{1, 0}));
    QCOMPARE(parseVersion(QStringLiteral("1.7")), std::optional<Version>(Version{1, 7}));
    QCOMPARE(parseVersion(QStringLiteral("2")), std::optional<Version>(Version{2, 0}));
    QVERIFY(!parseVersion(QStringLiteral("")));
    QVERIFY(!parseVersion(QStringLiteral("x.1")));
    QVERIFY(!parseVersion(QStringLiteral("1.2.3")));
    QVERIFY(!parseVersion(QStringLiteral("-1.0")));
    QVERIFY(isCompatible(Version{kVersionMajor, kVersionMinor + 5})); // a newer minor still talks
    QVERIFY(!isCompatible(Version{kVersionMajor + 1, 0}));
}

void TestEnvelope::namesAreUnique()
{
    const QStringList methods = method::all();
    QCOMPARE(QSet<QString>(methods.begin(), methods.end()).size(), methods.size());
    QVERIFY(methods.contains(QStringLiteral("hello")));
    QVERIFY(event::all().contains(QStringLiteral("worker.state")));
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
