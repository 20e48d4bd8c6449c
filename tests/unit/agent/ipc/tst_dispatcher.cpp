#include "FakeWorkerControl.h"

#include "agent/core/LogControl.h"
#include "agent/ipc/Dispatcher.h"
#include "shared/protocol/Protocol.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace hsu;
using agent::Dispatcher;
using agent::SessionState;

namespace {

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

protocol::Request req(const char *method, const char *params = "{}", int id = 1)
{
    return {QJsonValue(id), QString::fromUtf8(method), obj(params)};
}

QString code(const protocol::Response &r)
{
    return r.error ? r.error->code : QString();
}

// Remembers what logs.tail asked for and answers with one line per request.
class FakeLogControl final : public agent::LogControl
{
public:
    std::optional<QJsonArray> tail(const QString &id, int lines, const QString &stream) const override
    {
        if (!id.isEmpty() && id != u"db" && id != u"web")
            return std::nullopt;
        asked = {id, QString::number(lines), stream};
        return QJsonArray{QJsonObject{{QStringLiteral("worker"), id}, {QStringLiteral("text"), QStringLiteral("x")}}};
    }
    QJsonObject workerLogInfo(const QString &id) const override
    {
        return id == u"db" ? QJsonObject{{QStringLiteral("log_dropped"), 7}} : QJsonObject{};
    }
    int ringCapacity() const override { return 500; }
    mutable QStringList asked;
};

} // namespace

class TestDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void routesServeEveryMethodOnce();
    void helloRequiredFirst_data();
    void helloRequiredFirst();
    void hello();
    void helloValidation_data();
    void helloValidation();
    void unknownMethod();
    void list();
    void get();
    void operations_data();
    void operations();
    void severalTargets();
    void allTargets();
    void configValidate();
    void configValidateUnavailable();
    void subscriptions();
    void logsUnavailable();
    void metricsGet();
    void logsTail();
    void logsSubscribe();
    void shutdown();

private:
    Dispatcher::Options options();
    SessionState greeted();

    test::FakeWorkerControl m_control;
    QStringList m_validatedPaths;
};

void TestDispatcher::init()
{
    m_control = test::FakeWorkerControl();
    m_validatedPaths.clear();
}

Dispatcher::Options TestDispatcher::options()
{
    Dispatcher::Options o;
    o.agentVersion = QStringLiteral("9.9.9");
    o.limitBackends = QStringList{QStringLiteral("rlimit")};
    o.configValidator = [this](const QString &path) {
        m_validatedPaths << path;
        return QJsonObject{{QStringLiteral("valid"), false},
                           {QStringLiteral("diagnostics"),
                            QJsonArray{QJsonObject{{QStringLiteral("severity"), QStringLiteral("error")},
                                                   {QStringLiteral("file"), path},
                                                   {QStringLiteral("line"), 3},
                                                   {QStringLiteral("column"), 5},
                                                   {QStringLiteral("message"), QStringLiteral("bad")}}}}};
    };
    return o;
}

SessionState TestDispatcher::greeted()
{
    SessionState s;
    s.greeted = true;
    return s;
}

void TestDispatcher::helloRequiredFirst_data()
{
    QTest::addColumn<QString>("method");
    for (const QString &m : protocol::method::all())
        if (m != protocol::method::Hello)
            QTest::newRow(qPrintable(m)) << m;
    QTest::newRow("unknown") << QStringLiteral("no.such");
}

void TestDispatcher::helloRequiredFirst()
{
    QFETCH(QString, method);
    Dispatcher d(m_control, options());
    SessionState s;
    const auto out = d.dispatch(s, {QJsonValue(5), method, {}});
    QCOMPARE(code(out.response), QStringLiteral("hello_required"));
    QCOMPARE(out.response.id, QJsonValue(5));
    QVERIFY(!out.shutdownAfterReply);
    QCOMPARE(m_control.shutdownCalls, 0);
    QVERIFY(m_control.calls.isEmpty());
}

// One table routes every method the protocol names, each once; nothing else.
void TestDispatcher::routesServeEveryMethodOnce()
{
    QStringList routed;
    for (const Dispatcher::Route &r : Dispatcher::routes())
        routed << r.method;
    QStringList all = protocol::method::all();
    QCOMPARE(routed.size(), all.size());
    routed.sort();
    all.sort();
    QCOMPARE(routed, all);
    // Without what a method needs it answers "unavailable" with the reason.
    Dispatcher d(m_control, options());
    SessionState s;
    QVERIFY(!d.dispatch(s, req("hello", R"({"protocol":"1.0"})", 1)).response.isError());
    const auto out = d.dispatch(s, req("health.get", R"({"id":"a"})", 2));
    QCOMPARE(code(out.response), QStringLiteral("unavailable"));
}

void TestDispatcher::hello()
{
    Dispatcher d(m_control, options());
    SessionState s;
    const auto out = d.dispatch(s, req("hello", R"({"protocol":"1.0","client":"tst"})", 9));
    QVERIFY(!out.response.isError());
    QCOMPARE(out.response.id, QJsonValue(9));
    QVERIFY(s.greeted);
    QCOMPARE(s.clientName, QStringLiteral("tst"));
    const QJsonObject r = out.response.result.toObject();
    QCOMPARE(r.value(QStringLiteral("agent_version")).toString(), QStringLiteral("9.9.9"));
    QCOMPARE(r.value(QStringLiteral("protocol")).toString(), protocol::versionString());
    QCOMPARE(r.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());
    const QJsonObject caps = r.value(QStringLiteral("capabilities")).toObject();
    QCOMPARE(caps.value(QStringLiteral("limits")).toArray(), QJsonArray{QStringLiteral("rlimit")});
    // No log collector, resource monitor, config control or health checks in these options:
    // logs.*, resources.*, agent.doctor, config.reload / diff / get / save, health.get and
    // metrics.get are not offered.
    QCOMPARE(caps.value(QStringLiteral("methods")).toArray().toVariantList().size(), protocol::method::all().size() - 13);
    QVERIFY(!caps.value(QStringLiteral("methods")).toArray().contains(QStringLiteral("metrics.get")));
    QVERIFY(!caps.value(QStringLiteral("methods")).toArray().contains(QStringLiteral("health.get")));
    QVERIFY(!caps.value(QStringLiteral("methods")).toArray().contains(QStringLiteral("config.reload")));
    QVERIFY(!caps.value(QStringLiteral("methods")).toArray().contains(QStringLiteral("logs.tail")));
    QVERIFY(caps.value(QStringLiteral("events")).toArray().contains(QStringLiteral("worker.state")));

    // Then the rest is served; a newer minor version is welcome too.
    QVERIFY(!d.dispatch(s, req("workers.list")).response.isError());
    SessionState s2;
    QVERIFY(!d.dispatch(s2, req("hello", R"({"protocol":"1.99"})")).response.isError());
}

void TestDispatcher::helloValidation_data()
{
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QString>("code");
    QTest::newRow("no protocol") << QByteArray("{}") << QStringLiteral("invalid_params");
    QTest::newRow("numeric protocol") << QByteArray(R"({"protocol":1})") << QStringLiteral("invalid_params");
    QTest::newRow("garbage protocol") << QByteArray(R"({"protocol":"one"})") << QStringLiteral("invalid_params");
    QTest::newRow("other major") << QByteArray(R"({"protocol":"2.0"})") << QStringLiteral("unsupported_protocol");
    QTest::newRow("old major") << QByteArray(R"({"protocol":"0.9"})") << QStringLiteral("unsupported_protocol");
    QTest::newRow("numeric client") << QByteArray(R"({"protocol":"1.0","client":5})") << QStringLiteral("invalid_params");
}

void TestDispatcher::helloValidation()
{
    QFETCH(QByteArray, params);
    QFETCH(QString, code);
    Dispatcher d(m_control, options());
    SessionState s;
    const auto out = d.dispatch(s, {QJsonValue(1), QStringLiteral("hello"), QJsonDocument::fromJson(params).object()});
    QCOMPARE(::code(out.response), code);
    QVERIFY(!out.response.error->message.isEmpty());
    QVERIFY(!s.greeted);
}

void TestDispatcher::unknownMethod()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    const auto out = d.dispatch(s, req("workers.explode", "{}", 3));
    QCOMPARE(code(out.response), QStringLiteral("unknown_method"));
    QVERIFY(out.response.error->message.contains(QLatin1String("workers.explode")));
    QCOMPARE(out.response.id, QJsonValue(3));
}

void TestDispatcher::list()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    const auto out = d.dispatch(s, req("workers.list"));
    // The result travels pre-encoded: read it as the client would, from the frame.
    const QJsonObject frame = QJsonDocument::fromJson(out.response.encodeFrame()).object();
    QCOMPARE(frame.value(QStringLiteral("id")), out.response.id);
    const QJsonArray workers = frame.value(QStringLiteral("result")).toObject().value(QStringLiteral("workers")).toArray();
    QCOMPARE(workers.size(), 3);
    QCOMPARE(workers.at(0).toObject(), m_control.workers().at(0).toJson());
    QCOMPARE(model::WorkerStatus::fromJson(workers.at(2).toObject()), std::optional(m_control.workers().at(2)));
}

void TestDispatcher::get()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    auto out = d.dispatch(s, req("workers.get", R"({"id":"web"})"));
    QCOMPARE(out.response.result.toObject(), m_control.worker(QStringLiteral("web"))->toJson());
    out = d.dispatch(s, req("workers.get", R"({"id":"nope"})"));
    QCOMPARE(code(out.response), QStringLiteral("not_found"));
    out = d.dispatch(s, req("workers.get", R"({})"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params"));
    out = d.dispatch(s, req("workers.get", R"({"id":7})"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params"));
}

void TestDispatcher::operations_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QString>("code");  // empty: success
    QTest::addColumn<QString>("state"); // single id success: the state reported

    QTest::newRow("start stopped") << QStringLiteral("workers.start") << QByteArray(R"({"id":"web"})") << QString() << QStringLiteral("starting");
    QTest::newRow("start running") << QStringLiteral("workers.start") << QByteArray(R"({"id":"db"})") << QStringLiteral("invalid_state") << QString();
    QTest::newRow("stop running") << QStringLiteral("workers.stop") << QByteArray(R"({"id":"db"})") << QString() << QStringLiteral("stopping");
    QTest::newRow("stop stopped") << QStringLiteral("workers.stop") << QByteArray(R"({"id":"web"})") << QStringLiteral("invalid_state") << QString();
    QTest::newRow("restart running") << QStringLiteral("workers.restart") << QByteArray(R"({"id":"db"})") << QString() << QStringLiteral("restarting");
    QTest::newRow("restart failed") << QStringLiteral("workers.restart") << QByteArray(R"({"id":"batch"})") << QString() << QStringLiteral("restarting");
    QTest::newRow("unknown worker") << QStringLiteral("workers.start") << QByteArray(R"({"id":"nope"})") << QStringLiteral("not_found") << QString();
    QTest::newRow("no target") << QStringLiteral("workers.stop") << QByteArray(R"({})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("id and all") << QStringLiteral("workers.stop") << QByteArray(R"({"id":"db","all":true})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("id and ids") << QStringLiteral("workers.stop") << QByteArray(R"({"id":"db","ids":["db"]})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("empty id") << QStringLiteral("workers.stop") << QByteArray(R"({"id":""})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("numeric id") << QStringLiteral("workers.stop") << QByteArray(R"({"id":1})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("all false") << QStringLiteral("workers.stop") << QByteArray(R"({"all":false})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("ids empty") << QStringLiteral("workers.stop") << QByteArray(R"({"ids":[]})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("ids not array") << QStringLiteral("workers.stop") << QByteArray(R"({"ids":"db"})") << QStringLiteral("invalid_params") << QString();
    QTest::newRow("ids with number") << QStringLiteral("workers.stop") << QByteArray(R"({"ids":["db",2]})") << QStringLiteral("invalid_params") << QString();
}

void TestDispatcher::operations()
{
    QFETCH(QString, method);
    QFETCH(QByteArray, params);
    QFETCH(QString, code);
    QFETCH(QString, state);

    Dispatcher d(m_control, options());
    SessionState s = greeted();
    const auto out = d.dispatch(s, {QJsonValue(1), method, QJsonDocument::fromJson(params).object()});
    QCOMPARE(::code(out.response), code);
    if (code.isEmpty())
        QCOMPARE(out.response.result.toObject().value(QStringLiteral("state")).toString(), state);
    else
        QVERIFY(!out.response.error->message.isEmpty());
    if (code == QLatin1String("invalid_params"))
        QVERIFY(m_control.calls.isEmpty()); // nothing was touched
}

void TestDispatcher::severalTargets()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    const auto out = d.dispatch(s, req("workers.stop", R"({"ids":["db","web","nope","db"]})"));
    QVERIFY(!out.response.isError()); // per-worker outcomes, not one error
    const QJsonArray results = out.response.result.toObject().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 3); // "db" twice is done once
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("stopping"));
    QCOMPARE(results.at(1).toObject().value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(results.at(1).toObject().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("invalid_state"));
    QCOMPARE(results.at(2).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("nope"));
    QCOMPARE(results.at(2).toObject().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("not_found"));
    QCOMPARE(m_control.calls, (QStringList{QStringLiteral("stop:db"), QStringLiteral("stop:web"), QStringLiteral("stop:nope")}));
}

void TestDispatcher::allTargets()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    const auto out = d.dispatch(s, req("workers.restart", R"({"all":true})"));
    const QJsonArray results = out.response.result.toObject().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 3);
    for (const QJsonValue &v : results)
        QVERIFY(v.toObject().value(QStringLiteral("ok")).toBool());
    QCOMPARE(m_control.calls.size(), 3);
}

void TestDispatcher::configValidate()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    auto out = d.dispatch(s, req("config.validate", R"({"path":"/etc/x.yaml"})"));
    QVERIFY(!out.response.isError());
    QJsonObject r = out.response.result.toObject();
    QCOMPARE(r.value(QStringLiteral("valid")).toBool(true), false);
    QCOMPARE(r.value(QStringLiteral("path")).toString(), QStringLiteral("/etc/x.yaml"));
    QCOMPARE(r.value(QStringLiteral("diagnostics")).toArray().at(0).toObject().value(QStringLiteral("line")).toInt(), 3);

    // Without a path: the config the agent runs.
    out = d.dispatch(s, req("config.validate"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params")); // the fake runs without one
    m_control.configFile = QStringLiteral("/home/u/.config/hsu/config.yaml");
    out = d.dispatch(s, req("config.validate"));
    QCOMPARE(out.response.result.toObject().value(QStringLiteral("path")).toString(), m_control.configFile);
    QCOMPARE(m_validatedPaths, (QStringList{QStringLiteral("/etc/x.yaml"), m_control.configFile}));

    out = d.dispatch(s, req("config.validate", R"({"path":3})"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params"));
}

void TestDispatcher::configValidateUnavailable()
{
    Dispatcher::Options o = options();
    o.configValidator = {};
    Dispatcher d(m_control, o);
    SessionState s = greeted();
    QCOMPARE(code(d.dispatch(s, req("config.validate", R"({"path":"/x"})")).response), QStringLiteral("unavailable"));
    QVERIFY(!d.capabilities().value(QStringLiteral("methods")).toArray().contains(QStringLiteral("config.validate")));
}

void TestDispatcher::subscriptions()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    auto out = d.dispatch(s, req("events.subscribe", R"({"events":["worker.state"]})"));
    QCOMPARE(out.response.result.toObject().value(QStringLiteral("events")).toArray(), QJsonArray{QStringLiteral("worker.state")});
    QVERIFY(s.subscriptions.contains(QStringLiteral("worker.state")));

    out = d.dispatch(s, req("events.subscribe", R"({"events":["worker.nope"]})"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params"));
    out = d.dispatch(s, req("events.subscribe", R"({})"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params"));
    out = d.dispatch(s, req("events.subscribe", R"({"events":"worker.state"})"));
    QCOMPARE(code(out.response), QStringLiteral("invalid_params"));
    QCOMPARE(s.subscriptions.size(), 1); // a refused request changes nothing

    out = d.dispatch(s, req("events.unsubscribe", R"({"events":["worker.state"]})"));
    QVERIFY(!out.response.isError());
    QVERIFY(s.subscriptions.isEmpty());
    d.dispatch(s, req("events.subscribe", R"({"events":["worker.state"]})"));
    out = d.dispatch(s, req("events.unsubscribe")); // no list: all
    QVERIFY(!out.response.isError());
    QVERIFY(s.subscriptions.isEmpty());
}

void TestDispatcher::shutdown()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    const auto out = d.dispatch(s, req("agent.shutdown"));
    QVERIFY(!out.response.isError());
    QVERIFY(out.shutdownAfterReply);
    QCOMPARE(m_control.shutdownCalls, 0); // the server calls it once the reply is out
}

void TestDispatcher::logsUnavailable()
{
    Dispatcher d(m_control, options());
    SessionState s = greeted();
    QCOMPARE(code(d.dispatch(s, req("logs.tail", R"({"id":"db"})")).response), QStringLiteral("unavailable"));
    QCOMPARE(code(d.dispatch(s, req("logs.subscribe")).response), QStringLiteral("unavailable"));
}

void TestDispatcher::metricsGet()
{
    Dispatcher::Options o = options();
    {
        Dispatcher without(m_control, o);
        SessionState s = greeted();
        QCOMPARE(code(without.dispatch(s, req("metrics.get")).response), QStringLiteral("unavailable"));
    }
    int renders = 0;
    o.metricsText = [&renders] {
        ++renders;
        return QByteArray("# TYPE hsu_workers gauge\nhsu_workers{state=\"running\"} 2\n");
    };
    o.metricsEndpoint = [] { return QStringLiteral("127.0.0.1:9464"); };
    Dispatcher d(m_control, o);
    SessionState s = greeted();
    const auto out = d.dispatch(s, req("metrics.get"));
    QVERIFY(!out.response.isError());
    const QJsonObject r = out.response.result.toObject();
    QCOMPARE(renders, 1);
    QCOMPARE(r.value(QStringLiteral("text")).toString(), QStringLiteral("# TYPE hsu_workers gauge\nhsu_workers{state=\"running\"} 2\n"));
    QCOMPARE(r.value(QStringLiteral("endpoint")).toString(), QStringLiteral("127.0.0.1:9464"));
    QVERIFY(r.value(QStringLiteral("content_type")).toString().startsWith(QLatin1String("text/plain; version=0.0.4")));
}

void TestDispatcher::logsTail()
{
    FakeLogControl logs;
    Dispatcher::Options o = options();
    o.logs = &logs;
    Dispatcher d(m_control, o);
    SessionState s = greeted();
    auto out = d.dispatch(s, req("logs.tail", R"({"id":"db","lines":20,"stream":"stderr"})"));
    QVERIFY(!out.response.isError());
    QCOMPARE(out.response.result.toObject().value(QLatin1String("lines")).toArray().size(), 1);
    QCOMPARE(logs.asked, (QStringList{QStringLiteral("db"), QStringLiteral("20"), QStringLiteral("stderr")}));
    // Defaults, and the ring's size caps what is asked for.
    QVERIFY(!d.dispatch(s, req("logs.tail")).response.isError());
    QCOMPARE(logs.asked, (QStringList{QString(), QStringLiteral("100"), QString()}));
    QVERIFY(!d.dispatch(s, req("logs.tail", R"({"lines":100000})")).response.isError());
    QCOMPARE(logs.asked.value(1), QStringLiteral("500"));
    QCOMPARE(code(d.dispatch(s, req("logs.tail", R"({"id":"nobody"})")).response), QStringLiteral("not_found"));
    for (const char *bad : {R"({"id":5})", R"({"lines":-1})", R"({"lines":1.5})", R"({"lines":"3"})",
                            R"({"stream":"both"})"})
        QCOMPARE(code(d.dispatch(s, req("logs.tail", bad)).response), QStringLiteral("invalid_params"));
    // workers.get carries the collector's counters.
    out = d.dispatch(s, req("workers.get", R"({"id":"db"})"));
    QCOMPARE(out.response.result.toObject().value(QLatin1String("log_dropped")).toInteger(), 7);
}

void TestDispatcher::logsSubscribe()
{
    FakeLogControl logs;
    int changes = 0;
    Dispatcher::Options o = options();
    o.logs = &logs;
    o.logFollowersChanged = [&changes] { ++changes; };
    Dispatcher d(m_control, o);
    SessionState s = greeted();
    auto out = d.dispatch(s, req("logs.subscribe", R"({"ids":["db"]})"));
    QVERIFY(!out.response.isError());
    QVERIFY(s.followsLogs);
    QCOMPARE(s.logWorkers, QSet<QString>{QStringLiteral("db")});
    QCOMPARE(changes, 1);
    out = d.dispatch(s, req("logs.subscribe"));
    QVERIFY(s.followsLogs && s.logWorkers.isEmpty()); // again, without ids: every worker
    QCOMPARE(code(d.dispatch(s, req("logs.subscribe", R"({"ids":["nobody"]})")).response), QStringLiteral("not_found"));
    QCOMPARE(code(d.dispatch(s, req("logs.subscribe", R"({"ids":"db"})")).response), QStringLiteral("invalid_params"));
    QVERIFY(!d.dispatch(s, req("logs.unsubscribe")).response.isError());
    QVERIFY(!s.followsLogs);
    QCOMPARE(changes, 3);
    // logs.lines is not something events.subscribe hands out; logs.dropped is.
    QCOMPARE(code(d.dispatch(s, req("events.subscribe", R"({"events":["logs.lines"]})")).response),
             QStringLiteral("invalid_params"));
    QVERIFY(!d.dispatch(s, req("events.subscribe", R"({"events":["logs.dropped"]})")).response.isError());
}

QTEST_GUILESS_MAIN(TestDispatcher)
#include "tst_dispatcher.moc"
