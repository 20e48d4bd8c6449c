#pragma once

// What `health.get` answers for one worker: the check the agent runs, its verdict, and its last
// results, newest last. One value type for the agent (which fills it), hsuctl (`hsuctl health
// ID`) and the GUI (the detail pane and the health strip), so all three read the same keys.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace hsu::model {

struct HealthResult
{
    QDateTime at;          // when the run ended
    bool ok = false;
    qint64 latencyMs = 0;  // how long the run took (to its answer, or to its timeout)
    QString reason;        // why not (empty when ok)
    QString verdict;       // the worker's health after this result: healthy, degraded, unhealthy

    QJsonObject toJson() const;
    static std::optional<HealthResult> fromJson(const QJsonObject &o);
    bool operator==(const HealthResult &) const = default;
};

struct HealthReport
{
    QString id;
    // The check: its kind ("http", "tcp", "grpc", "exec", "process") and what it calls, in words
    // ("GET http://127.0.0.1:8080/health", "127.0.0.1:5432", "grpc 127.0.0.1:50051 service db").
    QString kind;
    QString target;
    bool enabled = true;
    qint64 intervalMs = 0;
    qint64 timeoutMs = 0;
    qint64 initialDelayMs = 0;
    int retries = 1;
    QString health;        // as WorkerStatus::health ("" without a check the agent runs)
    QString reason;
    int failuresInARow = 0;
    qint64 checks = 0;     // runs since the agent took the worker
    qint64 failures = 0;   // failed runs since then
    QList<HealthResult> results; // the last ones (at most kKept), oldest first
    static constexpr int kKept = 60;

    QJsonObject toJson() const;
    static std::optional<HealthReport> fromJson(const QJsonObject &o);
    bool operator==(const HealthReport &) const = default;
};

} // namespace hsu::model
