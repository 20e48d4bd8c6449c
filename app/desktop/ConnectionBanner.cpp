#include "ConnectionBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace hsu::desktop {

ConnectionBanner::ConnectionBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_start(new QPushButton(tr("Start agent"), this))
{
    setObjectName(QStringLiteral("connectionBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xd6));
    pal.setColor(QPalette::WindowText, QColor(0x4a, 0x3b, 0x00));
    setPalette(pal);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(20, 20));
    layout->addWidget(m_icon);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_text, 1);
    m_start->setObjectName(QStringLiteral("startAgentButton"));
    layout->addWidget(m_start);
    connect(m_start, &QPushButton::clicked, this, &ConnectionBanner::startAgentRequested);
    hide();
}

QString ConnectionBanner::text() const
{
    return m_text->text();
}

void ConnectionBanner::setStatus(AgentConnection::Status status, const QString &socketPath, const QString &detail)
{
    using S = AgentConnection::Status;
    QString text;
    bool offerStart = true;
    switch (status) {
    case S::Connected:
        hide();
        return;
    case S::Connecting:
        text = tr("Connecting to the agent at %1\u2026").arg(socketPath);
        offerStart = false;
        break;
    case S::NoAgent:
        text = tr("No agent answers at %1. Workers are run by hsu-agent; start it to see and control them.")
                   .arg(socketPath);
        break;
    case S::Reconnecting:
        text = tr("Lost the agent \u2014 reconnecting\u2026 The workers keep running on their own.");
        break;
    case S::StartingAgent:
        text = tr("Starting the agent\u2026");
        offerStart = false;
        break;
    }
    if (!detail.isEmpty() && status != S::StartingAgent)
        text += QLatin1Char('\n') + detail;
    m_text->setText(text);
    m_start->setVisible(offerStart);
    show();
}

} // namespace hsu::desktop
