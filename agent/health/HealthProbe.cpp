#include "HealthProbe.h"

#include "GrpcCall.h"

#include "CheckSocket.h"

#include <QFile>
#include <QProcess>
#include <QUrl>

#include <memory>

#include <csignal>

#include <unistd.h>

namespace hsu::agent::health {

HealthProbe::HealthProbe(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: "no answer within N ms" must hold
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(false, QStringLiteral("no answer from %1 within %2 ms").arg(m_what).arg(m_timeout.interval()));
    });
}

HealthProbe::~HealthProbe()
{
    cancel();
}


void HealthProbe::cancel()
{
    m_done = nullptr;
    m_timeout.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    endCommand();
    if (m_grpc)
        m_grpc->abort();
}

void HealthProbe::endCommand()
{
    if (!m_command)
        return;
    m_command->disconnect(this);
    // Its own process group: whatever it started goes with it (a hung check leaves nothing).
    if (const qint64 pid = m_command->processId(); pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
    m_command->waitForFinished(1000); // reaped at once after SIGKILL
    m_command->deleteLater();
    m_command = nullptr;
}

void HealthProbe::run(const config::HealthCheckSpec &check, qint64 pid, std::function<void(const ProbeResult &)> done)
{
    cancel();
    m_done = std::move(done);
    m_clock.start();
    m_timeout.setInterval(int(std::max<qint64>(1, check.runOptions.timeout.count())));
    switch (check.type) {
    case config::HealthCheckType::Http:
        runHttp(check);
        return;
    case config::HealthCheckType::Tcp:
        runTcp(check);
        return;
    case config::HealthCheckType::Process:
        runProcess(pid);
        return;
    case config::HealthCheckType::Exec:
        runExec(check);
        return;
    case config::HealthCheckType::Grpc:
        runGrpc(check);
        return;
    default:
        // Never asked for (supports() is false): answered, never left hanging.
        QMetaObject::invokeMethod(this, [this] { finish(false, QStringLiteral("this kind of check is not run yet")); },
                                  Qt::QueuedConnection);
        return;
    }
}

void HealthProbe::finish(bool healthy, const QString &reason)
{
    if (!m_done)
        return;
    const ProbeResult result{healthy, reason, m_clock.elapsed()};
    auto done = std::move(m_done);
    cancel();
    done(result);
}

// HTTP/1.1 by hand, as much as a check needs: one request with "Connection: close", and the
// status line of the answer (the rest is not read). A proxy the desktop may set is not used (the
// worker is local), redirects are not followed (a 3xx is an answer: healthy).
void HealthProbe::runHttp(const config::HealthCheckSpec &check)
{
    m_what = check.httpUrl;
    const QUrl url(check.httpUrl);
    if (url.scheme() != QLatin1String("http") || url.host().isEmpty()) {
        const QString why = url.scheme() == QLatin1String("https")
                                ? QStringLiteral("%1: https is not checked (the agent speaks plain http to its workers)").arg(m_what)
                                : QStringLiteral("%1 is not an http:// URL").arg(m_what);
        QMetaObject::invokeMethod(this, [this, why] { finish(false, why); }, Qt::QueuedConnection);
        return;
    }
    const quint16 port = quint16(url.port(80));
    QByteArray request = check.httpMethod.toUtf8() + ' '
        + (url.path(QUrl::FullyEncoded).isEmpty() ? QByteArray("/") : url.path(QUrl::FullyEncoded).toUtf8())
        + (url.hasQuery() ? '?' + url.query(QUrl::FullyEncoded).toUtf8() : QByteArray()) + " HTTP/1.1\r\n";
    const QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    request += "Host: " + (host.contains(':') ? '[' + host + ']' : host) + (url.port() > 0 ? ':' + QByteArray::number(port) : QByteArray())
        + "\r\n";
    bool agent = false;
    for (auto it = check.httpHeaders.cbegin(); it != check.httpHeaders.cend(); ++it) {
        request += it.key().toUtf8() + ": " + it.value().toUtf8() + "\r\n";
        agent = agent || it.key().compare(QLatin1String("User-Agent"), Qt::CaseInsensitive) == 0;
    }
    if (!agent)
        request += "User-Agent: hsu-agent\r\n";
    request += "Accept: */*\r\nConnection: close\r\n\r\n";

    m_socket = new CheckSocket(this);
    m_timeout.start();
    connect(m_socket, &CheckSocket::connected, this, [this, request] { m_socket->write(request); });
    connect(m_socket, &CheckSocket::failed, this, [this](const QString &why) { finish(false, QStringLiteral("%1: %2").arg(m_what, why)); });
    auto answer = std::make_shared<QByteArray>();
    connect(m_socket, &CheckSocket::readyRead, this, [this, answer] {
        answer->append(m_socket->readAll());
        const qsizetype eol = answer->indexOf('\n');
        if (eol < 0) {
            if (answer->size() > 8192)
                finish(false, QStringLiteral("%1 did not answer HTTP").arg(m_what));
            return;
        }
        // "HTTP/1.1 200 OK": the status is the three digits after the first space.
        const QByteArray line = answer->left(eol).trimmed();
        const qsizetype space = line.indexOf(' ');
        bool ok = false;
        const int status = space > 0 ? line.mid(space + 1, 3).toInt(&ok) : 0;
        if (!line.startsWith("HTTP/") || !ok || status < 100 || status > 999)
            finish(false, QStringLiteral("%1 did not answer HTTP").arg(m_what));
        else if (status >= 200 && status < 400)
            finish(true, QString());
        else
            finish(false, QStringLiteral("HTTP %1 from %2").arg(status).arg(m_what));
    });
    connect(m_socket, &CheckSocket::peerClosed, this,
            [this] { finish(false, QStringLiteral("%1 closed the connection without an answer").arg(m_what)); });
    m_socket->connectTo(url.host(), port);
}

void HealthProbe::runTcp(const config::HealthCheckSpec &check)
{
    const QString host = check.tcpAddress.isEmpty() ? QStringLiteral("127.0.0.1") : check.tcpAddress;
    m_what = QStringLiteral("%1:%2").arg(host).arg(check.tcpPort);
    m_socket = new CheckSocket(this);
    m_timeout.start();
    connect(m_socket, &CheckSocket::connected, this, [this] { finish(true, QString()); });
    connect(m_socket, &CheckSocket::failed, this, [this](const QString &why) { finish(false, QStringLiteral("%1: %2").arg(m_what, why)); });
    m_socket->connectTo(host, quint16(check.tcpPort));
}

void HealthProbe::runExec(const config::HealthCheckSpec &check)
{
    m_what = check.execCommand;
    m_command = new QProcess(this);
    m_command->setProgram(check.execCommand);
    m_command->setArguments(check.execArgs);
    m_command->setStandardInputFile(QProcess::nullDevice());
    m_command->setStandardOutputFile(QProcess::nullDevice());
    m_command->setStandardErrorFile(QProcess::nullDevice());
    // A group of its own, so that the timeout reaches what it started too.
    m_command->setChildProcessModifier([] { ::setpgid(0, 0); });
    m_timeout.start();
    connect(m_command, &QProcess::finished, this, [this](int code, QProcess::ExitStatus how) {
        if (how == QProcess::NormalExit && code == 0)
            finish(true, QString());
        else if (how == QProcess::NormalExit)
            finish(false, QStringLiteral("%1 exited with code %2").arg(m_what).arg(code));
        else
            finish(false, QStringLiteral("%1 crashed").arg(m_what));
    });
    connect(m_command, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish(false, QStringLiteral("cannot run %1: %2").arg(m_what, m_command ? m_command->errorString() : QString()));
    });
    m_command->start();
}

void HealthProbe::runProcess(qint64 pid)
{
    m_what = QStringLiteral("process %1").arg(pid);
    // /proc/PID/stat: "pid (comm) S ..."; the state follows the last ')' (comm may hold any byte).
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    QString reason;
    bool alive = false;
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly)) {
        reason = QStringLiteral("process %1 is gone").arg(pid);
    } else {
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')');
        const char state = close > 0 && close + 2 < text.size() ? text.at(close + 2) : '?';
        alive = state != 'Z' && state != 'X' && state != '?';
        if (!alive)
            reason = QStringLiteral("process %1 is a zombie (state %2)").arg(pid).arg(QLatin1Char(state));
    }
    QMetaObject::invokeMethod(this, [this, alive, reason] { finish(alive, reason); }, Qt::QueuedConnection);
}

namespace {

// protobuf's base-128 varint.
void appendVarint(QByteArray &out, quint64 v)
{
    do {
        const char byte = char(v & 0x7f);
        v >>= 7;
        out.append(v ? char(byte | 0x80) : byte);
    } while (v);
}

bool readVarint(const QByteArray &in, qsizetype &at, quint64 &v)
{
    v = 0;
    for (int shift = 0; shift < 64 && at < in.size(); shift += 7) {
        const auto byte = quint8(in.at(at++));
        v |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

} // namespace

QByteArray healthCheckRequest(const QString &service)
{
    QByteArray out;
    const QByteArray name = service.toUtf8();
    if (name.isEmpty())
        return out; // proto3 leaves the default (the whole server) out
    out.append(char(0x0a)); // field 1, length-delimited
    appendVarint(out, quint64(name.size()));
    out.append(name);
    return out;
}

int servingStatus(const QByteArray &message)
{
    int status = 0; // absent: UNKNOWN
    qsizetype at = 0;
    while (at < message.size()) {
        quint64 key = 0;
        if (!readVarint(message, at, key))
            return -1;
        quint64 value = 0;
        switch (key & 7) {
        case 0: // varint
            if (!readVarint(message, at, value))
                return -1;
            if (key >> 3 == 1)
                status = int(std::min<quint64>(value, 1000));
            break;
        case 1: at += 8; break;
        case 5: at += 4; break;
        case 2:
            if (!readVarint(message, at, value) || value > quint64(message.size() - at))
                return -1;
            at += qsizetype(value);
            break;
        default:
            return -1;
        }
    }
    return at == message.size() ? status : -1;
}

bool splitHostPort(const QString &address, QString &host, quint16 &port)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    host = address.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = address.mid(colon + 1).toUInt(&ok);
    if (!ok || p == 0 || p > 65535 || host.isEmpty())
        return false;
    port = quint16(p);
    return true;
}

void HealthProbe::runGrpc(const config::HealthCheckSpec &check)
{
    m_what = check.grpcAddress;
    QString host;
    quint16 port = 0;
    if (!splitHostPort(check.grpcAddress, host, port)) {
        QMetaObject::invokeMethod(
            this, [this] { finish(false, QStringLiteral("grpc.address \"%1\" is not HOST:PORT").arg(m_what)); },
            Qt::QueuedConnection);
        return;
    }
    // No method: the standard health service. Another method (an integrated worker's
    // proto.CoreService/Ping) is called with an empty request, and an OK answer is healthy.
    QString method = check.grpcMethod;
    while (method.startsWith(QLatin1Char('/')))
        method.remove(0, 1);
    const bool standard = method.isEmpty();
    const QByteArray path = '/' + (standard ? QByteArrayLiteral("grpc.health.v1.Health/Check") : method.toUtf8());
    QList<QPair<QByteArray, QByteArray>> headers;
    for (auto it = check.grpcHeaders.cbegin(); it != check.grpcHeaders.cend(); ++it)
        headers.append({it.key().toUtf8(), it.value().toUtf8()});
    if (!m_grpc)
        m_grpc = new GrpcCall(this);
    const QString service = check.grpcService;
    m_grpc->start(host, port, path, standard ? healthCheckRequest(service) : QByteArray(), m_timeout.interval(), headers,
                  [this, standard, service, path](const GrpcReply &r) {
                      if (!r.answered) {
                          finish(false, r.error);
                          return;
                      }
                      const QString detail = r.grpcMessage.isEmpty() ? QString() : QStringLiteral(": ") + r.grpcMessage;
                      if (r.grpcStatus == 5 && standard) {
                          finish(false, QStringLiteral("%1 does not know the service \"%2\" (grpc-status 5 NOT_FOUND%3)")
                                            .arg(m_what, service, detail));
                      } else if (r.grpcStatus == 12) {
                          finish(false, QStringLiteral("%1 has no %2 (grpc-status 12 UNIMPLEMENTED%3)")
                                            .arg(m_what, standard ? QStringLiteral("health service") : QString::fromUtf8(path), detail));
                      } else if (r.grpcStatus != 0) {
                          finish(false, QStringLiteral("%1 answered grpc-status %2 %3%4")
                                            .arg(m_what).arg(r.grpcStatus).arg(grpcStatusName(r.grpcStatus), detail));
                      } else if (!standard) {
                          finish(true, QString());
                      } else {
                          const int status = servingStatus(r.message);
                          static const char *const names[] = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
                          if (status == 1)
                              finish(true, QString());
                          else if (status < 0)
                              finish(false, QStringLiteral("%1 sent a health answer that is not a HealthCheckResponse").arg(m_what));
                          else
                              finish(false, QStringLiteral("%1 says %2").arg(m_what, status < 4 ? QString::fromLatin1(names[status])
                                                                                                  : QStringLiteral("status %1").arg(status)));
                      }
                  });
    m_timeout.start();
}

} // namespace hsu::agent::health
