#include "MainWindow.h"

#include "ActionIcons.h"
#include "AgentConnection.h"
#include "ConnectionBanner.h"
#include "DesktopLogging.h"
#include "DetailPane.h"
#include "EmptyWorkersView.h"
#include "EventsView.h"
#include "LogModel.h"
#include "LogStream.h"
#include "LogView.h"
#include "ResourceFeed.h"
#include "ResourcesPane.h"
#include "SettingsDialog.h"
#include "TrayController.h"
#include "WorkerActions.h"
#include "WorkerFilterProxy.h"
#include "WorkerPresentation.h"
#include "WorkerTableModel.h"
#include "WorkerTableView.h"
#include "editor/ConfigEditor.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace hsu::desktop {

using model::Operation;
using model::WorkerState;

MainWindow::MainWindow(const DesktopOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_connection(new AgentConnection(options.socketPath, options.configFile, this))
    , m_proxy(new WorkerFilterProxy(this))
    , m_actions(new WorkerActions(this))
    , m_tray(new TrayController(m_connection->workers(), this))
    , m_workerLogs(new LogModel(LogModel::kDefaultCapacity, this))
    , m_allLogs(new LogModel(LogModel::kDefaultCapacity, this))
    , m_workerLogStream(new LogStream(m_connection->client(), m_workerLogs, LogStream::Scope::OneWorker, this))
    , m_allLogStream(new LogStream(m_connection->client(), m_allLogs, LogStream::Scope::AllWorkers, this))
    , m_resourceFeed(ResourceFeed::of(m_connection->client()))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("HSU Master"));
    setWindowIcon(applicationIcon());
    m_proxy->setSourceModel(m_connection->workers());
    if (!options.agentArguments.isEmpty())
        m_connection->setStartArguments(options.agentArguments); // --demo: its own socket and folders

    buildActions();
    buildCentral();
    buildToolBar();
    buildMenus();
    wireLogs();
    wireResources();

    m_connectionLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_connectionLabel);

    connect(m_actions, &WorkerActions::triggered, m_connection, &AgentConnection::requestOperation);
    connect(m_connection, &AgentConnection::statusChanged, this, &MainWindow::onStatusChanged);
    connect(m_connection, &AgentConnection::errorOccurred, this, &MainWindow::showError);
    connect(m_connection, &AgentConnection::reconnectScheduled, this, &MainWindow::updateConnectionLabel);
    connect(m_connection, &AgentConnection::infoMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    connect(m_connection, &AgentConnection::workerTransition, m_tray, &TrayController::onWorkerTransition);
    connect(m_connection, &AgentConnection::workerHealthChanged, m_tray, &TrayController::onHealthChanged);
    connect(m_banner, &ConnectionBanner::startAgentRequested, m_connection, &AgentConnection::startAgent);

    connect(m_tray, &TrayController::showWindowRequested, this, &MainWindow::showAndRaise);
    connect(m_tray, &TrayController::quitRequested, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    connect(m_tray, &TrayController::operationRequested, m_connection, &AgentConnection::requestOperation);
    connect(m_tray, &TrayController::allRequested, m_connection, &AgentConnection::requestAll);
    connect(m_tray, &TrayController::availabilityChanged, this, &MainWindow::onTrayAvailability);

    // The worker count in the status bar: coalesced, a burst of events recounts once.
    auto *countTimer = new QTimer(this);
    countTimer->setSingleShot(true);
    countTimer->setInterval(200);
    connect(countTimer, &QTimer::timeout, this, &MainWindow::updateConnectionLabel);
    auto recount = [countTimer] {
        if (!countTimer->isActive())
            countTimer->start();
    };
    WorkerTableModel *workers = m_connection->workers();
    connect(workers, &QAbstractItemModel::rowsInserted, this, recount);
    connect(workers, &QAbstractItemModel::rowsRemoved, this, recount);
    connect(workers, &WorkerTableModel::workerUpdated, this, recount);
    connect(m_tray, &TrayController::overallStateChanged, this, recount); // a crash loop begins or ends
    connect(m_connection, &AgentConnection::workersRefreshed, this, [this] {
        m_listed = true;
        updateEmptyState();
    });
    connect(workers, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(workers, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyState);
    connect(workers, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);

    resize(1100, 700);
    onStatusChanged();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    m_startAll = new QAction(tr("Start all"), this);
    m_startAll->setObjectName(QStringLiteral("actionStartAll"));
    connect(m_startAll, &QAction::triggered, this, [this] { m_connection->requestAll(Operation::Start); });
    m_stopAll = new QAction(tr("Stop all"), this);
    m_stopAll->setObjectName(QStringLiteral("actionStopAll"));
    connect(m_stopAll, &QAction::triggered, this, [this] {
        const auto answer = QMessageBox::question(this, tr("Stop all workers"),
                                                  tr("Stop every worker? They stay stopped until started again."));
        if (answer == QMessageBox::Yes)
            m_connection->requestAll(Operation::Stop);
    });
    m_startAgent = new QAction(tr("Start &agent"), this);
    m_startAgent->setObjectName(QStringLiteral("actionStartAgent"));
    m_startAgent->setToolTip(tr("Start hsu-agent with %1")
                                 .arg(m_options.configFile.isEmpty() ? tr("the default config") : m_options.configFile));
    connect(m_startAgent, &QAction::triggered, m_connection, &AgentConnection::startAgent);
    m_settings = new QAction(tr("&Settings\u2026"), this);
    m_settings->setObjectName(QStringLiteral("actionSettings"));
    m_settings->setMenuRole(QAction::PreferencesRole);
    m_settings->setToolTip(tr("Autostart of the agent at login"));
    connect(m_settings, &QAction::triggered, this, &MainWindow::openSettings);
    m_editConfig = new QAction(tr("&Edit config\u2026"), this);
    m_editConfig->setObjectName(QStringLiteral("actionEditConfig"));
    m_editConfig->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_editConfig->setToolTip(tr("Edit the workers and the config file (Ctrl+E)"));
    connect(m_editConfig, &QAction::triggered, this, &MainWindow::openConfigEditor);
    m_addWorker = new QAction(tr("&Add worker\u2026"), this);
    m_addWorker->setObjectName(QStringLiteral("actionAddWorker"));
    m_addWorker->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_addWorker->setToolTip(tr("Add a program for HSU Master to run (Ctrl+Shift+N)"));
    connect(m_addWorker, &QAction::triggered, this, &MainWindow::addWorker);
    // The toolbar's words, apart from the menus': a translation may say it shorter there, where
    // it has to share one line with the filters (German menus: "Konfiguration bearbeiten …").
    m_addWorker->setIconText(tr("Add worker\u2026", "toolbar"));
    m_editConfig->setIconText(tr("Edit config\u2026", "toolbar"));
    m_settings->setIconText(tr("Settings\u2026", "toolbar"));
    refreshToolIcons();
    addAction(m_editConfig);
    addAction(m_addWorker);
    for (QAction *a : m_actions->all())
        addAction(a); // shortcuts work while the toolbar is hidden too
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Workers"));
    bar->setObjectName(QStringLiteral("workersToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions(m_actions->all());
    bar->addSeparator();

    m_filter = new QLineEdit(bar);
    m_filter->setObjectName(QStringLiteral("workerFilter"));
    m_filter->setPlaceholderText(tr("Filter by id or name"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(260);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &WorkerFilterProxy::setTextFilter);
    bar->addWidget(m_filter);

    m_stateFilter = new QComboBox(bar);
    m_stateFilter->setObjectName(QStringLiteral("stateFilter"));
    fillStateFilter();
    bar->addWidget(m_stateFilter);

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_addWorker);
    bar->addAction(m_editConfig);
    bar->addAction(m_settings);
}

void MainWindow::fillStateFilter()
{
    using S = WorkerState;
    const struct
    {
        QString label;
        QList<S> states;
    } entries[] = {
        {tr("All states"), {}},
        {tr("Needs attention"), {S::Failed, S::Backoff}},
        {tr("Running"), {S::Running}},
        {tr("Starting / stopping"), {S::Starting, S::Restarting, S::Stopping}},
        {tr("Backoff"), {S::Backoff}},
        {tr("Failed"), {S::Failed}},
        {tr("Stopped / exited"), {S::Stopped, S::Exited, S::Registered}},
        {tr("Paused"), {S::Paused}},
    };
    for (const auto &e : entries) {
        QVariantList states;
        for (S s : e.states)
            states.append(int(s));
        m_stateFilter->addItem(e.states.size() == 1 ? stateIcon(e.states.first()) : QIcon(), e.label, states);
    }
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this](int index) {
        QSet<WorkerState> states;
        for (const QVariant &v : m_stateFilter->itemData(index).toList())
            states.insert(WorkerState(v.toInt()));
        m_proxy->setStateFilter(states);
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_startAgent);
    file->addAction(m_editConfig);
    file->addAction(m_settings);
    file->addSeparator();
    QAction *close = file->addAction(tr("&Close window"), this, &QWidget::close);
    close->setShortcut(QKeySequence::Close);
    QAction *quit = file->addAction(tr("&Quit (workers keep running)"), qApp, &QCoreApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *workers = menuBar()->addMenu(tr("&Workers"));
    workers->addActions(m_actions->all());
    workers->addSeparator();
    workers->addAction(m_addWorker);
    workers->addSeparator();
    workers->addAction(m_startAll);
    workers->addAction(m_stopAll);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *workersTab = view->addAction(tr("&Workers"), this, [this] { m_tabs->setCurrentIndex(0); });
    workersTab->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    QAction *eventsTab = view->addAction(tr("&Events"), this, [this] { m_tabs->setCurrentIndex(1); });
    eventsTab->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));
    QAction *logsTab = view->addAction(tr("&Logs of all workers"), this, [this] { m_tabs->setCurrentIndex(2); });
    logsTab->setShortcut(QKeySequence(Qt::ALT | Qt::Key_3));
    QAction *workerDetails = view->addAction(tr("&Details of the selected worker"), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_detailTabs->setCurrentWidget(m_detail);
    });
    workerDetails->setShortcut(QKeySequence(Qt::ALT | Qt::Key_D));
    QAction *workerLogs = view->addAction(tr("Logs of the selected &worker"), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_detailTabs->setCurrentIndex(1);
    });
    workerLogs->setShortcut(QKeySequence(Qt::ALT | Qt::Key_L));
    QAction *workerResources = view->addAction(tr("Resources of the selected w&orker"), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_detailTabs->setCurrentWidget(m_resources);
    });
    workerResources->setShortcut(QKeySequence(Qt::ALT | Qt::Key_U));
    QAction *find = view->addAction(tr("&Filter workers"), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_filter->setFocus();
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About HSU Master"), this, [this] {
        const QJsonObject info = m_connection->agentInfo();
        QMessageBox::about(this, tr("About HSU Master"),
                           tr("<b>HSU Master</b> %1<br>A window onto hsu-agent, which runs your workers.<br>"
                              "Agent: %2<br>Socket: %3")
                               .arg(QCoreApplication::applicationVersion(),
                                    info.isEmpty() ? tr("not connected")
                                                   : info.value(QLatin1String("agent_version")).toString(),
                                    m_options.socketPath.toHtmlEscaped()));
    });
}

void MainWindow::buildCentral()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    m_banner = new ConnectionBanner(central);
    layout->addWidget(m_banner);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    auto *split = new QSplitter(Qt::Vertical, m_tabs);
    m_tableStack = new QStackedWidget(split);
    m_table = new WorkerTableView(m_connection->workers(), m_proxy, m_actions, m_tableStack);
    m_empty = new EmptyWorkersView(m_tableStack);
    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(m_empty);
    m_detailTabs = new QTabWidget(split);
    m_detailTabs->setObjectName(QStringLiteral("detailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detail = new DetailPane(m_connection, m_detailTabs);
    m_detailTabs->addTab(m_detail, tr("Details"));
    m_workerLogView = new LogView(m_workerLogs, LogView::Mode::OneWorker, m_detailTabs);
    m_detailTabs->addTab(m_workerLogView, tr("Logs"));
    m_resources = new ResourcesPane(m_resourceFeed, m_detailTabs);
    m_detailTabs->addTab(m_resources, tr("Resources"));
    split->addWidget(m_tableStack);
    split->addWidget(m_detailTabs);
    // The detail pane gets ~55 %: a few workers fill little of the table, the details need room.
    split->setStretchFactor(0, 45);
    split->setStretchFactor(1, 55);
    split->setSizes({270, 330});
    m_tabs->addTab(split, tr("Workers"));
    m_events = new EventsView(m_connection->events(), m_tabs);
    m_tabs->addTab(m_events, tr("Events"));
    m_allLogView = new LogView(m_allLogs, LogView::Mode::AllWorkers, m_tabs);
    // Not "Logs" again: the detail pane's tab shows one worker's, this one every worker's.
    m_tabs->addTab(m_allLogView, tr("All logs"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    connect(m_table, &WorkerTableView::currentWorkerChanged, m_detail, &DetailPane::showWorker);
    connect(m_table, &WorkerTableView::signalRequested, m_connection, &AgentConnection::requestSignal);
    connect(m_empty, &EmptyWorkersView::addRequested, this, &MainWindow::addWorkerRequested);
    // The invitation opens the editor's "Add a program" dialog (the first program of an empty config).
    connect(this, &MainWindow::addWorkerRequested, this, &MainWindow::addWorker);
}

void MainWindow::wireLogs()
{
    // A stream subscribes only while its view is on screen: a hidden tab costs the agent nothing.
    connect(m_workerLogView, &LogView::shownChanged, m_workerLogStream, &LogStream::setActive);
    connect(m_allLogView, &LogView::shownChanged, m_allLogStream, &LogStream::setActive);
    connect(m_workerLogStream, &LogStream::problem, m_workerLogView, &LogView::setMessage);
    connect(m_allLogStream, &LogStream::problem, m_allLogView, &LogView::setMessage);
    connect(m_workerLogStream, &LogStream::logFilesChanged, this, [this] {
        m_workerLogView->setLogFiles(m_workerLogStream->stdoutFiles(), m_workerLogStream->stderrFiles());
    });
    auto showWorker = [this](const QString &id) {
        m_workerLogStream->setWorker(id); // clears the view and tails the new worker
        const model::WorkerStatus *w = m_connection->workers()->worker(id);
        if (id.isEmpty())
            m_workerLogView->setMessage(tr("Select a worker to see its output"));
        else if (w && w->type == QLatin1String("unmanaged"))
            m_workerLogView->setMessage(tr("%1 is unmanaged: the agent did not start it, so its output cannot be captured").arg(id));
        else
            m_workerLogView->setMessage(QString());
    };
    connect(m_table, &WorkerTableView::currentWorkerChanged, this, showWorker);
    showWorker(QString());

    // The all-workers view's worker filter offers the workers the table knows.
    WorkerTableModel *workers = m_connection->workers();
    auto fillWorkerIds = [this, workers] {
        QStringList ids;
        for (int r = 0; r < workers->rowCount(); ++r)
            ids << workers->index(r, 0).data(WorkerTableModel::IdRole).toString();
        ids.sort();
        m_allLogView->setWorkerIds(ids);
    };
    connect(workers, &QAbstractItemModel::rowsInserted, this, fillWorkerIds);
    connect(workers, &QAbstractItemModel::rowsRemoved, this, fillWorkerIds);
    connect(workers, &QAbstractItemModel::modelReset, this, fillWorkerIds);

    // Where a worker's new process began, for the views' run markers: every start this window
    // sees, and each worker's current process when the list is (re)read.
    auto noteStart = [this](const model::WorkerStatus &w) {
        if (w.pid <= 0 || !w.startedAt.isValid())
            return;
        m_workerLogs->noteProcessStart(w.id, w.startedAt.toMSecsSinceEpoch(), w.pid);
        m_allLogs->noteProcessStart(w.id, w.startedAt.toMSecsSinceEpoch(), w.pid);
    };
    connect(m_connection, &AgentConnection::workerTransition, this,
            [noteStart](const model::WorkerStatus &current, const model::WorkerStatus &) { noteStart(current); });
    connect(m_connection, &AgentConnection::workersRefreshed, this, [noteStart, workers] {
        for (const model::WorkerStatus &w : workers->workers())
            noteStart(w);
    });
}

void MainWindow::wireResources()
{
    WorkerTableModel *workers = m_connection->workers();
    connect(m_table, &WorkerTableView::currentWorkerChanged, m_resources, &ResourcesPane::setWorker);
    m_resources->setWorker(QString());
    // The table's CPU and Memory columns: every worker's newest sample, while the window is shown.
    connect(m_resourceFeed, &ResourceFeed::samplesReceived, workers, &WorkerTableModel::setSamples);

    // Pause / Resume need the agent's word that it can pause a worker: ask for the selected ones.
    connect(m_resourceFeed, &ResourceFeed::canPauseKnown, workers, &WorkerTableModel::setCanPause);
    auto probeSelection = [this] { m_resourceFeed->probeCanPause(m_table->selectedIds()); };
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, probeSelection);
    connect(m_resourceFeed, &ResourceFeed::connected, workers, &WorkerTableModel::forgetCanPause);
    connect(m_connection, &AgentConnection::workersRefreshed, this, probeSelection);

    // limits.violation: a row in the Events tab, and for what was acted on or asks for it, a bubble.
    connect(m_resourceFeed, &ResourceFeed::violationReceived, this, [this](const LimitViolation &v) {
        WorkerEvent e;
        e.time = QDateTime::currentDateTimeUtc();
        e.workerId = v.worker;
        e.note = tr("%1 %2").arg(v.resource, v.kind);
        // The colour of what needs attention (a warning: of what is in between).
        e.look = v.kind == QLatin1String("warning") ? model::WorkerState::Backoff : model::WorkerState::Failed;
        e.reason = v.text();
        m_connection->events()->append(e);
    });
    connect(m_resourceFeed, &ResourceFeed::violationReceived, m_tray, &TrayController::onLimitViolation);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // A new appearance: the drawn action icons follow the palette (the models' text colours are
    // computed from it as they are painted).
    if (event->type() == QEvent::PaletteChange) {
        m_actions->refreshIcons();
        refreshToolIcons();
    }
}

void MainWindow::refreshToolIcons()
{
    if (!m_addWorker)
        return;
    m_addWorker->setIcon(toolIcon(ToolIcon::AddWorker, palette()));
    m_editConfig->setIcon(toolIcon(ToolIcon::EditConfig, palette()));
    m_settings->setIcon(toolIcon(ToolIcon::Settings, palette()));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_resourceFeed->want(this); // the table's figures; hidden in the tray it costs the agent nothing
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    m_resourceFeed->release(this);
}

void MainWindow::start()
{
    m_tray->start();
    onTrayAvailability(m_tray->isAvailable());
    m_connection->open();
    if (!m_options.hidden)
        show();
    else if (!m_tray->isAvailable())
        showMinimized(); // no tray (yet) to come back from: keep a way in
}

void MainWindow::onStatusChanged()
{
    const AgentConnection::Status status = m_connection->status();
    const bool connected = status == AgentConnection::Status::Connected;
    // Grey, not empty: the last known rows stay readable while we reconnect.
    m_table->setEnabled(connected);
    m_detail->setEnabled(connected);
    m_actions->setAvailable(connected);
    m_startAll->setEnabled(connected);
    m_stopAll->setEnabled(connected);
    m_startAgent->setEnabled(!connected && status != AgentConnection::Status::StartingAgent);
    m_banner->setStatus(status, m_connection->socketPath(), m_connection->lastError());
    m_tray->setConnected(connected);
    if (!connected)
        m_listed = false;
    updateEmptyState();
    updateConnectionLabel();
    if (status == AgentConnection::Status::NoAgent && m_options.startAgent && !m_triedStartAgent) {
        m_triedStartAgent = true;
        m_connection->startAgent();
    }
}

void MainWindow::updateEmptyState()
{
    // Only an agent that answered with its list says "none": while connecting, or with the
    // connection lost, the last known rows (or the grey empty table) stay.
    const bool empty = m_listed && m_connection->status() == AgentConnection::Status::Connected
                       && m_connection->workers()->rowCount() == 0;
    m_tableStack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_table);
    m_detailTabs->setVisible(!empty); // nothing to detail
}

void MainWindow::updateConnectionLabel()
{
    QString text;
    switch (m_connection->status()) {
    case AgentConnection::Status::Connected: {
        text = tr("Agent %1 \u00b7 %2")
                   .arg(m_connection->agentInfo().value(QLatin1String("agent_version")).toString(),
                        workerCountsText(m_connection->workers()->workers(), m_tray->crashLoopingIds()));
        break;
    }
    case AgentConnection::Status::Connecting: text = tr("Connecting\u2026"); break;
    case AgentConnection::Status::NoAgent: text = tr("No agent"); break;
    case AgentConnection::Status::Reconnecting:
        text = tr("Reconnecting\u2026 (attempt %1)").arg(m_connection->reconnectAttempt());
        break;
    case AgentConnection::Status::StartingAgent: text = tr("Starting the agent\u2026"); break;
    }
    m_connectionLabel->setText(text);
}

void MainWindow::showError(const QString &message)
{
    m_lastError = message;
    qCWarning(lcDesktop).noquote() << message;
    statusBar()->showMessage(tr("\u26a0 %1").arg(message), 30000);
}

void MainWindow::showAndRaise()
{
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
}

editor::ConfigEditor *MainWindow::configEditor()
{
    if (!m_editor) {
        m_editor = new editor::ConfigEditor(m_connection->client(), this);
        m_editor->setWindowFlag(Qt::Window);
        connect(m_editor, &editor::ConfigEditor::saved, this, [this](const QString &summary) {
            statusBar()->showMessage(summary, 15000);
        });
    }
    return m_editor;
}

void MainWindow::openConfigEditor()
{
    editor::ConfigEditor *e = configEditor();
    if (!e->isVisible() || !e->hasUnsavedChanges())
        e->loadFromAgent();
    e->show();
    e->raise();
    e->activateWindow();
}

void MainWindow::addWorker()
{
    openConfigEditor();
    // After the agent's text is in and checked: the dialog needs the ids already taken.
    configEditor()->addWorkerWhenReady();
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_options.socketPath, m_options.configFile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::onTrayAvailability(bool available)
{
    // With a tray, closing the window leaves the GUI in the tray; without one it quits the GUI.
    QApplication::setQuitOnLastWindowClosed(!available);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_tray->isAvailable()) {
        hide();
        event->ignore();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            statusBar()->clearMessage();
            qCInfo(lcDesktop) << "window hidden to the tray";
        }
        return;
    }
    // No tray: the GUI quits; the agent and its workers go on.
    event->accept();
}

} // namespace hsu::desktop
