#pragma once

// One worker as a form: what a person sets for a program (name, command, environment, folder,
// restart policy, limits, health check, log capture). It edits a copy of the loaded WorkerSpec, so
// keys the form does not show are kept; every change is reported as the whole new spec, which the
// editor writes into the YAML text in place of the worker's item.

#include "shared/config/WorkerSpec.h"

#include <QWidget>

class QAbstractButton;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace hsu::desktop::editor {

class WorkerForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerForm)

public:
    explicit WorkerForm(QWidget *parent = nullptr);

    // Shows `spec` (no edited() for this). `configFile`: where relative paths resolve. `caution`:
    // what a form edit would lose of the worker's text (its ${VAR}s, its comments); when given, the
    // fields stay read-only until the person chooses to edit here anyway.
    void setWorker(const config::WorkerSpec &spec, const QString &configFile, const QString &caution = {});
    QAbstractButton *editAnywayButton() const;
    // Nothing to edit: the form is cleared and says `why`.
    void clearWorker(const QString &why);
    const config::WorkerSpec &worker() const { return m_spec; }
    bool hasWorker() const { return m_hasWorker; }

    // The fields, for tests and for the editor's "Add your first program" focus.
    QLineEdit *idEdit() const { return m_id; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *programEdit() const { return m_program; }
    QLineEdit *argsEdit() const { return m_args; }
    QTableWidget *environmentTable() const { return m_env; }
    QComboBox *restartPolicyBox() const { return m_restart; }
    QSpinBox *memoryBox() const { return m_memoryMiB; }
    QComboBox *memoryPolicyBox() const { return m_memoryPolicy; }
    QDoubleSpinBox *cpuBox() const { return m_cpuCores; }
    QComboBox *cpuPolicyBox() const { return m_cpuPolicy; }
    QDoubleSpinBox *healthDelayBox() const { return m_healthDelay; }
    QComboBox *healthTypeBox() const { return m_healthType; }
    QLineEdit *healthTargetEdit() const { return m_healthTarget; }

    // A list of arguments written back as one line a shell would split the same way.
    static QString joinCommand(const QStringList &words);

Q_SIGNALS:
    void edited(const hsu::config::WorkerSpec &spec);

private:
    QWidget *buildProgramGroup();
    QWidget *buildRestartGroup();
    QWidget *buildLimitsGroup();
    QWidget *buildHealthGroup();
    QWidget *buildLogsGroup();
    void browseProgram();
    void browseFolder();
    void programEntered();
    void addVariable();
    void removeVariable();
    void collect();
    void showHealthTarget();

    config::WorkerSpec m_spec;
    QString m_configFile;
    bool m_hasWorker = false;
    bool m_filling = false; // setWorker() is writing the fields: not an edit

    QLabel *m_note = nullptr;
    QAbstractButton *m_editAnyway = nullptr;
    QWidget *m_fields = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_program = nullptr;
    QLineEdit *m_args = nullptr;
    QTableWidget *m_env = nullptr;
    QLineEdit *m_folder = nullptr;
    QComboBox *m_restart = nullptr;
    QSpinBox *m_retries = nullptr;
    QDoubleSpinBox *m_retryDelay = nullptr;
    QSpinBox *m_memoryMiB = nullptr;
    QComboBox *m_memoryPolicy = nullptr;
    QDoubleSpinBox *m_cpuCores = nullptr;
    QComboBox *m_cpuPolicy = nullptr;
    QDoubleSpinBox *m_healthDelay = nullptr;
    QSpinBox *m_processes = nullptr;
    QComboBox *m_healthType = nullptr;
    QLineEdit *m_healthTarget = nullptr;
    QDoubleSpinBox *m_healthInterval = nullptr;
    QSpinBox *m_healthRetries = nullptr;
    QCheckBox *m_capture = nullptr;
    QCheckBox *m_stdout = nullptr;
    QCheckBox *m_stderr = nullptr;
};

} // namespace hsu::desktop::editor
