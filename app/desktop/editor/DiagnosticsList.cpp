#include "DiagnosticsList.h"

#include "DiagnosticFix.h"

#include <QHeaderView>
#include <QPushButton>

namespace hsu::desktop::editor {

DiagnosticsList::DiagnosticsList(QWidget *parent)
    : QTreeWidget(parent)
{
    setColumnCount(3);
    setHeaderLabels({tr("Line"), tr("Problem"), tr("Fix")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(1, QHeaderView::Stretch);
    header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(false);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT goTo(item->data(0, Qt::UserRole).toInt(), item->data(0, Qt::UserRole + 1).toInt());
    });
    connect(this, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        Q_EMIT goTo(item->data(0, Qt::UserRole).toInt(), item->data(0, Qt::UserRole + 1).toInt());
    });
}

void DiagnosticsList::setDiagnostics(const QList<config::Diagnostic> &diagnostics, const std::function<QString(int)> &lineText)
{
    clear();
    const QIcon error = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const config::Diagnostic &d : diagnostics) {
        auto *item = new QTreeWidgetItem(this);
        const bool isError = d.severity == config::Diagnostic::Severity::Error;
        item->setIcon(0, isError ? error : warning);
        item->setText(0, d.line > 0 ? QString::number(d.line) : QString());
        item->setText(1, d.message);
        item->setToolTip(1, d.toString());
        item->setData(0, Qt::UserRole, d.line);
        item->setData(0, Qt::UserRole + 1, d.column);
        const std::optional<TextFix> f = fixFor(d, lineText(d.line));
        if (!f)
            continue;
        auto *button = new QPushButton(tr("Use “%1”").arg(f->replacement));
        button->setToolTip(tr("Replace the misspelt word on line %1").arg(f->line));
        connect(button, &QPushButton::clicked, this, [this, fix = *f] {
            Q_EMIT this->fix(fix.line, fix.column, fix.length, fix.replacement);
        });
        setItemWidget(item, 2, button);
    }
}

QList<QAbstractButton *> DiagnosticsList::fixButtons() const
{
    QList<QAbstractButton *> buttons;
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (auto *b = qobject_cast<QAbstractButton *>(itemWidget(topLevelItem(i), 2)))
            buttons << b;
    return buttons;
}

} // namespace hsu::desktop::editor
