#pragma once

// An unmanaged worker's search for its process (agent/discovery): at once, then every
// discovery.check_interval while the worker has none. What is found is watched through a pidfd
// (Worker::attach), so its end is seen at once; then the search goes on.

#include <QObject>
#include <QTimer>

namespace hsu::agent {

class Worker;

class UnmanagedWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnmanagedWatch)
public:
    explicit UnmanagedWatch(Worker &worker, QObject *parent = nullptr);
    // The spec changed (a reload): the new interval and method from now on.
    void specChanged();
    void search();

private:
    Worker &m_worker;
    QTimer m_timer;
};

} // namespace hsu::agent
