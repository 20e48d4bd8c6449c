#pragma once
// Handing work to another thread's object (the log reader, the sampler, the main thread) in a
// way ThreadSanitizer can follow.
//
// Qt's queued calls are ordered by Qt's post-event mutex. Debian's Qt is not built with
// ThreadSanitizer and that mutex's fast path is inlined into libQt6Core, so the order it gives is
// invisible: everything the caller wrote before the call and the callee read in it looks like a
// race (issue 16, docs/sanitizers.md). These two functions say that order out loud: the caller
// releases a token after its last write, the callee acquires it before its first read (and, for a
// blocking call, the other way round for the results). Without ThreadSanitizer they are exactly
// QMetaObject::invokeMethod.

#include <QMetaObject>
#include <QObject>

#include <memory>
#include <type_traits>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#define HSU_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HSU_TSAN 1
#endif
#endif

#ifdef HSU_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace hsu::agent::process {

namespace crossthread {
inline void release([[maybe_unused]] const void *token)
{
#ifdef HSU_TSAN
    __tsan_release(const_cast<void *>(token));
#endif
}
inline void acquire([[maybe_unused]] const void *token)
{
#ifdef HSU_TSAN
    __tsan_acquire(const_cast<void *>(token));
#endif
}

// What Qt's queued call holds: the job, on the heap. Qt ends its copy of the functor on whichever
// thread drops the call's last reference (its own counter, invisible here too): the caller's,
// when the call ran before invokeMethod returned, or the context's. Either way the job's end
// is ordered after its run by the token (the job's address).
template <typename Job>
class Carrier
{
public:
    explicit Carrier(std::unique_ptr<Job> job) : m_job(std::move(job)) {}
    Carrier(Carrier &&) noexcept = default;
    Carrier &operator=(Carrier &&) = delete;
    ~Carrier()
    {
        if (m_job)
            acquire(m_job.get());
    }
    void operator()()
    {
        acquire(m_job.get());
        (*m_job)();
        release(m_job.get());
    }

private:
    std::unique_ptr<Job> m_job;
};
} // namespace crossthread

// Runs fn on context's thread later (Qt::QueuedConnection). fn and what it captured belong to
// that thread from this call on.
template <typename Fn>
void postTo(QObject *context, Fn &&fn)
{
    auto job = std::make_unique<std::decay_t<Fn>>(std::forward<Fn>(fn));
    crossthread::release(job.get()); // after the job's last write on this thread
    QMetaObject::invokeMethod(context, crossthread::Carrier<std::decay_t<Fn>>(std::move(job)), Qt::QueuedConnection);
}

// Runs fn on context's thread and waits for it (Qt::BlockingQueuedConnection): what fn wrote is
// the caller's again when this returns. Never call it on context's own thread (Qt refuses; it
// would deadlock).
template <typename Fn>
void callOn(QObject *context, Fn &&fn)
{
    char token = 0;
    // fn (made by the caller just before this call) and what it refers to are stack objects
    // whose address nothing has seen yet: the compiler may finish writing them after an opaque
    // call such as the release below, as ThreadSanitizer then rightly reports. Seen here, they
    // are written before it.
    asm volatile("" : : "g"(&fn), "g"(&token) : "memory");
    crossthread::release(&token);
    // The addresses, by value: a by-reference capture of `fn` (itself a reference) may be kept
    // as the address of this frame's slot for it, read on the other thread before the acquire.
    QMetaObject::invokeMethod(
        context,
        [token = &token, job = &fn] {
            crossthread::acquire(token);
            (*job)();
            crossthread::release(token);
        },
        Qt::BlockingQueuedConnection);
    crossthread::acquire(&token);
}

} // namespace hsu::agent::process
