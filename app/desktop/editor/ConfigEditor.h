#pragma once

// The config editor: the agent's config file as a list of workers, a form for the selected one
// and the whole file as YAML, kept in sync both ways. The YAML text is the one truth: a form edit
// rewrites the worker's item in the text (one undo step), and every text change is checked off the
// GUI thread by the agent's own loader; the form follows each text that loads. Errors are marked
// on their lines with "did you mean" fixes; Save stays off while the text has errors and goes
// through config.save (the agent checks again, writes atomically with a backup, reloads).

#include "AddWorkerDialog.h"
#include "ConfigValidator.h"
#include "ItemCheck.h"
#include "shared/config/ConfigText.h"
#include "shared/config/WorkerSpec.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTreeWidget;

namespace hsu::client {
class AgentClient;
}

namespace hsu::desktop::editor {

class ConfigValidator;
class DiagnosticsList;
class WorkerForm;
class YamlEdit;

class ConfigEditor final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigEditor)

public:
    // `agent`: the GUI's connection (config.get / config.save, and the config.reloaded event).
    explicit ConfigEditor(client::AgentClient *agent, QWidget *parent = nullptr);
    ~ConfigEditor() override;

    // Fetches the agent's config (config.get) into the editor.
    void loadFromAgent();
    // Puts `text` in as if the agent had sent it (the base a save compares against).
    void setBaseText(const QString &path, const QByteArray &text);
    // Opens the "Add worker" dialog; `first`: the invitation of an empty config.
    void addWorker();
    // addWorker() now if the text is checked and loads, else as soon as it is.
    void addWorkerWhenReady();

    // What tests and the main window look at.
    YamlEdit *yamlEdit() const { return m_text; }
    WorkerForm *form() const { return m_form; }
    QTreeWidget *workerList() const { return m_workers; }
    DiagnosticsList *diagnosticsList() const { return m_diagnostics; }
    QAction *saveAction() const { return m_save; }
    QAction *removeAction() const { return m_remove; }
    QAction *duplicateAction() const { return m_duplicate; }
    QTabWidget *views() const { return m_views; }
    QLabel *banner() const { return m_bannerText; }
    // The open "Add a program" dialog, if any.
    AddWorkerDialog *addDialog() const { return m_addDialog; }
    bool isValid() const { return m_valid; }
    bool isChecked() const; // the newest text has been checked
    bool hasUnsavedChanges() const;
    QString configPath() const { return m_path; }
    QByteArray text() const { return m_current; }
    // Selects a worker in the list and the form.
    void selectWorker(const QString &id);
    // Removes a worker from the text; `ask`: confirm with the user first.
    void removeWorker(const QString &id, bool ask);
    // Adds a worker to the text (the dialog's result) and selects it.
    bool addWorkerToText(const config::NewWorker &worker, QString *error);
    void save();
    // Where the three-way merge of an edit on disk puts its findings.
    void mergeWithDisk(const QByteArray &theirs);

Q_SIGNALS:
    // After a save the agent took: "Saved: 1 restarted, 2 unchanged".
    void saved(const QString &summary);
    // A check finished (tests wait on it).
    void checked();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    void textChanged();
    void onValidated(const std::shared_ptr<const Validation> &v);
    void refreshWorkerList(const QList<WorkerRow> &rows);
    void setBaseConfig(const QByteArray &text);
    void showSelectedWorker();
    void onFormEdited(const config::WorkerSpec &spec);
    void replaceText(const QByteArray &text);
    void duplicateWorker();
    void importFile();
    void showBanner(const QString &message, bool conflict);
    void hideBanner();
    void applyFix(int line, int column, int length, const QString &replacement);
    void onSaveReply(const QJsonValue &result, const QString &errorCode, const QString &errorMessage, const QByteArray &sent);
    void checkDiskThenSave();
    void onAgentReloaded();
    QString currentId() const;
    // What a form edit of worker `id` would lose of its text; empty: nothing.
    QString formCaution(const QString &id) const;

    client::AgentClient *m_agent;
    ConfigValidator *m_validator;
    YamlEdit *m_text = nullptr;
    WorkerForm *m_form = nullptr;
    QTreeWidget *m_workers = nullptr;
    DiagnosticsList *m_diagnostics = nullptr;
    QTabWidget *m_views = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_mergeButton = nullptr;
    QPushButton *m_reloadButton = nullptr;
    QPushButton *m_overwriteButton = nullptr;
    QLabel *m_state = nullptr;
    QAction *m_save = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_add = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_remove = nullptr;
    QAction *m_import = nullptr;
    QAction *m_revert = nullptr;

    QString m_path;         // the agent's config file
    QByteArray m_baseText;  // as the agent last had it (loaded or saved)
    std::shared_ptr<const config::Config> m_baseConfig;
    QByteArray m_current;   // the text as it is now (toPlainText of a big file is not free)
    QList<WorkerRow> m_rows; // what the list shows
    ItemCheck m_quick;
    QByteArray m_theirs;    // the file's text on disk when it changed under the editor
    std::shared_ptr<const Validation> m_last; // the newest checked text
    std::optional<config::Config> m_lastGood; // the newest text that loaded
    QByteArray m_lastGoodText;
    bool m_valid = false;
    quint64 m_pending = 0;  // generation of the newest check asked for
    QString m_selected;     // the worker the form shows
    // The lines the form last wrote for m_selected, used until a check finds them again (a form
    // edit can leave the text invalid for a moment, e.g. an empty program).
    std::optional<config::ItemLines> m_formLines;
    bool m_writingForm = false;
    bool m_saving = false;
    bool m_addWhenReady = false;
    QPointer<AddWorkerDialog> m_addDialog;
};

} // namespace hsu::desktop::editor
