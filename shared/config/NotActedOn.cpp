#include "shared/config/NotActedOn.h"

#include <QList>
#include <QStringList>

#include <vector>

namespace hsu::config {

std::span<const NotActedOn> notActedOnTable()
{
    static constexpr NotActedOn table[] = {
        {"master.port", nullptr, "it is HSU Master's gRPC port; this agent is reached over a local socket", true},

        // Workers the agent cannot run yet.
        {"workers.unit.*.control.execution.wait_delay", nullptr,
         "the agent reads a worker's output until its pipes close", true},

        // Health checks and resource limits, and the restart settings that only they use.
        // Resource limits are acted on (agent/limits, agent/monitor) except for these.
        {"workers.unit.*.control.limits.cpu_shares", nullptr, "CPU shares are not applied (cpu.max_percent / max_cores are)", true},
        {"workers.unit.*.control.limits.memory.max_swap", nullptr, "swap is not limited separately", true},
        {"workers.unit.*.control.limits.io.weight", nullptr, "I/O weight is not applied (max_read_bps / max_write_bps are)", true},
        {"workers.unit.*.control.limits.io.max_read_ops", nullptr, "I/O operation rates are not limited", true},
        {"workers.unit.*.control.limits.io.max_write_ops", nullptr, "I/O operation rates are not limited", true},
        {"workers.unit.*.control.limits.process.max_child_processes", nullptr,
         "not limited separately: max_processes counts the worker and all its descendants", true},
        {"workers.unit.*.control.limits.monitoring.alerting_enabled", nullptr,
         "alerts follow each limit's policy (alert)", true},
        {"workers.unit.*.control.process_file", nullptr,
         "the agent keeps its own pid files in its state folder", true},

        // log_collection is acted on (agent/logs) except for these.
        {"log_collection.system.worker_directory", nullptr, "the agent's --log-dir decides where logs go", true},
        {"log_collection.system.max_workers", nullptr, "every worker's output is collected", true},
        {"log_collection.system.max_processes", nullptr, "every worker's output is collected", true},
        {"log_collection.system.metrics", nullptr, "log metrics are not exported", true},

        // HSU Master keys this project does not model at all: loaded and dropped, with a warning.
        {"**.processing.parsers", nullptr, "log parsers are not supported (and are not kept when saving)", false},
        {"**.outputs.forwarding", nullptr, "log forwarding is not supported (and is not kept when saving)", false},
        {"log_collection.enhancement.parsers", nullptr,
         "log parsers are not supported (and are not kept when saving)", false},
        {"log_collection.enhancement.enrichers", nullptr,
         "log enrichers are not supported (and are not kept when saving)", false},
        {"log_collection.system.metrics.targets", nullptr,
         "metrics targets are not supported (and are not kept when saving)", false},
        {"**.authentication", nullptr,
         "only local log targets are supported (and this is not kept when saving)", false},
        {"**.config", nullptr, "target-specific settings are not supported (and are not kept when saving)", false},
    };
    return table;
}

namespace {
bool matchSegments(const QList<QStringView> &pattern, qsizetype p, const QList<QStringView> &path, qsizetype s)
{
    if (p == pattern.size())
        return s == path.size();
    if (pattern[p] == u"**") {
        for (qsizetype k = s; k <= path.size(); ++k)
            if (matchSegments(pattern, p + 1, path, k))
                return true;
        return false;
    }
    if (s == path.size())
        return false;
    if (pattern[p] != u"*" && pattern[p] != path[s])
        return false;
    return matchSegments(pattern, p + 1, path, s + 1);
}
} // namespace

const NotActedOn *findNotActedOn(QStringView path, QStringView value)
{
    // Asked for every key of the config (a thousand workers: some forty thousand times): the
    // patterns are split once.
    struct Split
    {
        QStringList text;
        QList<QStringView> parts;
    };
    static const std::vector<Split> patterns = [] {
        std::vector<Split> list;
        for (const NotActedOn &row : notActedOnTable()) {
            Split s;
            s.text = QString::fromLatin1(row.path).split(u'.');
            for (const QString &t : std::as_const(s.text))
                s.parts.append(QStringView(t));
            list.push_back(std::move(s));
        }
        return list;
    }();
    const QList<QStringView> pathParts = path.split(u'.');
    const std::span<const NotActedOn> table = notActedOnTable();
    for (std::size_t i = 0; i < table.size(); ++i) {
        const NotActedOn &row = table[i];
        if ((row.value == nullptr) != value.isNull())
            continue;
        if (row.value && value != QLatin1String(row.value))
            continue;
        if (matchSegments(patterns[i].parts, 0, pathParts, 0))
            return &row;
    }
    return nullptr;
}

QString notActedOnMessage(const NotActedOn &row, QStringView key, QStringView value)
{
    const QString what = value.isNull() ? QStringLiteral("'%1'").arg(key)
                                        : QStringLiteral("%1: %2").arg(key, value);
    return QStringLiteral("%1 is accepted but not acted on yet: %2").arg(what, QString::fromLatin1(row.why));
}

} // namespace hsu::config
