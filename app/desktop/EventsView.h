#pragma once

// The Events tab: every state change the window saw, newest at the bottom, following the end
// while the user has not scrolled away; a text filter on worker and reason.

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace hsu::desktop {

class EventsModel;

class EventsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsView)

public:
    explicit EventsView(EventsModel *events, QWidget *parent = nullptr);
    QTreeView *view() const { return m_view; }

private:
    EventsModel *m_events = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    bool m_atEnd = true;
};

} // namespace hsu::desktop
