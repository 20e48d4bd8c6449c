#pragma once

// A log view: worker output from a LogModel, filtered (text or regex, stream, worker), in a
// fixed-width font, following the newest line.
//
// Follow: new rows scroll the view to the bottom. Scrolling up pauses that (the Follow button
// unchecks itself and "Paused — N new lines" counts what arrives meanwhile); scrolling back to the
// bottom, clicking the indicator or Follow resumes it.

#include "LogFilterProxy.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QTreeView;

namespace hsu::desktop {

class LogModel;

class LogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    enum class Mode { OneWorker, AllWorkers };

    LogView(LogModel *model, Mode mode, QWidget *parent = nullptr);
    ~LogView() override;

    QTreeView *view() const { return m_view; }
    LogFilterProxy *proxy() const { return m_proxy; }
    LogModel *model() const { return m_model; }
    bool isFollowing() const { return m_follow; }
    void setFollowing(bool on);
    // Rows that arrived (and pass the filter) since follow paused.
    int newWhilePaused() const { return m_newWhilePaused; }
    bool isAtBottom() const;
    QString statusText() const;
    // What Copy puts on the clipboard: the selected rows, or every shown row when none is.
    QString copyText() const;

    // The worker's file targets; "Open log file" opens the stdout one, or offers a menu of all.
    void setLogFiles(const QStringList &stdoutFiles, const QStringList &stderrFiles);
    // The all-workers view's worker filter choices.
    void setWorkerIds(const QStringList &ids);
    // A line above the rows ("Select a worker…", "This agent does not provide…"); empty hides it.
    void setMessage(const QString &message);

public Q_SLOTS:
    void copy();

Q_SIGNALS:
    // Shown or hidden (a tab switch, the window to the tray): the stream follows only while shown.
    void shownChanged(bool shown);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildToolBar(QWidget *bar);
    void onRowsInserted(int first, int last);
    void onScrolled(int value);
    void updateStatus();
    void updatePausedIndicator();
    void showPatternValidity();
    void updateColors(); // the paused indicator's warning colour, from the palette

    LogModel *m_model = nullptr;
    LogFilterProxy *m_proxy = nullptr;
    Mode m_mode;
    QTreeView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_regex = nullptr;
    QComboBox *m_stream = nullptr;
    QComboBox *m_worker = nullptr;
    QToolButton *m_followButton = nullptr;
    QToolButton *m_openFile = nullptr;
    QPushButton *m_paused = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_message = nullptr;
    QAction *m_copy = nullptr;
    bool m_follow = true;
    int m_newWhilePaused = 0;
};

} // namespace hsu::desktop
