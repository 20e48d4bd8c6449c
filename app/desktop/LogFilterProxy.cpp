#include "LogFilterProxy.h"

namespace hsu::desktop {

LogFilterProxy::LogFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Rows stay in arrival order; sorting 10,000 rows on every batch would cost for nothing.
    setDynamicSortFilter(false);
}

void LogFilterProxy::update()
{
    if (m_regexOn)
        m_regex = QRegularExpression(m_text, QRegularExpression::CaseInsensitiveOption);
    invalidateRowsFilter();
}

void LogFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    update();
}

void LogFilterProxy::setRegex(bool on)
{
    if (on == m_regexOn)
        return;
    m_regexOn = on;
    update();
}

void LogFilterProxy::setStreamFilter(StreamFilter filter)
{
    if (filter == m_stream)
        return;
    m_stream = filter;
    invalidateRowsFilter();
}

void LogFilterProxy::setWorker(const QString &id)
{
    if (id == m_worker)
        return;
    m_worker = id;
    invalidateRowsFilter();
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const LogModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return true;
    const LogLine &line = model->lineAt(sourceRow);
    // A notice about no worker in particular (skipped lines) concerns every worker's view.
    if (!m_worker.isEmpty() && !line.worker.isEmpty() && line.worker != m_worker)
        return false;
    if (line.kind != LogLine::Kind::Line) // notices and run markers: whatever the stream or search
        return true;
    if (m_stream == StreamFilter::Stdout && line.isStderr())
        return false;
    if (m_stream == StreamFilter::Stderr && !line.isStderr())
        return false;
    if (m_text.isEmpty())
        return true;
    if (m_regexOn)
        return !m_regex.isValid() || m_regex.match(line.text).hasMatch();
    return line.text.contains(m_text, Qt::CaseInsensitive);
}

} // namespace hsu::desktop
