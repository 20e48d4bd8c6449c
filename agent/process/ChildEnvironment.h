#pragma once

// The environment a worker starts with: the agent's own, encoded once and shared by every worker,
// with the worker's own variables on top, kept as execve() wants them ("NAME=value").
//
// Why not a QProcessEnvironment per worker: each one that differs from the agent's (every worker:
// HSU_WORKER_ID) is a full hash of the agent's variables, about 8 KiB each, and spawning turned it
// into strings again at every start; a thousand workers held 8 MB of copies of one environment.

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace hsu::agent {

class ChildEnvironment
{
public:
    // No base: the child gets the agent's environ as it is at the spawn, plus the own variables.
    ChildEnvironment() = default;
    // The agent's environment now, encoded once; copies share it.
    static ChildEnvironment ofThisProcess();
    static ChildEnvironment of(const QProcessEnvironment &environment);

    // Sets NAME (replacing the base's value, or an earlier set()).
    void set(const QString &name, const QString &value);
    // The value the child would see; nullopt when unset.
    std::optional<QString> value(const QString &name) const;
    // Every "NAME=value" the child gets, in order: the base's (less those set here), then the own.
    QList<QByteArray> entries() const;
    // The same as pointers for execve, ending in nullptr; valid while this object is unchanged.
    void pointers(std::vector<char *> &out) const;

private:
    static QByteArray nameOf(const QByteArray &entry);
    bool isOverridden(const QByteArray &entry) const;

    std::shared_ptr<const QList<QByteArray>> m_base; // null: the agent's environ at the spawn
    QList<QByteArray> m_own;
};

} // namespace hsu::agent
