#pragma once

// The strip above the table that says why the table is grey: no agent answers (with "Start
// agent"), the agent was lost and we are reconnecting, or an agent is being started.
// Hidden while connected.

#include "AgentConnection.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace hsu::desktop {

class ConnectionBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionBanner)

public:
    explicit ConnectionBanner(QWidget *parent = nullptr);

    void setStatus(AgentConnection::Status status, const QString &socketPath, const QString &detail);
    QString text() const;
    QPushButton *startButton() const { return m_start; }

Q_SIGNALS:
    void startAgentRequested();

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_start = nullptr;
};

} // namespace hsu::desktop
