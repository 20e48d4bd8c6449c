#pragma once

// One run of one health check, asynchronous: started on the calling thread's event loop, its
// result handed to a callback once, within the check's timeout. http (2xx and 3xx healthy), tcp
// (a connection accepted), exec (the command, without a shell, exits 0; at the timeout its whole
// process group is killed), process (the worker's process alive and not a zombie) and grpc
// (grpc.health.v1.Health/Check answering SERVING, or another unary method answering OK: an
// integrated worker's proto.CoreService/Ping; see GrpcCall).

#include "shared/config/WorkerSpec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QProcess;

namespace hsu::agent::health {

class CheckSocket;
class GrpcCall;

// grpc.health.v1 wire format, written out (one field each): the HealthCheckRequest for `service`,
// and the ServingStatus in a HealthCheckResponse (-1: not one).
QByteArray healthCheckRequest(const QString &service);
int servingStatus(const QByteArray &message);
// "127.0.0.1:50051", "[::1]:50051", "localhost:50051".
bool splitHostPort(const QString &address, QString &host, quint16 &port);

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
    explicit HealthProbe(QObject *parent = nullptr);
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
    void runGrpc(const config::HealthCheckSpec &check);
    void endCommand(); // its whole group killed, the QProcess let go

    std::function<void(const ProbeResult &)> m_done;
    QElapsedTimer m_clock;
    QTimer m_timeout;
    QString m_what; // "http://127.0.0.1:8080/", "127.0.0.1:5432": for the reasons
    CheckSocket *m_socket = nullptr; // http and tcp
    QProcess *m_command = nullptr;
    GrpcCall *m_grpc = nullptr; // made at the first grpc run, kept
};

} // namespace hsu::agent::health
