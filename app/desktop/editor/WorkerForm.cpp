#include "WorkerForm.h"

#include "shared/config/ConfigText.h"
#include "shared/config/Names.h"
#include "shared/config/Paths.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>

namespace hsu::desktop::editor {

namespace {

// A row whose field is a layout gets a label without a buddy, which shows its '&' as is and has
// no accelerator: give it the row's first field.
void setBuddy(QFormLayout *form, QLayout *field, QWidget *buddy)
{
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(field)))
        label->setBuddy(buddy);
}

constexpr qint64 kMiB = 1024 * 1024;

double seconds(config::Duration d)
{
    return std::chrono::duration<double>(d).count();
}

config::Duration fromSeconds(double s)
{
    return config::Duration(qRound64(s * 1000));
}

template <typename E>
void fillEnum(QComboBox *box)
{
    for (const config::EnumName &n : config::enumNames<E>())
        box->addItem(QString::fromLatin1(n.name), n.value);
}

QDoubleSpinBox *secondsBox(double max)
{
    auto *b = new QDoubleSpinBox;
    b->setRange(0, max);
    b->setDecimals(1);
    b->setSuffix(QStringLiteral(" s"));
    return b;
}

} // namespace

WorkerForm::WorkerForm(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setMargin(8);
    outer->addWidget(m_note);
    auto *anyway = new QPushButton(tr("Edit here anyway"));
    m_editAnyway = anyway;
    m_editAnyway->hide();
    connect(m_editAnyway, &QAbstractButton::clicked, this, [this] {
        m_editAnyway->hide();
        m_note->hide();
        m_fields->setEnabled(true);
    });
    auto *anywayRow = new QHBoxLayout;
    anywayRow->addSpacing(8);
    anywayRow->addWidget(m_editAnyway);
    anywayRow->addStretch(1);
    outer->addLayout(anywayRow);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_fields = new QWidget;
    auto *column = new QVBoxLayout(m_fields);
    column->addWidget(buildProgramGroup());
    column->addWidget(buildRestartGroup());
    column->addWidget(buildLimitsGroup());
    column->addWidget(buildHealthGroup());
    column->addWidget(buildLogsGroup());
    column->addStretch(1);
    scroll->setWidget(m_fields);
    outer->addWidget(scroll, 1);
    clearWorker(tr("Select a worker on the left, or add one."));
}

QWidget *WorkerForm::buildProgramGroup()
{
    auto *group = new QGroupBox(tr("Program"));
    auto *form = new QFormLayout(group);
    m_id = new QLineEdit;
    m_id->setToolTip(tr("Unique id: letters, digits, '-' and '_'. Logs and hsuctl use it."));
    m_name = new QLineEdit;
    m_name->setPlaceholderText(tr("Shown in the window instead of the id"));
    form->addRow(tr("&Id:"), m_id);
    form->addRow(tr("&Name:"), m_name);

    m_program = new QLineEdit;
    m_program->setPlaceholderText(tr("A program, or a whole command line"));
    m_program->setToolTip(tr("Type a command line to split it into program and arguments; a program "
                             "name is looked up in PATH and written as an absolute path."));
    auto *browse = new QToolButton;
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &WorkerForm::browseProgram);
    auto *programRow = new QHBoxLayout;
    programRow->addWidget(m_program, 1);
    programRow->addWidget(browse);
    form->addRow(tr("&Program:"), programRow);
    setBuddy(form, programRow, m_program);

    m_args = new QLineEdit;
    m_args->setPlaceholderText(tr("Arguments, quoted as in a shell"));
    form->addRow(tr("&Arguments:"), m_args);

    m_env = new QTableWidget(0, 2);
    m_env->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    m_env->horizontalHeader()->setStretchLastSection(true);
    m_env->verticalHeader()->hide();
    m_env->setMinimumHeight(90);
    m_env->setMaximumHeight(150);
    auto *addVar = new QPushButton(tr("Add variable"));
    auto *removeVar = new QPushButton(tr("Remove variable"));
    connect(addVar, &QPushButton::clicked, this, &WorkerForm::addVariable);
    connect(removeVar, &QPushButton::clicked, this, &WorkerForm::removeVariable);
    auto *envBox = new QVBoxLayout;
    envBox->addWidget(m_env);
    auto *envButtons = new QHBoxLayout;
    envButtons->addWidget(addVar);
    envButtons->addWidget(removeVar);
    envButtons->addStretch(1);
    envBox->addLayout(envButtons);
    form->addRow(tr("&Environment:"), envBox);
    setBuddy(form, envBox, m_env);

    m_folder = new QLineEdit;
    m_folder->setPlaceholderText(tr("The program's folder"));
    auto *browseDir = new QToolButton;
    browseDir->setText(tr("Browse…"));
    connect(browseDir, &QToolButton::clicked, this, &WorkerForm::browseFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseDir);
    form->addRow(tr("Working &folder:"), folderRow);
    setBuddy(form, folderRow, m_folder);

    connect(m_id, &QLineEdit::editingFinished, this, &WorkerForm::collect);
    connect(m_name, &QLineEdit::textEdited, this, &WorkerForm::collect);
    connect(m_program, &QLineEdit::editingFinished, this, &WorkerForm::programEntered);
    connect(m_args, &QLineEdit::textEdited, this, &WorkerForm::collect);
    connect(m_folder, &QLineEdit::textEdited, this, &WorkerForm::collect);
    connect(m_env, &QTableWidget::itemChanged, this, &WorkerForm::collect);
    return group;
}

QWidget *WorkerForm::buildRestartGroup()
{
    auto *group = new QGroupBox(tr("Restart"));
    auto *form = new QFormLayout(group);
    m_restart = new QComboBox;
    fillEnum<config::RestartPolicy>(m_restart);
    m_restart->setToolTip(tr("never: leave it ended; on-failure: restart after a crash or a non-zero exit; "
                             "always: restart whenever it ends; unless-stopped: as always, but not after you stopped it"));
    m_retries = new QSpinBox;
    m_retries->setRange(0, 1000);
    m_retries->setToolTip(tr("Restarts in a row before the worker is given up as failed"));
    m_retryDelay = secondsBox(3600);
    form->addRow(tr("&Policy:"), m_restart);
    form->addRow(tr("&Retries:"), m_retries);
    form->addRow(tr("First &delay:"), m_retryDelay);
    connect(m_restart, &QComboBox::currentIndexChanged, this, &WorkerForm::collect);
    connect(m_retries, &QSpinBox::valueChanged, this, &WorkerForm::collect);
    connect(m_retryDelay, &QDoubleSpinBox::valueChanged, this, &WorkerForm::collect);
    return group;
}

QWidget *WorkerForm::buildLimitsGroup()
{
    auto *group = new QGroupBox(tr("Limits (0: none)"));
    auto *form = new QFormLayout(group);
    m_memoryMiB = new QSpinBox;
    m_memoryMiB->setRange(0, 1024 * 1024);
    m_memoryMiB->setSuffix(QStringLiteral(" MiB"));
    m_memoryMiB->setSpecialValueText(tr("no limit"));
    m_cpuCores = new QDoubleSpinBox;
    m_cpuCores->setRange(0, 1024);
    m_cpuCores->setDecimals(2);
    m_cpuCores->setSingleStep(0.25);
    m_cpuCores->setSuffix(tr(" cores"));
    m_cpuCores->setSpecialValueText(tr("no limit"));
    m_processes = new QSpinBox;
    m_processes->setRange(0, 1000000);
    m_processes->setSpecialValueText(tr("no limit"));
    m_processes->setToolTip(tr("Held by the kernel: a fork beyond it fails"));
    // A limit does something only with a policy ("none" only watches): a limit set here picks the
    // usual one — a restart for memory, as PM2's max_memory_restart; the kernel's throttle for CPU.
    m_memoryPolicy = new QComboBox;
    fillEnum<config::LimitPolicy>(m_memoryPolicy);
    m_memoryPolicy->setToolTip(tr("What happens above the memory limit: restart the worker, let the kernel end it "
                                  "(immediate_kill), reclaim and slow it (throttle), or only log and alert"));
    m_cpuPolicy = new QComboBox;
    fillEnum<config::LimitPolicy>(m_cpuPolicy);
    m_cpuPolicy->setToolTip(tr("What happens above the CPU limit: throttle holds it to the limit (cgroup cpu.max); "
                               "the others act after it stays above for a while"));
    const auto row = [](QWidget *value, QWidget *policy) {
        auto *box = new QHBoxLayout;
        box->addWidget(value, 1);
        box->addWidget(new QLabel(tr("when exceeded:")));
        box->addWidget(policy, 1);
        return box;
    };
    QLayout *memoryRow = row(m_memoryMiB, m_memoryPolicy);
    QLayout *cpuRow = row(m_cpuCores, m_cpuPolicy);
    form->addRow(tr("&Memory:"), memoryRow);
    form->addRow(tr("&CPU:"), cpuRow);
    setBuddy(form, memoryRow, m_memoryMiB);
    setBuddy(form, cpuRow, m_cpuCores);
    form->addRow(tr("P&rocesses:"), m_processes);
    connect(m_memoryMiB, &QSpinBox::valueChanged, this, [this](int mib) {
        if (!m_filling && mib > 0 && m_memoryPolicy->currentData().toInt() == int(config::LimitPolicy::None))
            m_memoryPolicy->setCurrentIndex(m_memoryPolicy->findData(int(config::LimitPolicy::Restart)));
        collect();
    });
    connect(m_cpuCores, &QDoubleSpinBox::valueChanged, this, [this](double cores) {
        if (!m_filling && cores > 0 && m_cpuPolicy->currentData().toInt() == int(config::LimitPolicy::None))
            m_cpuPolicy->setCurrentIndex(m_cpuPolicy->findData(int(config::LimitPolicy::Throttle)));
        collect();
    });
    connect(m_memoryPolicy, &QComboBox::currentIndexChanged, this, &WorkerForm::collect);
    connect(m_cpuPolicy, &QComboBox::currentIndexChanged, this, &WorkerForm::collect);
    connect(m_processes, &QSpinBox::valueChanged, this, &WorkerForm::collect);
    return group;
}

QWidget *WorkerForm::buildHealthGroup()
{
    auto *group = new QGroupBox(tr("Health check"));
    auto *form = new QFormLayout(group);
    m_healthType = new QComboBox;
    fillEnum<config::HealthCheckType>(m_healthType);
    m_healthTarget = new QLineEdit;
    m_healthInterval = secondsBox(86400);
    m_healthDelay = secondsBox(3600);
    m_healthDelay->setToolTip(tr("Time the program gets to start before the first check (a server that opens its "
                                 "port late would otherwise count as failing)"));
    m_healthRetries = new QSpinBox;
    m_healthRetries->setRange(1, 100);
    m_healthRetries->setToolTip(tr("Failed checks in a row before the worker counts as unhealthy"));
    form->addRow(tr("&Kind:"), m_healthType);
    form->addRow(tr("&Target:"), m_healthTarget);
    form->addRow(tr("&Every:"), m_healthInterval);
    form->addRow(tr("First check &after:"), m_healthDelay);
    form->addRow(tr("Fai&lures:"), m_healthRetries);
    connect(m_healthType, &QComboBox::currentIndexChanged, this, [this] {
        // A check chosen here starts forgiving: 5 s to start up, three failures in a row.
        if (!m_filling && m_spec.healthCheck.type == config::HealthCheckType::None) {
            const bool filling = std::exchange(m_filling, true);
            if (m_healthDelay->value() == 0)
                m_healthDelay->setValue(5);
            if (m_healthRetries->value() < 3)
                m_healthRetries->setValue(3);
            m_filling = filling;
        }
        showHealthTarget();
        collect();
    });
    connect(m_healthDelay, &QDoubleSpinBox::valueChanged, this, &WorkerForm::collect);
    connect(m_healthTarget, &QLineEdit::editingFinished, this, &WorkerForm::collect);
    connect(m_healthInterval, &QDoubleSpinBox::valueChanged, this, &WorkerForm::collect);
    connect(m_healthRetries, &QSpinBox::valueChanged, this, &WorkerForm::collect);
    return group;
}

QWidget *WorkerForm::buildLogsGroup()
{
    auto *group = new QGroupBox(tr("Logs"));
    auto *box = new QVBoxLayout(group);
    m_capture = new QCheckBox(tr("&Keep the program's output in log files"));
    m_stdout = new QCheckBox(tr("Standard &output"));
    m_stderr = new QCheckBox(tr("Standard &error"));
    box->addWidget(m_capture);
    auto *streams = new QHBoxLayout;
    streams->addSpacing(20);
    streams->addWidget(m_stdout);
    streams->addWidget(m_stderr);
    streams->addStretch(1);
    box->addLayout(streams);
    for (QCheckBox *c : {m_capture, m_stdout, m_stderr})
        connect(c, &QCheckBox::toggled, this, &WorkerForm::collect);
    connect(m_capture, &QCheckBox::toggled, m_stdout, &QWidget::setEnabled);
    connect(m_capture, &QCheckBox::toggled, m_stderr, &QWidget::setEnabled);
    return group;
}

QString WorkerForm::joinCommand(const QStringList &words)
{
    return config::joinShellWords(words);
}

QAbstractButton *WorkerForm::editAnywayButton() const
{
    return m_editAnyway;
}

void WorkerForm::clearWorker(const QString &why)
{
    m_hasWorker = false;
    m_editAnyway->hide();
    m_note->setText(why);
    m_note->show();
    m_fields->setEnabled(false);
}

void WorkerForm::setWorker(const config::WorkerSpec &s, const QString &configFile, const QString &caution)
{
    m_spec = s;
    m_configFile = configFile;
    m_hasWorker = true;
    m_filling = true;
    const bool editable = s.type != config::WorkerType::Unmanaged;
    m_fields->setEnabled(editable && caution.isEmpty());
    m_note->setVisible(!editable || !caution.isEmpty());
    m_editAnyway->setVisible(editable && !caution.isEmpty());
    if (!editable)
        m_note->setText(tr("“%1” is an unmanaged worker: HSU Master finds it, it does not start it. "
                           "Edit how it is found in the YAML view.").arg(s.id));
    else if (!caution.isEmpty())
        m_note->setText(caution);
    m_id->setText(s.id);
    m_name->setText(s.name);
    m_program->setText(s.execution.executablePath);
    m_args->setText(joinCommand(s.execution.args));
    m_env->setRowCount(0);
    for (const auto &[key, value] : s.execution.environment) {
        const int row = m_env->rowCount();
        m_env->insertRow(row);
        m_env->setItem(row, 0, new QTableWidgetItem(key));
        m_env->setItem(row, 1, new QTableWidgetItem(value));
    }
    m_folder->setText(s.execution.workingDirectory);
    m_restart->setCurrentIndex(m_restart->findData(int(s.restartPolicy)));
    m_retries->setValue(s.restart.defaultRetry.maxRetries);
    m_retryDelay->setValue(seconds(s.restart.defaultRetry.retryDelay));
    m_memoryMiB->setValue(int(s.limits.memory.maxRss / kMiB));
    m_memoryPolicy->setCurrentIndex(m_memoryPolicy->findData(int(s.limits.memory.policy)));
    m_cpuCores->setValue(s.limits.cpu.maxCores);
    m_cpuPolicy->setCurrentIndex(m_cpuPolicy->findData(int(s.limits.cpu.policy)));
    m_processes->setValue(s.limits.process.maxProcesses);
    m_healthType->setCurrentIndex(m_healthType->findData(int(s.healthCheck.type)));
    m_healthInterval->setValue(seconds(s.healthCheck.runOptions.interval));
    m_healthDelay->setValue(seconds(s.healthCheck.runOptions.initialDelay));
    m_healthRetries->setValue(qMax(1, s.healthCheck.runOptions.retries));
    showHealthTarget();
    const bool capture = !s.logCollection || s.logCollection->enabled.value_or(true);
    m_capture->setChecked(capture);
    m_stdout->setChecked(!s.logCollection || s.logCollection->captureStdout.value_or(true));
    m_stderr->setChecked(!s.logCollection || s.logCollection->captureStderr.value_or(true));
    m_stdout->setEnabled(capture);
    m_stderr->setEnabled(capture);
    m_filling = false;
}

void WorkerForm::showHealthTarget()
{
    const auto type = config::HealthCheckType(m_healthType->currentData().toInt());
    const config::HealthCheckSpec &h = m_spec.healthCheck;
    QString text, hint;
    switch (type) {
    case config::HealthCheckType::Http:
        text = h.httpUrl;
        hint = tr("http://127.0.0.1:8080/health");
        break;
    case config::HealthCheckType::Tcp:
        text = h.tcpPort ? QStringLiteral("%1:%2").arg(h.tcpAddress.isEmpty() ? QStringLiteral("127.0.0.1") : h.tcpAddress).arg(h.tcpPort)
                         : QString();
        hint = tr("127.0.0.1:5432");
        break;
    case config::HealthCheckType::Exec:
        text = h.execCommand.isEmpty() ? QString() : joinCommand(QStringList{h.execCommand} + h.execArgs);
        hint = tr("A command that exits with 0 when all is well");
        break;
    case config::HealthCheckType::Grpc:
        text = h.grpcAddress;
        hint = tr("127.0.0.1:50051");
        break;
    case config::HealthCheckType::Process:
    case config::HealthCheckType::None:
        break;
    }
    const bool needsTarget = !hint.isEmpty();
    const bool filling = std::exchange(m_filling, true);
    m_healthTarget->setText(text);
    m_filling = filling;
    m_healthTarget->setPlaceholderText(hint);
    m_healthTarget->setEnabled(needsTarget);
    m_healthInterval->setEnabled(type != config::HealthCheckType::None);
    m_healthDelay->setEnabled(type != config::HealthCheckType::None);
    m_healthRetries->setEnabled(type != config::HealthCheckType::None);
}

void WorkerForm::browseProgram()
{
    const QString start = m_program->text().isEmpty() ? QString() : QFileInfo(m_program->text()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the program"), start);
    if (file.isEmpty())
        return;
    m_program->setText(file);
    programEntered();
}

void WorkerForm::browseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the working folder"), m_folder->text());
    if (dir.isEmpty())
        return;
    m_folder->setText(dir);
    collect();
}

void WorkerForm::programEntered()
{
    const QString typed = m_program->text().trimmed();
    // A whole command line (not a file whose name has a blank): split as a shell would.
    if (typed.contains(u' ') && !QFileInfo::exists(typed)) {
        QString error;
        const config::CommandLine c = config::parseCommandLine(typed, &error);
        if (!c.program.isEmpty()) {
            m_program->setText(c.program);
            if (!c.args.isEmpty())
                m_args->setText(joinCommand(c.args));
        }
    } else if (!typed.isEmpty() && !typed.contains(u'/')) {
        const QString absolute = config::absoluteProgram(typed);
        if (!absolute.isEmpty())
            m_program->setText(absolute);
    }
    collect();
}

void WorkerForm::addVariable()
{
    const int row = m_env->rowCount();
    m_env->insertRow(row);
    m_env->setItem(row, 0, new QTableWidgetItem(QStringLiteral("NAME")));
    m_env->setItem(row, 1, new QTableWidgetItem);
    m_env->editItem(m_env->item(row, 0));
    collect();
}

void WorkerForm::removeVariable()
{
    const int row = m_env->currentRow();
    if (row < 0)
        return;
    m_env->removeRow(row);
    collect();
}

void WorkerForm::collect()
{
    if (m_filling || !m_hasWorker)
        return;
    config::WorkerSpec s = m_spec;
    s.id = m_id->text().trimmed();
    s.name = m_name->text();
    s.execution.executablePath = m_program->text().trimmed();
    s.execution.args = config::splitShellWords(m_args->text());
    s.execution.environment.clear();
    for (int row = 0; row < m_env->rowCount(); ++row) {
        const QTableWidgetItem *key = m_env->item(row, 0);
        const QTableWidgetItem *value = m_env->item(row, 1);
        if (key && !key->text().trimmed().isEmpty())
            s.execution.environment.emplace_back(key->text().trimmed(), value ? value->text() : QString());
    }
    s.execution.workingDirectory = m_folder->text().trimmed();
    s.restartPolicy = config::RestartPolicy(m_restart->currentData().toInt());
    s.restart.defaultRetry.maxRetries = m_retries->value();
    s.restart.defaultRetry.retryDelay = fromSeconds(m_retryDelay->value());
    s.limits.memory.maxRss = qint64(m_memoryMiB->value()) * kMiB;
    s.limits.memory.policy = config::LimitPolicy(m_memoryPolicy->currentData().toInt());
    s.limits.cpu.maxCores = m_cpuCores->value();
    s.limits.cpu.policy = config::LimitPolicy(m_cpuPolicy->currentData().toInt());
    s.limits.process.maxProcesses = m_processes->value();

    config::HealthCheckSpec &h = s.healthCheck;
    h.type = config::HealthCheckType(m_healthType->currentData().toInt());
    const QString target = m_healthTarget->text().trimmed();
    switch (h.type) {
    case config::HealthCheckType::Http: h.httpUrl = target; break;
    case config::HealthCheckType::Grpc: h.grpcAddress = target; break;
    case config::HealthCheckType::Tcp: {
        const int colon = int(target.lastIndexOf(u':'));
        h.tcpAddress = colon > 0 ? target.left(colon) : QString();
        h.tcpPort = (colon >= 0 ? target.mid(colon + 1) : target).toInt();
        break;
    }
    case config::HealthCheckType::Exec: {
        const QStringList words = config::splitShellWords(target);
        h.execCommand = words.value(0);
        h.execArgs = words.mid(1);
        break;
    }
    case config::HealthCheckType::Process:
    case config::HealthCheckType::None: break;
    }
    if (h.type != config::HealthCheckType::None) {
        h.runOptions.interval = fromSeconds(m_healthInterval->value());
        h.runOptions.initialDelay = fromSeconds(m_healthDelay->value());
        h.runOptions.retries = m_healthRetries->value();
    }

    const bool logsDefault = m_capture->isChecked() && m_stdout->isChecked() && m_stderr->isChecked();
    if (s.logCollection || !logsDefault) {
        config::WorkerLogConfig logs = s.logCollection.value_or(config::WorkerLogConfig{});
        logs.enabled = m_capture->isChecked();
        logs.captureStdout = m_stdout->isChecked();
        logs.captureStderr = m_stderr->isChecked();
        s.logCollection = logs;
    }
    if (s == m_spec)
        return;
    m_spec = s;
    Q_EMIT edited(m_spec);
}

} // namespace hsu::desktop::editor
