#pragma once

// Checks the editor's text with the agent's own loader, off the GUI thread: a thousand-worker
// file takes longer to load than a keystroke may block the window. Only the newest text counts:
// while one check runs, texts typed meanwhile replace each other and the next check takes the last.

#include "shared/config/ConfigText.h"
#include "shared/config/YamlLoader.h"

#include <QMutex>
#include <QObject>
#include <QThread>

#include <memory>

namespace hsu::desktop::editor {

// One row of the editor's worker list: what a save would do to that worker.
struct WorkerRow
{
    enum class Change { None, New, Restarts, Live, Removed };
    QString id;
    QString name;
    Change change = Change::None;
    bool operator==(const WorkerRow &) const = default;
};

struct Validation
{
    quint64 generation = 0;
    QByteArray text;
    config::LoadResult result; // errors and warnings; the config when it loads
    // When it loads: its workers (then the removed ones) against the base the check was given.
    QList<WorkerRow> rows;
    // When it loads: where each worker's item is (for the quick check of the next keystroke).
    QList<config::ItemLines> items;
};

class ConfigValidator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigValidator)

public:
    explicit ConfigValidator(QObject *parent = nullptr);
    ~ConfigValidator() override;

    // `fileName` is what diagnostics name and what relative program paths resolve against.
    // Returns the generation the result will carry.
    // `base`: what the agent runs (the rows say what a save would change); may be null.
    quint64 validate(const QByteArray &text, const QString &fileName, std::shared_ptr<const config::Config> base = {});
    // Runs the same check on the calling thread (for opening a file, where the answer is needed now).
    static config::LoadResult check(const QByteArray &text, const QString &fileName);

Q_SIGNALS:
    // On the validator's owner's thread, for the newest text only (older results are dropped).
    void validated(const std::shared_ptr<const hsu::desktop::editor::Validation> &validation);

private:
    void runPending();

    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread: runs the checks
    QMutex m_mutex;
    QByteArray m_pendingText;
    QString m_pendingFile;
    std::shared_ptr<const config::Config> m_pendingBase;
    quint64 m_pendingGeneration = 0;
    bool m_scheduled = false;
    quint64 m_generation = 0;
};

} // namespace hsu::desktop::editor
