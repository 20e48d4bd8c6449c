#include "shared/config/LoadWorkers.h"
#include "shared/config/MapReader.h"

#include <QHash>

namespace hsu::config {

namespace {

// Depth-first search in file order; each back edge closes one cycle, reported at the depends_on
// entry that closes it.
class CycleFinder final
{
public:
    CycleFinder(LoadContext &context, const std::vector<WorkerSpec> &workers, const std::vector<WorkerSource> &sources,
                const QHash<QString, std::size_t> &index)
        : m_context(context)
        , m_workers(workers)
        , m_sources(sources)
        , m_index(index)
        , m_state(workers.size(), State::New)
    {
    }

    void run()
    {
        for (std::size_t i = 0; i < m_workers.size(); ++i)
            if (m_state[i] == State::New && m_index.value(m_workers[i].id) == i)
                visit(i);
    }

private:
    enum class State { New, OnStack, Done };

    void visit(std::size_t i)
    {
        m_state[i] = State::OnStack;
        m_stack.push_back(i);
        const WorkerSpec &w = m_workers[i];
        for (std::size_t d = 0; d < w.dependsOn.size(); ++d) {
            const auto it = m_index.constFind(w.dependsOn[d].id);
            if (it == m_index.constEnd())
                continue; // reported as unknown already
            const std::size_t j = *it;
            if (m_state[j] == State::OnStack) {
                QStringList cycle;
                bool inCycle = false;
                for (std::size_t k : m_stack) {
                    inCycle = inCycle || k == j;
                    if (inCycle)
                        cycle << m_workers[k].id;
                }
                cycle << m_workers[j].id;
                m_context.error(m_sources[i].dependencies[d],
                                QStringLiteral("dependency cycle: %1").arg(cycle.join(QStringLiteral(" -> "))));
            } else if (m_state[j] == State::New) {
                visit(j);
            }
        }
        m_stack.pop_back();
        m_state[i] = State::Done;
    }

    LoadContext &m_context;
    const std::vector<WorkerSpec> &m_workers;
    const std::vector<WorkerSource> &m_sources;
    const QHash<QString, std::size_t> &m_index;
    std::vector<State> m_state;
    std::vector<std::size_t> m_stack;
};

} // namespace

void validateWorkers(LoadContext &context, const std::vector<WorkerSpec> &workers,
                     const std::vector<WorkerSource> &sources)
{
    QHash<QString, std::size_t> index; // id -> first worker with it
    QStringList ids;
    for (std::size_t i = 0; i < workers.size(); ++i) {
        const QString &id = workers[i].id;
        if (id.isEmpty())
            continue;
        if (const auto it = index.constFind(id); it != index.constEnd()) {
            context.error(sources[i].id, QStringLiteral("duplicate worker id '%1' (first defined at line %2)")
                                             .arg(id)
                                             .arg(sources[*it].id.line + 1));
            continue;
        }
        index.insert(id, i);
        ids << id;
    }
    for (std::size_t i = 0; i < workers.size(); ++i) {
        for (std::size_t d = 0; d < workers[i].dependsOn.size(); ++d) {
            const QString &dep = workers[i].dependsOn[d].id;
            if (index.contains(dep))
                continue;
            QString message = QStringLiteral("depends_on: no worker has the id '%1'").arg(dep);
            const QString suggestion = nearest(dep, ids);
            if (!suggestion.isEmpty())
                message += QStringLiteral("; did you mean '%1'?").arg(suggestion);
            context.error(sources[i].dependencies[d], message);
        }
    }
    // "healthy" needs a check the agent runs on the dependency; without one it waits for "started".
    for (std::size_t i = 0; i < workers.size(); ++i) {
        for (std::size_t d = 0; d < workers[i].dependsOn.size(); ++d) {
            const Dependency &dep = workers[i].dependsOn[d];
            const auto it = index.constFind(dep.id);
            if (dep.condition != DependencyCondition::Healthy || it == index.constEnd() || workers[*it].checksHealth())
                continue;
            context.warning(sources[i].dependencies[d],
                            QStringLiteral("depends_on '%1' with condition healthy: '%1' has no health check the agent "
                                           "runs (its health_check is missing or disabled), so '%2' waits only for it to be started")
                                .arg(dep.id, workers[i].id));
        }
    }
    CycleFinder(context, workers, sources, index).run();
}

} // namespace hsu::config
