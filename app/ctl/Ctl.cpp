#include "Ctl.h"

#include "CtlArguments.h"
#include "CtlAutostart.h"
#include "CtlExport.h"
#include "CtlFormat.h"
#include "CtlLogs.h"
#include "CtlResources.h"

#include "shared/client/AgentClient.h"
#include "shared/config/ConfigText.h"
#include "shared/config/YamlLoader.h"
#include "shared/model/WorkerStatus.h"
#include "shared/protocol/Protocol.h"
#include "shared/protocol/SocketPath.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <functional>

#if defined(Q_OS_UNIX)
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace hsu::ctl {

namespace p = protocol;

namespace {

constexpr int kConnectTimeoutMs = 5000;
constexpr int kRequestTimeoutMs = 30000;

void printJson(QTextStream &out, const QJsonValue &v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

// validate runs the loader here, in-process: checking a file must not need a running agent.
int validate(const Arguments &a, QTextStream &out, QTextStream &err)
{
    const config::LoadResult loaded = config::YamlLoader::validateFile(a.file);
    const QList<config::Diagnostic> &diagnostics = loaded.diagnostics;
    const bool valid = loaded.ok();

    if (a.json) {
        QJsonArray list;
        for (const config::Diagnostic &d : diagnostics)
            list.append(d.toJson());
        printJson(out, QJsonObject{{QStringLiteral("file"), a.file},
                                   {QStringLiteral("valid"), valid},
                                   {QStringLiteral("diagnostics"), list}});
        return valid ? ExitOk : ExitFailed;
    }
    // One FILE:LINE:COL line each, the form editors and CI annotate.
    for (const config::Diagnostic &d : diagnostics)
        err << d.toString() << '\n';
    if (!valid) {
        if (loaded.errors().isEmpty()) // never leave a failure without a line that says so
            err << a.file << ":1:1: the file could not be loaded\n";
        return ExitFailed;
    }
    const qsizetype n = qsizetype(loaded.config->workers.size());
    out << a.file << ": valid (" << n << (n == 1 ? " worker" : " workers") << ")\n";
    return ExitOk;
}

int failed(QTextStream &err, const client::Reply &reply)
{
    err << "hsuctl: " << (reply.errorMessage.isEmpty() ? reply.errorCode : reply.errorMessage) << '\n';
    return ExitFailed;
}

int status(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    QJsonArray list;
    if (a.ids.isEmpty()) {
        const client::Reply r = agent.callAndWait(QString(p::method::WorkersList), {}, kRequestTimeoutMs);
        if (!r.ok())
            return failed(err, r);
        list = r.result.toObject().value(QLatin1String("workers")).toArray();
    } else {
        const client::Reply r = agent.callAndWait(QString(p::method::WorkersGet),
                                                  QJsonObject{{QStringLiteral("id"), a.ids.first()}}, kRequestTimeoutMs);
        if (!r.ok())
            return failed(err, r);
        // An array of one: scripts read `status` and `status ID` the same way.
        list.append(r.result);
    }
    if (a.json) {
        printJson(out, list);
        return ExitOk;
    }
    QList<model::WorkerStatus> workers;
    for (const QJsonValue &v : std::as_const(list))
        if (const auto w = model::WorkerStatus::fromJson(v.toObject()))
            workers << *w;
    if (workers.isEmpty()) {
        out << "no workers\n";
        return ExitOk;
    }
    out << formatStatusTable(workers, QDateTime::currentDateTimeUtc());
    return ExitOk;
}

int operate(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    QString method, verb;
    switch (a.command) {
    case Command::Start: method = p::method::WorkersStart; verb = QStringLiteral("start"); break;
    case Command::Stop: method = p::method::WorkersStop; verb = QStringLiteral("stop"); break;
    case Command::Pause: method = p::method::WorkersPause; verb = QStringLiteral("pause"); break;
    case Command::Resume: method = p::method::WorkersResume; verb = QStringLiteral("resume"); break;
    default: method = p::method::WorkersRestart; verb = QStringLiteral("restart"); break;
    }
    // Always the list form, so the answer has one shape: {"results": [...]}.
    const QJsonObject params = a.all ? QJsonObject{{QStringLiteral("all"), true}}
                                     : QJsonObject{{QStringLiteral("ids"), QJsonArray::fromStringList(a.ids)}};
    const client::Reply r = agent.callAndWait(method, params, kRequestTimeoutMs);
    if (!r.ok())
        return failed(err, r);

    const QJsonArray results = r.result.toObject().value(QLatin1String("results")).toArray();
    int failures = 0;
    for (const QJsonValue &v : results) {
        const QJsonObject item = v.toObject();
        const QString id = item.value(QLatin1String("id")).toString();
        if (item.value(QLatin1String("ok")).toBool()) {
            if (!a.json)
                out << id << ": " << item.value(QLatin1String("status")).toObject().value(QLatin1String("state")).toString() << '\n';
        } else {
            ++failures;
            err << "hsuctl: " << verb << ' ' << id << ": "
                << item.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString() << '\n';
        }
    }
    if (a.json)
        printJson(out, results);
    return failures ? ExitFailed : ExitOk;
}

int sendSignal(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const client::Reply r = agent.callAndWait(QString(p::method::WorkersSignal),
                                              {{QStringLiteral("id"), a.ids.first()}, {QStringLiteral("signal"), a.signal}},
                                              kRequestTimeoutMs);
    if (!r.ok())
        return failed(err, r);
    if (a.json)
        printJson(out, r.result);
    else
        out << a.ids.first() << ": sent " << a.signal.toUpper() << '\n';
    return ExitOk;
}

int shutdown(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const client::Reply r = agent.callAndWait(QString(p::method::AgentShutdown), {}, kRequestTimeoutMs);
    if (!r.ok())
        return failed(err, r);
    if (a.json)
        printJson(out, r.result);
    else
        out << "hsu-agent is stopping its workers and shutting down\n";
    return ExitOk;
}

// A reload's plan: its summary, then the ids of each kind of change.
void printPlan(QTextStream &out, const QJsonObject &plan)
{
    out << plan.value(QLatin1String("summary")).toString() << '\n';
    for (const char *key : {"added", "removed", "restarted", "live"}) {
        QStringList ids;
        for (const QJsonValue &v : plan.value(QLatin1String(key)).toArray())
            ids << v.toString();
        if (!ids.isEmpty())
            out << "  " << (qstrcmp(key, "live") == 0 ? "changed live" : key) << ": " << ids.join(QLatin1String(", ")) << '\n';
    }
}

// A reply that carries a reload's plan (reload, diff, save): the JSON as it came, or the plan in
// words; `keys`: with each changed worker's changed keys.
int planReply(const client::Reply &r, const Arguments &a, QTextStream &out, QTextStream &err, bool keys = false)
{
    if (!r.ok())
        return failed(err, r);
    if (a.json) {
        printJson(out, r.result);
        return ExitOk;
    }
    printPlan(out, r.result.toObject());
    const QJsonObject changed = keys ? r.result.toObject().value(QLatin1String("changed_keys")).toObject() : QJsonObject();
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        QStringList k;
        for (const QJsonValue &v : it.value().toArray())
            k << v.toString();
        out << "  " << it.key() << ": " << k.join(QLatin1String(", ")) << '\n';
    }
    return ExitOk;
}

// config.get, `edit` its text, config.save: the agent checks the result in full, writes it and
// reloads. The file stays the one source of truth, its comments and order kept (ConfigText.h).
int editConfig(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err,
               const std::function<QByteArray(const QByteArray &text, const QString &path, QString *error)> &edit)
{
    const client::Reply got = agent.callAndWait(QString(p::method::ConfigGet), {}, kRequestTimeoutMs);
    if (!got.ok())
        return failed(err, got);
    const QString path = got.result.toObject().value(QLatin1String("path")).toString();
    QString error;
    const QByteArray text = edit(got.result.toObject().value(QLatin1String("text")).toString().toUtf8(), path, &error);
    if (text.isEmpty()) {
        err << "hsuctl: " << error << '\n';
        return ExitFailed;
    }
    return planReply(agent.callAndWait(QString(p::method::ConfigSave), {{QStringLiteral("text"), QString::fromUtf8(text)}},
                                       kRequestTimeoutMs),
                     a, out, err);
}

int add(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    config::NewWorker w;
    w.id = a.ids.first();
    w.name = a.name;
    w.restartPolicy = a.restart;
    w.environment = a.env;
    w.workingDirectory = a.cwd;
    // As a shell would find it, written as an absolute path: the agent's PATH may differ.
    const QString program = a.program.first();
    w.program = config::absoluteProgram(program);
    if (w.program.isEmpty()) {
        err << "hsuctl: add: \"" << program << "\" is not in PATH\n";
        return ExitFailed;
    }
    w.args = a.program.mid(1);
    return editConfig(agent, a, out, err, [&w](const QByteArray &text, const QString &path, QString *error) {
        return config::addWorkerText(text, w, path, error);
    });
}

int remove(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    return editConfig(agent, a, out, err, [&a](const QByteArray &text, const QString &path, QString *error) {
        return config::removeWorkerText(text, a.ids.first(), path, error);
    });
}

int reload(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    return planReply(agent.callAndWait(QString(p::method::ConfigReload), {}, kRequestTimeoutMs), a, out, err);
}

int diff(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    QJsonObject params;
    if (!a.file.isEmpty())
        params.insert(QStringLiteral("path"), a.file);
    return planReply(agent.callAndWait(QString(p::method::ConfigDiff), params, kRequestTimeoutMs), a, out, err, true);
}

// Whose the socket is when it is not ours (its folder's owner when the socket cannot be looked
// at): "start an agent" is the wrong advice for another user's, which refuses us on purpose.
QString foreignOwner(const QString &socket)
{
#if defined(Q_OS_UNIX)
    for (const QString &path : {socket, QFileInfo(socket).absolutePath()}) {
        struct stat st = {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            continue;
        if (st.st_uid == ::getuid() || (path != socket && (st.st_mode & S_ISVTX)))
            return {}; // ours, or a shared folder such as /tmp: nothing to say
        const passwd *pw = ::getpwuid(st.st_uid);
        return pw ? QStringLiteral("%1 (uid %2)").arg(QString::fromLocal8Bit(pw->pw_name)).arg(st.st_uid)
                  : QStringLiteral("uid %1").arg(st.st_uid);
    }
#else
    Q_UNUSED(socket);
#endif
    return {};
}

} // namespace

int run(const QStringList &argv, QTextStream &out, QTextStream &err)
{
    const ParseResult parsed = parseArguments(argv);
    if (!parsed.ok()) {
        err << "hsuctl: " << parsed.error << "\nTry 'hsuctl --help'.\n";
        return ExitUsage;
    }
    const Arguments &a = parsed.args;
    switch (a.command) {
    case Command::Help:
        out << usageText();
        return ExitOk;
    case Command::Version:
        out << versionText();
        return ExitOk;
    case Command::Validate:
        return validate(a, out, err);
    case Command::Autostart:
        return runAutostart(a, out, err);
    case Command::Export:
        return runExport(a, out, err);
    case Command::None:
        return ExitUsage; // parseArguments never returns it without an error
    default:
        break;
    }

    const QString socket = p::resolveSocketPath(a.socket);
    client::AgentClient agent(QStringLiteral("hsuctl"));
    QString error;
    if (!agent.connectAndWait(socket, &error, kConnectTimeoutMs)) {
        err << "hsuctl: cannot reach hsu-agent (" << error << ")\n";
        if (const QString owner = foreignOwner(socket); !owner.isEmpty())
            err << "hsuctl: " << socket << " belongs to " << owner << ", and an agent serves only the user it runs as:"
                << " run hsuctl as that user, or start an agent of your own with 'hsu-agent' (docs/security.md)\n";
        else
            err << "hsuctl: start it with 'hsu-agent' (your config) or 'hsu-agent --config FILE', or point hsuctl at another"
                   " one with --socket PATH or HSU_SOCKET\n";
        return ExitUnreachable;
    }

    int code = ExitFailed;
    switch (a.command) {
    case Command::Status: code = status(agent, a, out, err); break;
    case Command::Start:
    case Command::Stop:
    case Command::Restart:
    case Command::Pause:
    case Command::Resume: code = operate(agent, a, out, err); break;
    case Command::Top: code = top(agent, a, out, err); break;
    case Command::Doctor: code = doctor(agent, a, out, err); break;
    case Command::Health: code = health(agent, a, out, err); break;
    case Command::Metrics: code = metrics(agent, a, out, err); break;
    case Command::Signal: code = sendSignal(agent, a, out, err); break;
    case Command::Shutdown: code = shutdown(agent, a, out, err); break;
    case Command::Reload: code = reload(agent, a, out, err); break;
    case Command::Diff: code = diff(agent, a, out, err); break;
    case Command::Add: code = add(agent, a, out, err); break;
    case Command::Remove: code = remove(agent, a, out, err); break;
    case Command::Logs: code = logs(agent, a, out, err); break;
    default: break;
    }
    agent.disconnectFromAgent();
    return code;
}

} // namespace hsu::ctl
