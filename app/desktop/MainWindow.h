#pragma once

// The main window: toolbar (actions + filters), the connection banner, the worker table with
// the selected worker's Details, Logs and Resources tabs under it, the Events and all-workers Logs tabs, and
// the status bar where every error lands. It wires the parts together; each part is its own
// widget or object.

#include "DesktopOptions.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabWidget;

namespace hsu::desktop {

namespace editor {
class ConfigEditor;
}

class AgentConnection;
class ConnectionBanner;
class DetailPane;
class EmptyWorkersView;
class EventsView;
class LogModel;
class LogStream;
class LogView;
class ResourceFeed;
class ResourcesPane;
class TrayController;
class WorkerActions;
class WorkerFilterProxy;
class WorkerTableView;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const DesktopOptions &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects to the agent, looks for a tray, and shows the window (unless --hidden and a tray
    // is there to come back from).
    void start();

    AgentConnection *connection() const { return m_connection; }
    // The config editor (made on first use) and the ways in: Edit config, Add worker.
    editor::ConfigEditor *configEditor();
    void openConfigEditor();
    void addWorker();
    WorkerActions *actions() const { return m_actions; }
    WorkerTableView *table() const { return m_table; }
    WorkerFilterProxy *proxy() const { return m_proxy; }
    DetailPane *detailPane() const { return m_detail; }
    EventsView *eventsView() const { return m_events; }
    QTabWidget *tabs() const { return m_tabs; }
    // Under the table: "Details" (the DetailPane) and "Logs" (the selected worker's output).
    QTabWidget *detailTabs() const { return m_detailTabs; }
    LogView *workerLogView() const { return m_workerLogView; }
    LogStream *workerLogStream() const { return m_workerLogStream; }
    LogView *allLogsView() const { return m_allLogView; }
    // The third tab under the table: the selected worker's charts, figures and limits.
    ResourcesPane *resourcesPane() const { return m_resources; }
    ResourceFeed *resourceFeed() const { return m_resourceFeed; }
    LogStream *allLogsStream() const { return m_allLogStream; }
    ConnectionBanner *banner() const { return m_banner; }
    TrayController *tray() const { return m_tray; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *stateFilter() const { return m_stateFilter; }
    // The last error shown in the status bar (kept after the message times out).
    QString lastError() const { return m_lastError; }
    // In the table's place while the agent answers with no worker at all ("No programs yet").
    EmptyWorkersView *emptyWorkersView() const { return m_empty; }

Q_SIGNALS:
    // "Add your first program…" was clicked: whoever owns the worker form opens it.
    void addWorkerRequested();

public Q_SLOTS:
    void showAndRaise();
    void openSettings();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildToolBar();
    void buildMenus();
    void buildCentral();
    void wireLogs();
    void wireResources();
    void fillStateFilter();
    // Add worker, Edit config and Settings in the actions' icon family (theme, or drawn in the palette).
    void refreshToolIcons();
    void onStatusChanged();
    void onTrayAvailability(bool available);
    void showError(const QString &message);
    void updateConnectionLabel();
    void updateEmptyState();

    DesktopOptions m_options;
    AgentConnection *m_connection = nullptr;
    WorkerFilterProxy *m_proxy = nullptr;
    WorkerActions *m_actions = nullptr;
    WorkerTableView *m_table = nullptr;
    QStackedWidget *m_tableStack = nullptr; // the table, or the empty state in its place
    EmptyWorkersView *m_empty = nullptr;
    bool m_listed = false; // the list arrived since we connected: "no rows" then means "no workers"
    DetailPane *m_detail = nullptr;
    EventsView *m_events = nullptr;
    ConnectionBanner *m_banner = nullptr;
    TrayController *m_tray = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    LogModel *m_workerLogs = nullptr;
    LogModel *m_allLogs = nullptr;
    LogStream *m_workerLogStream = nullptr;
    LogStream *m_allLogStream = nullptr;
    LogView *m_workerLogView = nullptr;
    LogView *m_allLogView = nullptr;
    ResourceFeed *m_resourceFeed = nullptr;
    ResourcesPane *m_resources = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_stateFilter = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QAction *m_startAll = nullptr;
    QAction *m_stopAll = nullptr;
    QAction *m_startAgent = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_editConfig = nullptr;
    QAction *m_addWorker = nullptr;
    editor::ConfigEditor *m_editor = nullptr;
    QString m_lastError;
    bool m_triedStartAgent = false;
    bool m_toldAboutTray = false;
};

} // namespace hsu::desktop
