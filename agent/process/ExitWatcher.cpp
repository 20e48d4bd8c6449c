#include "ExitWatcher.h"

#include "CrossThread.h"
#include "ProcessTree.h"
#include "Standby.h"

#include <QLoggingCategory>
#include <QObject>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>
#include <unordered_map>
#include <utility>

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcExits, "hsu.agent.process.exits")

namespace hsu::agent {

bool Respawn::restartsAfter(const ExitStatus &status) const
{
    const bool clean = status.exitCode && *status.exitCode == 0;
    const int afterGrace = upTime.isValid() && upTime.elapsed() >= graceMs ? 1 : 0;
    return clean ? afterClean[afterGrace] : afterUnclean[afterGrace];
}

class ExitWatcher::Private
{
public:
    static constexpr quint64 kWakeKey = 0;
    static constexpr std::chrono::milliseconds kRespawnReportDelay{2};

    int epoll = -1;
    int wake = -1; // eventfd: the thread is to end
    std::atomic<bool> stopping{false};
    std::thread thread;
    QObject *mailbox = nullptr; // lives on the delivering thread

    // Reports of respawns, held back until their time (kRespawnReportDelay): see handleExit().
    struct Held
    {
        std::chrono::steady_clock::time_point due;
        quint64 key;
    };
    std::vector<Held> held; // watcher thread only

    std::mutex registryMutex;
    std::unordered_map<quint64, std::weak_ptr<ExitWatch>> registry; // guarded
    quint64 nextKey = 1;                                              // guarded

    std::shared_ptr<ExitWatch> find(quint64 key)
    {
        const std::lock_guard lock(registryMutex);
        const auto it = registry.find(key);
        return it == registry.end() ? nullptr : it->second.lock();
    }

    void run();
    int msUntilNextHeld() const;
    void postDue();
    void post(quint64 key);
    void handleExit(const std::shared_ptr<ExitWatch> &watch);
    void deliver(quint64 key);
};

ExitWatcher &ExitWatcher::instance()
{
    static ExitWatcher watcher;
    return watcher;
}

ExitWatcher::ExitWatcher()
    : d(std::make_unique<Private>())
{
    d->epoll = ::epoll_create1(EPOLL_CLOEXEC);
    d->wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (d->epoll < 0 || d->wake < 0)
        qFatal("hsu-agent: cannot watch processes (epoll/eventfd: %s)", std::strerror(errno));
    struct epoll_event ev;
    std::memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.u64 = Private::kWakeKey;
    ::epoll_ctl(d->epoll, EPOLL_CTL_ADD, d->wake, &ev);
    d->mailbox = new QObject;
    d->thread = std::thread([p = d.get()] { p->run(); });
}

ExitWatcher::~ExitWatcher()
{
    d->stopping = true;
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t n = ::write(d->wake, &one, sizeof one);
    if (d->thread.joinable())
        d->thread.join();
    ::close(d->wake);
    ::close(d->epoll);
    delete d->mailbox;
}

std::shared_ptr<ExitWatch> ExitWatcher::watch(qint64 pid, int pidfd, int control,
                                              std::function<void(const ExitReport &)> onEnded)
{
    std::shared_ptr<ExitWatch> w(new ExitWatch);
    w->m_pid = pid;
    w->m_pidfd = pidfd;
    w->m_control = control;
    w->m_onEnded = std::move(onEnded);
    {
        const std::lock_guard lock(d->registryMutex);
        w->m_key = d->nextKey++;
        d->registry.emplace(w->m_key, w);
    }
    struct epoll_event ev;
    std::memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN; // level-triggered: an exit before this line is seen as well
    ev.data.u64 = w->m_key;
    if (::epoll_ctl(d->epoll, EPOLL_CTL_ADD, pidfd, &ev) != 0)
        qCWarning(lcExits) << "cannot watch pid" << pid << ":" << std::strerror(errno);
    return w;
}

void ExitWatcher::forget(ExitWatch *watch)
{
    {
        const std::lock_guard lock(d->registryMutex);
        d->registry.erase(watch->m_key);
    }
    if (watch->m_pidfd >= 0) {
        ::epoll_ctl(d->epoll, EPOLL_CTL_DEL, watch->m_pidfd, nullptr); // ENOENT once reaped: fine
        ::close(watch->m_pidfd);
    }
    if (watch->m_control >= 0)
        ::close(watch->m_control);
}

void ExitWatcher::Private::run()
{
    // Signals are for the agent's main thread (its handlers); none is to interrupt a spawn here.
    sigset_t all;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, nullptr);
    ::pthread_setname_np(::pthread_self(), "hsu-exits");
    struct epoll_event events[64];
    while (!stopping.load()) {
        const int n = ::epoll_wait(epoll, events, 64, msUntilNextHeld());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            qCCritical(lcExits) << "epoll_wait:" << std::strerror(errno);
            return;
        }
        for (int i = 0; i < n; ++i) {
            if (events[i].data.u64 == kWakeKey)
                continue; // the loop's condition says why
            if (const std::shared_ptr<ExitWatch> w = find(events[i].data.u64))
                handleExit(w);
        }
        postDue();
    }
}

int ExitWatcher::Private::msUntilNextHeld() const
{
    if (held.empty())
        return -1;
    const auto left = held.front().due - std::chrono::steady_clock::now();
    // epoll_wait counts whole milliseconds: round up, never spin.
    return std::max<int>(0, int(std::chrono::ceil<std::chrono::milliseconds>(left).count()));
}

void ExitWatcher::Private::postDue()
{
    const auto now = std::chrono::steady_clock::now();
    while (!held.empty() && held.front().due <= now) {
        post(held.front().key);
        held.erase(held.begin());
    }
}

void ExitWatcher::Private::post(quint64 key)
{
    process::postTo(mailbox, [this, key] { deliver(key); });
}

void ExitWatcher::Private::handleExit(const std::shared_ptr<ExitWatch> &w)
{
    const std::optional<ExitStatus> status = reapProcess(w->m_pidfd);
    if (!status)
        return; // not ended after all (or reaped already): keep watching
    // A reaped process's pidfd stays readable: no more events from it.
    ::epoll_ctl(epoll, EPOLL_CTL_DEL, w->m_pidfd, nullptr);
    ExitReport report;
    bool respawned = false;
    report.status = *status;
    // Released from a standby, whose exec the agent did not wait for: did the exec fail?
    report.execFailure = Standby::execFailure(std::exchange(w->m_control, -1));
    {
        const std::lock_guard lock(w->m_mutex);
        if (w->m_respawn && report.execFailure.isEmpty() && w->m_respawn->restartsAfter(*status)) {
            const Respawn &r = *w->m_respawn;
            // What the ended process left, before its successor joins the same cgroup.
            if (r.tree) {
                report.leftInTree = r.tree->pids();
                report.leftInTree.removeAll(r.standbyPid);
                report.leftInTree.removeAll(w->m_pid);
            }
            if (r.standby) {
                report.standbyUsed = true;
                if (r.standby->isWaiting())
                    report.next = r.standby->release(&report.nextControl);
            }
            if (report.next.pid <= 0)
                report.next = spawnPrepared(*r.launch, r.childNoFile);
            report.respawned = true;
            w->m_respawn.reset();
        }
        w->m_ended = true;
        respawned = report.respawned;
        w->m_report = std::make_unique<ExitReport>(std::move(report));
    }
    if (!respawned) {
        post(w->m_key);
        return;
    }
    // The new process is exec'ing now, and the worker's bookkeeping (states, events, log lines,
    // the log reader's end of the old process) would wake two of the agent's threads beside it:
    // on a machine with two cores, that delays the new process's start. Nothing waits for the
    // report meanwhile (a stop or restart takes it in at once: ExitWatch::disarm), so it goes out
    // once the new process has had its start.
    held.push_back({std::chrono::steady_clock::now() + kRespawnReportDelay, w->m_key});
}

void ExitWatcher::Private::deliver(quint64 key)
{
    const std::shared_ptr<ExitWatch> w = find(key);
    if (!w)
        return; // let go of meanwhile
    std::unique_ptr<ExitReport> report;
    {
        const std::lock_guard lock(w->m_mutex);
        report = std::move(w->m_report);
    }
    if (report && w->m_onEnded)
        w->m_onEnded(*report); // taken in by disarm() already: nothing
}

ExitWatch::~ExitWatch()
{
    ExitWatcher::instance().forget(this);
}

void ExitWatch::arm(std::unique_ptr<Respawn> respawn)
{
    const std::lock_guard lock(m_mutex);
    if (m_ended)
        return; // ended unarmed: its report is on its way
    m_respawn = std::move(respawn);
}

std::optional<ExitReport> ExitWatch::disarm()
{
    const std::lock_guard lock(m_mutex);
    m_respawn.reset();
    if (!m_report || !m_report->respawned)
        return std::nullopt;
    const std::unique_ptr<ExitReport> taken = std::move(m_report);
    return std::move(*taken);
}

} // namespace hsu::agent
