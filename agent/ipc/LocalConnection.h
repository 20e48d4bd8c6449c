#pragma once

// One connected Unix-domain stream socket, on Qt Core only. The agent used QLocalSocket, which
// brings in QtNetwork and what that links (Kerberos, libproxy, brotli, zstd…): about 2 MiB of
// resident memory for an agent that only ever needs this much of it.
//
// Never blocks: reads are taken from the kernel into a bounded buffer when the socket is readable,
// writes go to the kernel at once and what it does not take waits in a queue, sent when the socket
// is writable again. Sends never raise SIGPIPE. Unix only (the agent is Unix only).

#include <QByteArray>
#include <QObject>
#include <QString>

#include <deque>

class QSocketNotifier;

namespace hsu::agent {

class LocalConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalConnection)

public:
    // Takes ownership of `fd`, a connected stream socket (made non-blocking and close-on-exec here).
    explicit LocalConnection(int fd, QObject *parent = nullptr);
    ~LocalConnection() override;

    // Connects to the socket at `path`, waiting at most `timeoutMs` when the listener's backlog is
    // full. Returns the connected fd, or -1 with errno set (ENOENT: no such file, ECONNREFUSED:
    // nobody listens, ETIMEDOUT: the backlog stayed full) and `error` saying why.
    static int connectTo(const QString &path, int timeoutMs, QString *error = nullptr);

    int descriptor() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }

    // Bytes read from the kernel and not yet taken. The buffer holds at most readBufferSize();
    // beyond that the kernel keeps the rest and the peer blocks on its writes.
    qint64 bytesAvailable() const { return m_readBuffer.size(); }
    QByteArray read(qint64 maxSize);
    QByteArray readAll() { return read(bytesAvailable()); }
    void setReadBufferSize(qint64 size) { m_readBufferSize = size; }
    qint64 readBufferSize() const { return m_readBufferSize; }

    // Hands `data` to the kernel as far as it takes it now and queues the rest. False when the
    // connection is closed or closing (nothing is queued then).
    bool write(const QByteArray &data);
    // Bytes queued and not yet taken by the kernel.
    qint64 bytesToWrite() const { return m_pendingBytes; }
    // Gives the kernel what it takes now, without waiting. False when the connection broke.
    bool flush();

    // Stops reading, sends what is queued, then closes; disconnected() follows.
    void closeAfterFlush();
    // Closes now, dropping what is queued. Silent: no disconnected() (the caller knows).
    void abort();

Q_SIGNALS:
    void readyRead();
    // The peer hung up, the connection broke, or closeAfterFlush() finished. Emitted once, never
    // from inside a call the owner made (a write that finds a broken pipe reports it later).
    void disconnected();

private:
    void onReadable();
    void onWritable();
    // Sends from the queue until it is empty or the kernel is full. False on a broken connection.
    bool sendQueued();
    void updateNotifiers();
    void closeDescriptor();
    // Closes and reports disconnected() from the event loop.
    void failLater(const QString &why);
    void finish();

    int m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_readBuffer;
    qint64 m_readBufferSize = 1024 * 1024;
    // Frames as they were written (shared with other connections sending the same event);
    // m_frontOffset is how much of the first one the kernel already has.
    std::deque<QByteArray> m_writeQueue;
    qsizetype m_frontOffset = 0;
    qint64 m_pendingBytes = 0;
    bool m_closing = false;
    bool m_finished = false;
};

} // namespace hsu::agent
