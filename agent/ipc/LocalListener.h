#pragma once

// A listening Unix-domain stream socket on Qt Core only (see LocalConnection for why not
// QLocalServer): bind, make it owner-only, listen, and accept every connection as it comes.

#include <QObject>
#include <QString>

#include <deque>

class QSocketNotifier;

namespace hsu::agent {

class LocalConnection;

class LocalListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalListener)

public:
    explicit LocalListener(QObject *parent = nullptr);
    ~LocalListener() override;

    // Listens on `path`, which must not exist (the caller removes a stale socket first). The socket
    // file is mode 0600 before anyone can connect to it. False with `error` saying why.
    bool listen(const QString &path, QString *error = nullptr);
    // Stops listening, closes connections nobody took, and removes the socket file if it is still ours.
    void close();

    bool isListening() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    bool hasPendingConnections() const { return !m_pending.empty(); }
    // The next accepted connection, owned by the caller; nullptr when there is none.
    LocalConnection *nextPendingConnection();

Q_SIGNALS:
    void newConnection();

private:
    void onAcceptable();
    void pauseAccepting();

    int m_fd = -1;
    QString m_path;
    // The socket file we created: close() leaves a file that another agent put there alone.
    quint64 m_device = 0;
    quint64 m_inode = 0;
    QSocketNotifier *m_notifier = nullptr;
    std::deque<int> m_pending;
};

} // namespace hsu::agent
