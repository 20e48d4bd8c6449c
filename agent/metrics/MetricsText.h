#pragma once

// The Prometheus text exposition format (version 0.0.4) of a Snapshot: every family once, with
// its HELP and TYPE, its series together; names follow Prometheus's rules (one `hsu_` prefix,
// base units, `_total` counters, `_info` metadata, the worker id as the only per-worker label
// besides small fixed sets such as state or cause). docs/metrics.md lists every family.

#include "MetricsStore.h"

#include <QByteArray>

namespace hsu::agent::metrics {

// What the agent adds at scrape time without reading /proc (getrusage is a system call).
struct AgentFacts
{
    QByteArray version;
    QByteArray qtVersion;
    double cpuSeconds = 0;
};

// The agent's own CPU time now (user + system, every thread).
AgentFacts currentAgentFacts();

QByteArray renderText(const Snapshot &snapshot, const AgentFacts &facts);

// The content type a scrape is answered with.
inline constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

} // namespace hsu::agent::metrics
