#pragma once

// What a log view shows of its LogModel: lines containing a text (any case; or matching a
// regular expression), of one stream or both, of one worker or all. Notices (dropped or skipped
// lines) pass the text filter: a gap in the log stays visible whatever the search.

#include "LogModel.h"

#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace hsu::desktop {

class LogFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterProxy)

public:
    enum class StreamFilter { Both, Stdout, Stderr };
    Q_ENUM(StreamFilter)

    explicit LogFilterProxy(QObject *parent = nullptr);

    void setText(const QString &text);
    void setRegex(bool on);
    void setStreamFilter(StreamFilter filter);
    // Empty: every worker.
    void setWorker(const QString &id);

    QString text() const { return m_text; }
    bool isRegex() const { return m_regexOn; }
    // False when regex mode is on and the text is not a valid expression (nothing is hidden then).
    bool isPatternValid() const { return !m_regexOn || m_regex.isValid(); }
    StreamFilter streamFilter() const { return m_stream; }
    QString worker() const { return m_worker; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void update();

    QString m_text;
    bool m_regexOn = false;
    QRegularExpression m_regex;
    StreamFilter m_stream = StreamFilter::Both;
    QString m_worker;
};

} // namespace hsu::desktop
