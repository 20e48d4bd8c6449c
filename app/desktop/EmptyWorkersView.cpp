#include "EmptyWorkersView.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hsu::desktop {

EmptyWorkersView::EmptyWorkersView(QWidget *parent)
    : QWidget(parent)
    , m_add(new QPushButton(tr("Add your first program\u2026"), this))
{
    setObjectName(QStringLiteral("emptyWorkersView"));
    auto *title = new QLabel(tr("No programs yet"), this);
    title->setObjectName(QStringLiteral("emptyWorkersTitle"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    title->setAlignment(Qt::AlignCenter);
    auto *line = new QLabel(tr("Add a program and HSU Master starts it, keeps it running and restarts it "
                               "when it stops."),
                            this);
    line->setObjectName(QStringLiteral("emptyWorkersText"));
    line->setAlignment(Qt::AlignCenter);
    line->setWordWrap(true);
    m_add->setObjectName(QStringLiteral("addFirstProgramButton"));
    m_add->setDefault(true);
    connect(m_add, &QPushButton::clicked, this, &EmptyWorkersView::addRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(title);
    layout->addWidget(line);
    layout->addSpacing(12);
    layout->addWidget(m_add, 0, Qt::AlignHCenter);
    layout->addStretch(1);
}

} // namespace hsu::desktop
