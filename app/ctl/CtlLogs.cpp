#include "CtlLogs.h"

#include "shared/model/LogRecord.h"

#include "shared/client/AgentClient.h"
#include "shared/protocol/Protocol.h"

#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>

#include <csignal>

#include <sys/socket.h>
#include <unistd.h>

namespace hsu::ctl {

namespace p = protocol;

namespace {

constexpr int kRequestTimeoutMs = 30000;

// Prints lines and remembers the newest seq per worker and stream, so that the live lines that
// overlap the tail are not printed twice.
class LinePrinter
{
public:
    LinePrinter(const Arguments &a, QTextStream &out, QTextStream &err)
        : m_args(a)
        , m_out(out)
        , m_err(err)
    {
    }

    void print(const QJsonArray &lines)
    {
        for (const QJsonValue &v : lines) {
            // Read through the type the agent writes it with; what is not a line is skipped.
            const std::optional<model::LogRecord> line = model::LogRecord::fromJson(v.toObject());
            if (!line)
                continue;
            const QString stream = line->isStderr ? QStringLiteral("stderr") : QStringLiteral("stdout");
            if (!m_args.stream.isEmpty() && stream != m_args.stream)
                continue;
            qint64 &last = m_last[line->worker + u'\n' + stream];
            if (line->seq <= last)
                continue;
            last = line->seq;
            QTextStream &to = line->isStderr ? m_err : m_out;
            if (m_args.json) {
                m_out << QString::fromUtf8(QJsonDocument(line->toJson()).toJson(QJsonDocument::Compact)) << '\n';
                continue;
            }
            if (m_args.ids.isEmpty())
                to << line->worker << " | ";
            // Bytes that are not UTF-8 go out as they came.
            if (!line->raw.isEmpty()) {
                to.flush();
                const int fd = &to == &m_err ? STDERR_FILENO : STDOUT_FILENO;
                if (::write(fd, line->raw.constData(), size_t(line->raw.size())) < 0) {
                    // nothing useful to do: the reader went away
                }
            } else {
                to << line->text;
            }
            to << '\n';
        }
        m_out.flush();
        m_err.flush();
    }

private:
    const Arguments &m_args;
    QTextStream &m_out;
    QTextStream &m_err;
    QHash<QString, qint64> m_last;
};

// SIGINT / SIGTERM end a follow cleanly (exit 0), through a socketpair the handler writes to.
int g_signalFd = -1;
void onSignal(int)
{
    const char c = 1;
    if (::write(g_signalFd, &c, 1) < 0) {
        // the loop is gone already
    }
}

} // namespace

int logs(client::AgentClient &agent, const Arguments &a, QTextStream &out, QTextStream &err)
{
    LinePrinter printer(a, out, err);
    QJsonObject params{{QStringLiteral("lines"), a.lines}};
    if (!a.ids.isEmpty())
        params.insert(QStringLiteral("id"), a.ids.first());
    if (!a.stream.isEmpty())
        params.insert(QStringLiteral("stream"), a.stream);

    QEventLoop loop;
    int code = ExitOk;
    if (a.follow) {
        // Subscribe before the tail: a line printed between the two is then in one of them, and
        // the printer drops what both have.
        QObject::connect(&agent, &client::AgentClient::eventReceived, &loop,
                         [&](const QString &name, const QJsonValue &data) {
                             if (name != p::event::LogsLines)
                                 return;
                             const QJsonObject o = data.toObject();
                             printer.print(o.value(QLatin1String("lines")).toArray());
                             if (const qint64 skipped = o.value(QLatin1String("skipped")).toInteger(); skipped > 0)
                                 err << "hsuctl: " << skipped
                                     << " lines came too fast to show live; the log files have them\n" << Qt::flush;
                         });
        QObject::connect(&agent, &client::AgentClient::disconnected, &loop, [&] {
            err << "hsuctl: the agent went away\n";
            code = ExitFailed;
            loop.quit();
        });
        QJsonObject sub;
        if (!a.ids.isEmpty())
            sub.insert(QStringLiteral("ids"), QJsonArray{a.ids.first()});
        const client::Reply r = agent.callAndWait(QString(p::method::LogsSubscribe), sub, kRequestTimeoutMs);
        if (!r.ok()) {
            err << "hsuctl: " << (r.errorMessage.isEmpty() ? r.errorCode : r.errorMessage) << '\n';
            return ExitFailed;
        }
    }
    const client::Reply r = agent.callAndWait(QString(p::method::LogsTail), params, kRequestTimeoutMs);
    if (!r.ok()) {
        err << "hsuctl: " << (r.errorMessage.isEmpty() ? r.errorCode : r.errorMessage) << '\n';
        return ExitFailed;
    }
    printer.print(r.result.toObject().value(QLatin1String("lines")).toArray());
    if (!a.follow)
        return ExitOk;

    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0) {
        g_signalFd = pair[1];
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
        auto *notifier = new QSocketNotifier(pair[0], QSocketNotifier::Read, &loop);
        QObject::connect(notifier, &QSocketNotifier::activated, &loop, &QEventLoop::quit);
    }
    loop.exec();
    return code;
}

} // namespace hsu::ctl
