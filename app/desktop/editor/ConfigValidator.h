#pragma once

// Checks the editor's text with the agent's own loader, off the GUI thread: a thousand-worker
// file takes longer to load than a keystroke may block the window. Only the newest text counts:
// while one check runs, texts typed meanwhile replace each other and the next check takes the last.

#include "shared/config/YamlLoader.h"

#include <QMutex>
#include <QObject>
#include <QThread>

#include <memory>

namespace hsu::desktop::editor {

struct Validation
{
    quint64 generation = 0;
    QByteArray text;
    config::LoadResult result; // errors and warnings; the config when it loads
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
    quint64 validate(const QByteArray &text, const QString &fileName);
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
    quint64 m_pendingGeneration = 0;
    bool m_scheduled = false;
    quint64 m_generation = 0;
};

} // namespace hsu::desktop::editor
