#include "DetailPane.h"

#include "AgentConnection.h"
#include "WorkerPresentation.h"
#include "HealthPanel.h"
#include "WorkerTableModel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>
#include <QFileInfo>
#include <QFontDatabase>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hsu::desktop {

using model::WorkerState;
using model::WorkerStatus;

namespace {

QString timeText(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? placeholderDash() : text;
}

// Paths and arguments break at spaces only: the label may not get narrower than its longest
// word (the Configuration box scrolls sideways instead of cutting a path in the middle).
constexpr QChar kBreak(0x200B); // zero-width space: a line may break here, nothing shows

// Long paths may also break after a "/" (never inside a name).
QString breakablePaths(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('/'), QString(QLatin1Char('/')) + kBreak);
    return out;
}

// The command line as a shell would take it: an argument with spaces in quotes, control
// characters (an argument that prints ANSI colours) spelled out ("\e[31m") instead of sent
// to the label as invisible or box glyphs.
QString commandLine(const QString &program, const QStringList &args)
{
    QStringList parts;
    for (const QString &arg : QStringList{program} + args) {
        QString shown;
        for (QChar c : arg) {
            if (c.unicode() == 0x1b)
                shown += QStringLiteral("\\e");
            else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                shown += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                shown += c;
        }
        if (shown.isEmpty() || shown.contains(QLatin1Char(' ')) || shown.contains(QLatin1Char('"')))
            shown = QLatin1Char('"') + shown.replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
        parts << shown;
    }
    return parts.join(QLatin1Char(' '));
}

void keepWordsWhole(QLabel *label)
{
    int widest = 0;
    const QStringList words = label->text().split(QRegularExpression(QStringLiteral("[\\s\u200B]+")), Qt::SkipEmptyParts);
    for (const QString &word : words)
        widest = qMax(widest, label->fontMetrics().horizontalAdvance(word));
    label->setMinimumWidth(widest + 4);
}

} // namespace

DetailPane::DetailPane(AgentConnection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
{
    setObjectName(QStringLiteral("detailPane"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_title);

    auto *columns = new QHBoxLayout;
    outer->addLayout(columns, 1);

    auto *statusBox = new QGroupBox(tr("Status"), this);
    auto *statusForm = new QFormLayout(statusBox);
    addField(statusForm, QStringLiteral("state"), tr("State:"));
    addField(statusForm, QStringLiteral("reason"), tr("Reason:"));
    addField(statusForm, QStringLiteral("pid"), tr("PID:"));
    addField(statusForm, QStringLiteral("started"), tr("Started:"));
    addField(statusForm, QStringLiteral("uptime"), tr("Uptime:"));
    addField(statusForm, QStringLiteral("restarts"), tr("Restarts:"));
    addField(statusForm, QStringLiteral("exit"), tr("Last exit:"));
    addField(statusForm, QStringLiteral("type"), tr("Type:"));
    columns->addWidget(statusBox, 2);

    auto *specBox = new QGroupBox(tr("Configuration"), this);
    auto *specBoxLayout = new QVBoxLayout(specBox);
    specBoxLayout->setContentsMargins(0, 0, 0, 0);
    // Long paths and environments scroll instead of squeezing the other fields.
    auto *specScroll = new QScrollArea(specBox);
    specScroll->setFrameShape(QFrame::NoFrame);
    specScroll->setWidgetResizable(true);
    specScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    auto *specContents = new QWidget(specScroll);
    auto *specForm = new QFormLayout(specContents);
    specScroll->setWidget(specContents);
    specBoxLayout->addWidget(specScroll);
    addField(specForm, QStringLiteral("command"), tr("Command:"));
    addField(specForm, QStringLiteral("workdir"), tr("Folder:"));
    addField(specForm, QStringLiteral("environment"), tr("Environment:"));
    addField(specForm, QStringLiteral("policy"), tr("Restart:"));
    addField(specForm, QStringLiteral("stop"), tr("Stop:"));
    addField(specForm, QStringLiteral("depends"), tr("Depends on:"));
    addField(specForm, QStringLiteral("logs"), tr("Output:"));
    // Commands and paths in a fixed-width font, as in a terminal.
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const char *name : {"command", "workdir", "logs"})
        m_fields.value(QLatin1String(name))->setFont(mono);
    m_specNote = new QLabel(tr("This agent does not report command, environment or restart policy."), specContents);
    m_specNote->setWordWrap(true);
    m_specNote->setEnabled(false);
    specForm->addRow(m_specNote);
    columns->addWidget(specBox, 5);

    auto *historyBox = new QGroupBox(tr("State history"), this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    m_history = new QTreeWidget(historyBox);
    m_history->setObjectName(QStringLiteral("stateHistory"));
    m_history->setHeaderLabels({tr("Time"), tr("Change")});
    m_history->setRootIsDecorated(false);
    m_history->header()->setStretchLastSection(true);
    m_history->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_history->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // a reason too long for the pane: its tooltip
    m_history->setUniformRowHeights(true);
    m_history->setItemsExpandable(false);
    m_history->setIndentation(m_history->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
    historyLayout->addWidget(m_history);
    // The health check above the state history (hidden for a worker the agent does not check).
    auto *rightColumn = new QVBoxLayout;
    m_health = new HealthPanel(m_connection, this);
    // The history gets the height: the health panel is a few lines.
    rightColumn->addWidget(m_health, 0);
    rightColumn->addWidget(historyBox, 1);
    columns->addLayout(rightColumn, 4);

    connect(m_connection->workers(), &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_connection->workers()->rowOf(m_id);
                if (row >= topLeft.row() && row <= bottomRight.row())
                    refreshStatus();
            });
    connect(m_connection, &AgentConnection::workerTransition, this, [this](const WorkerStatus &current) {
        if (current.id == m_id)
            refreshHistory();
    });
    connect(m_connection, &AgentConnection::workersRefreshed, this, [this] {
        refreshStatus();
        fetchDetails();
    });
    showWorker(QString());
}

QLabel *DetailPane::addField(QFormLayout *form, const QString &name, const QString &label)
{
    auto *value = new QLabel(this);
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    m_fields.insert(name, value);
    return value;
}

QString DetailPane::fieldText(const QString &name) const
{
    const QLabel *label = m_fields.value(name);
    return label ? QString(label->text()).remove(kBreak) : QString();
}

int DetailPane::historyRows() const
{
    return m_history->topLevelItemCount();
}

void DetailPane::showWorker(const QString &id)
{
    m_id = id;
    m_spec.reset();
    m_agentHistory.clear();
    m_health->showWorker(id);
    refreshStatus();
    refreshHistory();
    fetchDetails();
}

void DetailPane::refreshStatus()
{
    const WorkerStatus *w = m_id.isEmpty() ? nullptr : m_connection->workers()->worker(m_id);
    setEnabled(w != nullptr);
    if (!w) {
        m_title->setText(tr("Select a worker to see its details"));
        for (QLabel *l : std::as_const(m_fields))
            l->clear();
        m_specNote->setVisible(false);
        return;
    }
    m_title->setText(w->name.isEmpty() || w->name == w->id ? w->id : tr("%1 \u2014 %2").arg(w->id, w->name));
    const QString color = stateColor(w->state).name();
    m_fields[QStringLiteral("state")]->setText(
        QStringLiteral("<span style=\"color:%1\">\u25cf</span> %2").arg(color, stateLabel(w->state).toHtmlEscaped()));
    m_fields[QStringLiteral("reason")]->setText(orDash(w->reason));
    m_fields[QStringLiteral("pid")]->setText(
        w->pid <= 0 ? placeholderDash()
                    : w->adopted ? tr("%1 (re-adopted: started by an earlier agent; its exit status will not be known)").arg(w->pid)
                                 : QString::number(w->pid));
    const bool hasProcess = w->pid > 0;
    m_fields[QStringLiteral("started")]->setText(hasProcess ? orDash(timeText(w->startedAt)) : placeholderDash());
    const qint64 up = uptimeSeconds(*w, m_connection->workers()->now());
    m_fields[QStringLiteral("uptime")]->setText(up < 0 ? placeholderDash() : formatDuration(up));
    m_fields[QStringLiteral("restarts")]->setText(
        w->attempt > 0 ? tr("%1 (attempt %2)").arg(w->restarts).arg(w->attempt)
                       : QString::number(w->restarts));
    m_fields[QStringLiteral("exit")]->setText(orDash(formatExit(*w)));
    m_fields[QStringLiteral("type")]->setText(w->type == QLatin1String("unmanaged") ? tr("unmanaged — %1").arg(unmanagedNote(*w))
                                                                                   : w->type);

    const bool haveSpec = m_spec.has_value();
    m_specNote->setVisible(!haveSpec);
    QString command, commandTip, workdir, environment, policy;
    QString stop, depends, logs;
    if (haveSpec) {
        const model::WorkerLaunch &spec = *m_spec;
        // The program's file name and the arguments; the full path is the tooltip.
        command = commandLine(QFileInfo(spec.program).fileName(), spec.args);
        commandTip = commandLine(spec.program, spec.args);
        workdir = spec.workingDirectory;
        environment = spec.environment.isEmpty() ? tr("(inherited only)") : spec.environment.join(QLatin1Char('\n'));
        policy = spec.restartPolicy
            + tr(", up to %1 retries, delay %2 \u00d7 %3").arg(spec.maxRetries).arg(formatMilliseconds(spec.retryDelayMs)).arg(spec.backoffRate);
        stop = tr("SIGTERM, then SIGKILL after %1").arg(formatMilliseconds(spec.gracefulTimeoutMs));
        depends = spec.dependsOn.isEmpty() ? tr("nothing") : spec.dependsOn.join(QStringLiteral(", "));
        logs = QStringList{spec.stdoutFile, spec.stderrFile}.join(QLatin1Char('\n')).trimmed();
        if (!spec.description.isEmpty())
            m_title->setText(m_title->text() + QStringLiteral("  \u00b7  ") + spec.description);
    }
    m_fields[QStringLiteral("stop")]->setText(stop);
    m_fields[QStringLiteral("depends")]->setText(depends);
    m_fields[QStringLiteral("logs")]->setText(breakablePaths(logs));
    m_fields[QStringLiteral("command")]->setText(breakablePaths(command));
    m_fields[QStringLiteral("command")]->setToolTip(commandTip);
    m_fields[QStringLiteral("workdir")]->setText(breakablePaths(workdir));
    m_fields[QStringLiteral("workdir")]->setToolTip(workdir);
    m_fields[QStringLiteral("logs")]->setToolTip(logs);
    for (const char *name : {"command", "workdir", "logs"})
        keepWordsWhole(m_fields.value(QLatin1String(name)));
    m_fields[QStringLiteral("environment")]->setText(environment);
    m_fields[QStringLiteral("policy")]->setText(policy);
}

void DetailPane::refreshHistory()
{
    // The agent's history (when reported) covers the time before this window connected; what the
    // window saw since is appended when newer.
    QList<WorkerEvent> events = m_agentHistory;
    const QDateTime agentLast = events.isEmpty() ? QDateTime() : events.last().time;
    for (const WorkerEvent &e : m_connection->history().of(m_id))
        if (!agentLast.isValid() || e.time > agentLast)
            events.append(e);
    m_history->clear();
    QList<QTreeWidgetItem *> items;
    // Newest first: what just happened is what the user looks for.
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        const WorkerEvent &e = *it;
        auto *item = new QTreeWidgetItem;
        item->setText(0, formatTimestamp(e.time));
        item->setToolTip(0, QLocale().toString(e.time.toLocalTime(), QLocale::LongFormat));
        item->setText(1, e.from ? tr("%1 \u2192 %2").arg(stateLabel(*e.from), stateLabel(e.to)) : stateLabel(e.to));
        item->setIcon(1, stateIcon(e.to));
        // The reason on a line of its own under the change, across the whole width: beside it, in
        // a third column, it was cut off in a pane this narrow.
        if (!e.reason.isEmpty()) {
            auto *reason = new QTreeWidgetItem(item, {e.reason});
            reason->setToolTip(0, e.reason);
            reason->setForeground(0, m_history->palette().brush(QPalette::PlaceholderText));
        }
        items.append(item);
    }
    m_history->addTopLevelItems(items);
    // Spanned once in the tree (an item not yet in one ignores it).
    for (QTreeWidgetItem *item : std::as_const(items))
        if (item->childCount() > 0)
            item->child(0)->setFirstColumnSpanned(true);
    m_history->expandAll();
}

void DetailPane::fetchDetails()
{
    if (m_id.isEmpty() || !m_connection->isConnected())
        return;
    QPointer<DetailPane> self(this);
    const QString id = m_id;
    m_connection->fetchWorker(id, [self, id](const QJsonObject &result, const QString &error) {
        if (!self || self->m_id != id || !error.isEmpty())
            return;
        self->applyDetails(result);
    });
}

void DetailPane::applyDetails(const QJsonObject &result)
{
    // Read through the type the agent writes it with.
    const model::WorkerDetails details = model::WorkerDetails::fromJson(result);
    m_spec = details.launch;
    m_agentHistory.clear();
    for (const model::StateChange &c : details.history) {
        WorkerEvent e;
        e.time = c.time;
        e.workerId = m_id;
        e.from = model::workerStateFromString(c.from);
        e.to = model::workerStateFromString(c.to).value_or(WorkerState::Registered);
        e.reason = c.reason;
        m_agentHistory.append(e);
    }
    refreshStatus();
    refreshHistory();
}

} // namespace hsu::desktop
