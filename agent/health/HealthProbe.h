#pragma once

// One run of one health check, asynchronous: started on the calling thread's event loop, its
// result handed to a callback once, within the check's timeout. http (2xx and 3xx healthy), tcp
// (a connection accepted), exec (the command, without a shell, exits 0; at the timeout its whole
// process group is killed) and process (the worker's process alive and not a zombie) are run
// here; grpc is not yet (config::HealthCheckSpec::isRun says so, and the loader warns).

#include "shared/config/WorkerSpec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QNetworkAccessManager;
class QProcess;
class QNetworkReply;
class QTcpSocket;

namespace hsu::agent::health {

struct ProbeResult
{
    bool healthy = false;
    QString reason;     // why not (empty when healthy)
    qint64 latencyMs = 0;
};

class HealthProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthProbe)
public:
    // `network` serves every http check of the agent (its connections are reused).
    HealthProbe(QNetworkAccessManager &network, QObject *parent = nullptr);
    ~HealthProbe() override;

    // Runs `check` once against the worker's process `pid`; `done` is called once (not from
    // inside run()). A run under way is abandoned (its callback never called) by the next run()
    // or by cancel().
    void run(const config::HealthCheckSpec &check, qint64 pid, std::function<void(const ProbeResult &)> done);
    void cancel();
    bool isRunning() const { return static_cast<bool>(m_done); }

private:
    void finish(bool healthy, const QString &reason);
    void runHttp(const config::HealthCheckSpec &check);
    void runTcp(const config::HealthCheckSpec &check);
    void runProcess(qint64 pid);
    void runExec(const config::HealthCheckSpec &check);
    void endCommand(); // its whole group killed, the QProcess let go

    QNetworkAccessManager &m_network;
    std::function<void(const ProbeResult &)> m_done;
    QElapsedTimer m_clock;
    QTimer m_timeout;
    QString m_what; // "http://127.0.0.1:8080/", "127.0.0.1:5432": for the reasons
    QPointer<QNetworkReply> m_reply;
    QTcpSocket *m_socket = nullptr;
    QProcess *m_command = nullptr;
};

} // namespace hsu::agent::health
