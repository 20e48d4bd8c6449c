#pragma once

// Every key the loader accepts, as the loader itself asks for it: what docs/config-reference.md is
// checked against (tests/unit/shared/config/tst_configreference.cpp), so the reference cannot drift
// from the code. Off unless a test turns it on; off, the loader pays one relaxed atomic load per key.

#include <QMap>
#include <QString>

#include <atomic>

namespace hsu::config {

class KnownKeys final
{
public:
    // Paths are HSU Master spelled and dotted; a list's items add "[]" to the list's key
    // ("workers[].id"), and a mapping whose keys are data (environment, headers, depends_on) has "*"
    // for its key ("workers[].depends_on.*.condition").
    static void setRecording(bool on) { s_recording.store(on, std::memory_order_relaxed); }
    static bool recording() { return s_recording.load(std::memory_order_relaxed); }

    // `procmanSpelling`: the key's own name in the HSU procman dialect, where it has another one.
    static void record(const QString &path, const char *procmanSpelling = nullptr);
    // path -> its HSU procman spelling ("" where the key is spelled the same in both dialects).
    static QMap<QString, QString> recorded();
    static void clear();

    static QString join(const QString &parent, const QString &key)
    {
        return parent.isEmpty() ? key : parent + u'.' + key;
    }

private:
    static inline std::atomic<bool> s_recording{false};
};

} // namespace hsu::config
