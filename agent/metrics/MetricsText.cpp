#include "MetricsText.h"

#include "shared/model/WorkerState.h"

#include <QtGlobal>

#include <charconv>
#include <string>

#include <sys/resource.h>

namespace hsu::agent::metrics {

namespace {

const std::array<QByteArray, kStateCount> &stateNames()
{
    static const std::array<QByteArray, kStateCount> names = [] {
        std::array<QByteArray, kStateCount> n;
        for (int i = 0; i < kStateCount; ++i)
            n[size_t(i)] = model::toString(model::WorkerState(i)).toUtf8();
        return n;
    }();
    return names;
}

constexpr std::array<const char *, kCauseCount> kCauses{"exit", "resource", "health", "user"};
constexpr std::array<const char *, 4> kHealthStates{"unknown", "healthy", "degraded", "unhealthy"};

// Appends to one growing buffer: a thousand workers make some 40 000 lines, so no QString::arg,
// no temporaries per number.
class Writer
{
public:
    explicit Writer(size_t reserve) { m_out.reserve(reserve); }

    void family(const char *name, const char *type, const char *help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    // name{worker="id"[,key="value"]...} value
    Writer &begin(const char *name)
    {
        m_out += name;
        m_first = true;
        return *this;
    }
    Writer &label(const char *key, const QByteArray &value) { return label(key, value.constData(), size_t(value.size())); }
    Writer &label(const char *key, const char *value) { return label(key, value, std::char_traits<char>::length(value)); }
    Writer &label(const char *key, const char *value, size_t size)
    {
        m_out += m_first ? '{' : ',';
        m_first = false;
        m_out += key;
        m_out += "=\"";
        m_out.append(value, size);
        m_out += '"';
        return *this;
    }
    void value(double v)
    {
        close();
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, r.ptr);
        m_out += '\n';
    }
    void value(qint64 v)
    {
        close();
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, r.ptr);
        m_out += '\n';
    }
    void value(quint64 v) { value(qint64(v)); }
    void value(int v) { value(qint64(v)); }

    QByteArray take() const { return QByteArray(m_out.data(), qsizetype(m_out.size())); }

private:
    void close()
    {
        if (!m_first)
            m_out += '}';
        m_out += ' ';
    }
    std::string m_out;
    bool m_first = true;
};

QByteArray number(double v)
{
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return QByteArray(buf, qsizetype(r.ptr - buf));
}

void agentFamilies(Writer &w, const Snapshot &s, const AgentFacts &facts)
{
    w.family("hsu_agent_build_info", "gauge", "The agent's version and the Qt it runs on (always 1).");
    w.begin("hsu_agent_build_info").label("version", facts.version).label("qt_version", facts.qtVersion).value(1);
    w.family("hsu_agent_start_time_seconds", "gauge", "When the agent started, seconds since the Unix epoch.");
    w.begin("hsu_agent_start_time_seconds").value(s.agent.startTime);
    w.family("hsu_agent_cpu_seconds_total", "counter", "CPU time the agent used, user and system, in seconds.");
    w.begin("hsu_agent_cpu_seconds_total").value(facts.cpuSeconds);
    w.family("hsu_agent_resident_memory_bytes", "gauge", "The agent's resident memory at its last sampling round, in bytes.");
    w.begin("hsu_agent_resident_memory_bytes").value(s.agent.rss);
    w.family("hsu_agent_config_reloads_total", "counter", "Config reloads, by result (ok: applied; failed: refused, the running config kept).");
    w.begin("hsu_agent_config_reloads_total").label("result", "ok").value(s.agent.reloadsOk);
    w.begin("hsu_agent_config_reloads_total").label("result", "failed").value(s.agent.reloadsFailed);
    std::array<qint64, kStateCount> byState{};
    for (const WorkerMetrics &m : s.workers)
        ++byState[size_t(m.state)];
    w.family("hsu_workers", "gauge", "Workers in each state.");
    for (int i = 0; i < kStateCount; ++i)
        w.begin("hsu_workers").label("state", stateNames()[size_t(i)]).value(byState[size_t(i)]);
}

void stateFamilies(Writer &w, const Snapshot &s)
{
    w.family("hsu_worker_info", "gauge", "A worker's name and type (always 1).");
    for (const WorkerMetrics &m : s.workers)
        w.begin("hsu_worker_info").label("worker", m.id).label("name", m.name).label("type", m.type).value(1);
    w.family("hsu_worker_up", "gauge", "1 while the worker is running, else 0.");
    for (const WorkerMetrics &m : s.workers)
        w.begin("hsu_worker_up").label("worker", m.id).value(m.state == int(model::WorkerState::Running) ? 1 : 0);
    w.family("hsu_worker_state", "gauge", "The worker's state: 1 for the state it is in, 0 for the others.");
    for (const WorkerMetrics &m : s.workers)
        for (int i = 0; i < kStateCount; ++i)
            w.begin("hsu_worker_state").label("worker", m.id).label("state", stateNames()[size_t(i)]).value(m.state == i ? 1 : 0);
    w.family("hsu_worker_start_time_seconds", "gauge", "When the worker's current process started, seconds since the Unix epoch.");
    for (const WorkerMetrics &m : s.workers)
        if (m.startTime > 0)
            w.begin("hsu_worker_start_time_seconds").label("worker", m.id).value(m.startTime);
    w.family("hsu_worker_restarts_total", "counter", "Restarts the agent made, by cause (exit: the process ended; health: its check failed; resource: a limit's policy; user: asked for).");
    for (const WorkerMetrics &m : s.workers)
        for (int c = 0; c < kCauseCount; ++c)
            w.begin("hsu_worker_restarts_total").label("worker", m.id).label("cause", kCauses[size_t(c)]).value(m.restarts[size_t(c)]);
}

// A resource family with one series per worker from one WorkerMetrics member. Counters are
// integrated over every sample the worker had, so each worker has one (0 before its first sample);
// gauges are the last sample of the current process, so a worker not sampled yet has none: absent,
// not a 0 that reads like a measurement.
enum class Resource { Counter, Gauge };

template <typename T>
void resourceFamily(Writer &w, const Snapshot &s, const char *name, Resource kind, const char *help, T WorkerMetrics::*member)
{
    w.family(name, kind == Resource::Counter ? "counter" : "gauge", help);
    for (const WorkerMetrics &m : s.workers)
        if (kind == Resource::Counter || m.sampled)
            w.begin(name).label("worker", m.id).value(m.*member);
}

void resourceFamilies(Writer &w, const Snapshot &s)
{
    resourceFamily(w, s, "hsu_worker_cpu_seconds_total", Resource::Counter, "CPU time of the worker's process tree, in seconds, as sampled.", &WorkerMetrics::cpuSeconds);
    resourceFamily(w, s, "hsu_worker_resident_memory_bytes", Resource::Gauge, "Resident memory of the worker's process tree at its last sample, in bytes.", &WorkerMetrics::rss);
    resourceFamily(w, s, "hsu_worker_virtual_memory_bytes", Resource::Gauge, "Virtual memory of the worker's process tree at its last sample, in bytes.", &WorkerMetrics::vms);
    resourceFamily(w, s, "hsu_worker_io_read_bytes_total", Resource::Counter, "Bytes the worker's process tree read from storage, as sampled.", &WorkerMetrics::readBytes);
    resourceFamily(w, s, "hsu_worker_io_write_bytes_total", Resource::Counter, "Bytes the worker's process tree wrote to storage, as sampled.", &WorkerMetrics::writeBytes);
    resourceFamily(w, s, "hsu_worker_open_fds", Resource::Gauge, "Open file descriptors of the worker's process tree at its last sample.", &WorkerMetrics::fds);
    resourceFamily(w, s, "hsu_worker_processes", Resource::Gauge, "Processes in the worker's tree at its last sample.", &WorkerMetrics::processes);
    w.family("hsu_worker_limit_violations_total", "counter", "Limit violations the agent saw, by resource and the limit's policy.");
    for (const WorkerMetrics &m : s.workers)
        for (const auto &[key, count] : m.violations)
            w.begin("hsu_worker_limit_violations_total").label("worker", m.id).label("resource", key.first).label("policy", key.second).value(count);
}

void healthFamilies(Writer &w, const Snapshot &s)
{
    w.family("hsu_worker_health", "gauge", "The health check's verdict: 1 for the current one, 0 for the others (workers with a check only).");
    for (const WorkerMetrics &m : s.workers) {
        if (m.health.isEmpty())
            continue;
        for (const char *h : kHealthStates)
            w.begin("hsu_worker_health").label("worker", m.id).label("status", h).value(m.health == h ? 1 : 0);
    }
    static const std::array<QByteArray, kHealthBuckets.size()> bounds = [] {
        std::array<QByteArray, kHealthBuckets.size()> b;
        for (size_t i = 0; i < kHealthBuckets.size(); ++i)
            b[i] = number(kHealthBuckets[i]);
        return b;
    }();
    w.family("hsu_worker_health_check_duration_seconds", "histogram", "How long the worker's health check runs took, in seconds.");
    for (const WorkerMetrics &m : s.workers) {
        if (m.health.isEmpty() && m.checks == 0)
            continue;
        quint64 cumulative = 0;
        for (size_t i = 0; i < kHealthBuckets.size(); ++i) {
            cumulative += m.buckets[i];
            w.begin("hsu_worker_health_check_duration_seconds_bucket").label("worker", m.id).label("le", bounds[i]).value(cumulative);
        }
        w.begin("hsu_worker_health_check_duration_seconds_bucket").label("worker", m.id).label("le", "+Inf").value(m.checks);
        w.begin("hsu_worker_health_check_duration_seconds_sum").label("worker", m.id).value(m.checkSeconds);
        w.begin("hsu_worker_health_check_duration_seconds_count").label("worker", m.id).value(m.checks);
    }
}

void logFamilies(Writer &w, const Snapshot &s)
{
    std::vector<LogCounts> counts;
    counts.reserve(s.workers.size());
    for (const WorkerMetrics &m : s.workers)
        counts.push_back(m.logs ? m.logs() : LogCounts{});
    w.family("hsu_worker_log_lines_total", "counter", "Lines the worker wrote to stdout and stderr that the agent read.");
    for (size_t i = 0; i < s.workers.size(); ++i)
        w.begin("hsu_worker_log_lines_total").label("worker", s.workers[i].id).value(counts[i].lines);
    w.family("hsu_worker_log_lines_dropped_total", "counter", "Lines that reached none of their log targets (a full queue, a write error).");
    for (size_t i = 0; i < s.workers.size(); ++i)
        w.begin("hsu_worker_log_lines_dropped_total").label("worker", s.workers[i].id).value(counts[i].dropped);
}

} // namespace

AgentFacts currentAgentFacts()
{
    AgentFacts f;
    f.version = QByteArrayLiteral(HSU_VERSION);
    f.qtVersion = QByteArray(qVersion());
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) == 0)
        f.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                       + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    return f;
}

QByteArray renderText(const Snapshot &snapshot, const AgentFacts &facts)
{
    // Some 45 lines of about 60 bytes per worker.
    Writer w(4096 + snapshot.workers.size() * 45 * 64);
    agentFamilies(w, snapshot, facts);
    stateFamilies(w, snapshot);
    resourceFamilies(w, snapshot);
    healthFamilies(w, snapshot);
    logFamilies(w, snapshot);
    return w.take();
}

} // namespace hsu::agent::metrics
