#include "HealthProbe.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpSocket>

#include <csignal>

#include <unistd.h>

namespace hsu::agent::health {

HealthProbe::HealthProbe(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    m_timeout.setSingleShot(true);
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
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    endCommand();
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

void HealthProbe::runHttp(const config::HealthCheckSpec &check)
{
    m_what = check.httpUrl;
    QNetworkRequest request{QUrl(check.httpUrl)};
    for (auto it = check.httpHeaders.cbegin(); it != check.httpHeaders.cend(); ++it)
        request.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
    // Not from a cache, and not through a proxy the desktop may set: the worker is local.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_reply = m_network.sendCustomRequest(request, check.httpMethod.toUtf8());
    m_reply->setParent(this);
    m_timeout.start();
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        QNetworkReply *reply = m_reply;
        if (!reply)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 400)
            finish(true, QString());
        else if (status > 0)
            finish(false, QStringLiteral("HTTP %1 from %2").arg(status).arg(m_what));
        else
            finish(false, QStringLiteral("%1: %2").arg(m_what, reply->errorString()));
    });
}

void HealthProbe::runTcp(const config::HealthCheckSpec &check)
{
    const QString host = check.tcpAddress.isEmpty() ? QStringLiteral("127.0.0.1") : check.tcpAddress;
    m_what = QStringLiteral("%1:%2").arg(host).arg(check.tcpPort);
    m_socket = new QTcpSocket(this);
    m_timeout.start();
    connect(m_socket, &QTcpSocket::connected, this, [this] { finish(true, QString()); });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        finish(false, QStringLiteral("%1: %2").arg(m_what, m_socket ? m_socket->errorString() : QString()));
    });
    m_socket->connectToHost(host, quint16(check.tcpPort));
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

} // namespace hsu::agent::health
