#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace hsu::agent {

// Turns SIGTERM / SIGINT / SIGHUP / SIGUSR2 into Qt signals on the event loop (self-pipe: the handler only
// writes one byte, which is all a signal handler may safely do).
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminateRequested(int signal); // SIGTERM, SIGINT
    void hangup();                       // SIGHUP
    void replaceRequested();             // SIGUSR2: the package was upgraded (installer/linux/postinst)

private:
    void onReadable();
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace hsu::agent
