#include "ConfigEditor.h"

#include "AddWorkerDialog.h"
#include "ConfigMerge.h"
#include "ConfigValidator.h"
#include "DiagnosticsList.h"
#include "WorkerForm.h"
#include "YamlEdit.h"
#include "shared/client/AgentClient.h"
#include "shared/config/ConfigDiff.h"
#include "shared/config/YamlWriter.h"
#include "shared/protocol/Protocol.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcEditor, "hsu.desktop.editor")

namespace hsu::desktop::editor {

namespace p = hsu::protocol;

namespace {
constexpr int kIdRole = Qt::UserRole;

// "1 added, 1 restarted, 2 unchanged" from config.save's reply (ConfigDiff::toJson).
QString saveSummary(const QJsonObject &r)
{
    QStringList parts;
    const auto count = [&r](const char *key) { return int(r.value(QLatin1String(key)).toArray().size()); };
    if (const int n = count("added"))
        parts << ConfigEditor::tr("%n added", nullptr, n);
    if (const int n = count("removed"))
        parts << ConfigEditor::tr("%n removed", nullptr, n);
    if (const int n = count("restarted"))
        parts << ConfigEditor::tr("%n restarted", nullptr, n);
    if (const int n = count("live"))
        parts << ConfigEditor::tr("%n changed without a restart", nullptr, n);
    parts << ConfigEditor::tr("%n unchanged", nullptr, r.value(QLatin1String("unchanged")).toInt());
    return parts.join(QStringLiteral(", "));
}
} // namespace

ConfigEditor::ConfigEditor(client::AgentClient *agent, QWidget *parent)
    : QMainWindow(parent)
    , m_agent(agent)
    , m_validator(new ConfigValidator(this))
{
    setWindowTitle(tr("Edit config — HSU Master"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    buildLayout();
    buildActions();
    connect(m_validator, &ConfigValidator::validated, this, &ConfigEditor::onValidated);
    connect(m_text, &QPlainTextEdit::textChanged, this, &ConfigEditor::textChanged);
    connect(m_form, &WorkerForm::edited, this, &ConfigEditor::onFormEdited);
    connect(m_diagnostics, &DiagnosticsList::goTo, this, [this](int line, int column) {
        m_views->setCurrentWidget(m_text->parentWidget());
        m_text->goTo(line, column);
    });
    connect(m_diagnostics, &DiagnosticsList::fix, this, &ConfigEditor::applyFix);
    connect(m_workers, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item || item->data(0, kIdRole).toString() == m_selected)
            return;
        m_selected = item->data(0, kIdRole).toString();
        m_formLines.reset();
        showSelectedWorker();
    });
    if (m_agent)
        connect(m_agent, &client::AgentClient::eventReceived, this, [this](const QString &name) {
            if (name == QLatin1String(p::event::ConfigReloaded))
                onAgentReloaded();
        });
    resize(1100, 760);
}

ConfigEditor::~ConfigEditor() = default;

void ConfigEditor::buildLayout()
{
    m_banner = new QWidget;
    auto *bannerRow = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel;
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mergeButton = new QPushButton(tr("Merge"));
    m_mergeButton->setToolTip(tr("Keep the changes on disk and apply yours on top, worker by worker"));
    m_reloadButton = new QPushButton(tr("Reload from disk"));
    m_reloadButton->setToolTip(tr("Drop your changes and show the file as it is on disk"));
    m_overwriteButton = new QPushButton(tr("Save mine anyway"));
    auto *dismiss = new QPushButton(tr("Dismiss"));
    bannerRow->addWidget(m_bannerText, 1);
    for (QPushButton *b : {m_mergeButton, m_reloadButton, m_overwriteButton, dismiss})
        bannerRow->addWidget(b);
    m_banner->setAutoFillBackground(true);
    m_banner->hide();
    connect(dismiss, &QPushButton::clicked, this, &ConfigEditor::hideBanner);
    connect(m_mergeButton, &QPushButton::clicked, this, [this] { mergeWithDisk(m_theirs); });
    connect(m_reloadButton, &QPushButton::clicked, this, [this] {
        hideBanner();
        setBaseText(m_path, m_theirs);
    });
    connect(m_overwriteButton, &QPushButton::clicked, this, [this] {
        hideBanner();
        m_baseText = m_theirs; // seen: the save replaces it on purpose
        save();
    });

    m_workers = new QTreeWidget;
    m_workers->setHeaderLabels({tr("Worker"), tr("Name"), tr("Change")});
    m_workers->setRootIsDecorated(false);
    m_workers->setUniformRowHeights(true);
    m_workers->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_form = new WorkerForm;
    m_text = new YamlEdit;
    m_diagnostics = new DiagnosticsList;
    auto *yamlPage = new QSplitter(Qt::Vertical);
    yamlPage->addWidget(m_text);
    yamlPage->addWidget(m_diagnostics);
    yamlPage->setStretchFactor(0, 4);
    yamlPage->setStretchFactor(1, 1);
    m_views = new QTabWidget;
    m_views->addTab(m_form, tr("&Form"));
    m_views->addTab(yamlPage, tr("&YAML"));

    auto *split = new QSplitter;
    split->addWidget(m_workers);
    split->addWidget(m_views);
    split->setStretchFactor(1, 3);
    split->setSizes({300, 800});

    auto *central = new QWidget;
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_banner);
    column->addWidget(split, 1);
    setCentralWidget(central);
    m_state = new QLabel;
    statusBar()->addPermanentWidget(m_state);
}

void ConfigEditor::buildActions()
{
    const auto icon = [this](const char *theme, QStyle::StandardPixmap fallback) {
        return QIcon::fromTheme(QLatin1String(theme), style()->standardIcon(fallback));
    };
    m_save = new QAction(icon("document-save", QStyle::SP_DialogSaveButton), tr("&Save"), this);
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Save and apply: the agent checks the file again, keeps a backup and reloads"));
    connect(m_save, &QAction::triggered, this, &ConfigEditor::checkDiskThenSave);
    m_undo = new QAction(icon("edit-undo", QStyle::SP_ArrowBack), tr("&Undo"), this);
    m_undo->setShortcut(QKeySequence::Undo);
    connect(m_undo, &QAction::triggered, m_text, &QPlainTextEdit::undo);
    connect(m_text, &QPlainTextEdit::undoAvailable, m_undo, &QAction::setEnabled);
    m_redo = new QAction(icon("edit-redo", QStyle::SP_ArrowForward), tr("&Redo"), this);
    m_redo->setShortcut(QKeySequence::Redo);
    connect(m_redo, &QAction::triggered, m_text, &QPlainTextEdit::redo);
    connect(m_text, &QPlainTextEdit::redoAvailable, m_redo, &QAction::setEnabled);
    m_undo->setEnabled(false);
    m_redo->setEnabled(false);
    m_add = new QAction(icon("list-add", QStyle::SP_FileDialogNewFolder), tr("&Add worker…"), this);
    m_add->setShortcut(QKeySequence::New);
    connect(m_add, &QAction::triggered, this, &ConfigEditor::addWorker);
    m_duplicate = new QAction(icon("edit-copy", QStyle::SP_FileLinkIcon), tr("&Duplicate"), this);
    connect(m_duplicate, &QAction::triggered, this, &ConfigEditor::duplicateWorker);
    m_remove = new QAction(icon("list-remove", QStyle::SP_TrashIcon), tr("Re&move…"), this);
    connect(m_remove, &QAction::triggered, this, [this] { removeWorker(m_selected, true); });
    m_import = new QAction(icon("document-open", QStyle::SP_DialogOpenButton), tr("&Import workers…"), this);
    m_import->setToolTip(tr("Add the workers of another HSU Master or procman file (written in the HSU Master dialect)"));
    connect(m_import, &QAction::triggered, this, &ConfigEditor::importFile);
    m_revert = new QAction(icon("document-revert", QStyle::SP_BrowserReload), tr("Re&vert"), this);
    m_revert->setToolTip(tr("Load the agent's config again, dropping unsaved changes"));
    connect(m_revert, &QAction::triggered, this, &ConfigEditor::loadFromAgent);

    QToolBar *bar = addToolBar(tr("Editor"));
    bar->setObjectName(QStringLiteral("editorToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({m_save, m_undo, m_redo});
    bar->addSeparator();
    bar->addActions({m_add, m_duplicate, m_remove});
    bar->addSeparator();
    bar->addActions({m_import, m_revert});
    m_save->setEnabled(false);
    m_duplicate->setEnabled(false);
    m_remove->setEnabled(false);
}

QByteArray ConfigEditor::text() const
{
    return m_text->toPlainText().toUtf8();
}

bool ConfigEditor::isChecked() const
{
    return m_last && m_last->generation == m_pending;
}

bool ConfigEditor::hasUnsavedChanges() const
{
    return text() != m_baseText;
}

QString ConfigEditor::currentId() const
{
    return m_selected;
}

void ConfigEditor::loadFromAgent()
{
    if (!m_agent)
        return;
    m_agent->request(QString(p::method::ConfigGet), {}, [this, self = QPointer<ConfigEditor>(this)](const client::Reply &r) {
        if (!self)
            return;
        if (!r.ok()) {
            showBanner(tr("Cannot read the agent's config: %1").arg(r.errorMessage), false);
            return;
        }
        const QJsonObject o = r.result.toObject();
        setBaseText(o.value(QLatin1String("path")).toString(), o.value(QLatin1String("text")).toString().toUtf8());
    });
}

void ConfigEditor::setBaseText(const QString &path, const QByteArray &text)
{
    m_path = path;
    m_baseText = text;
    const config::LoadResult base = ConfigValidator::check(text, path);
    m_baseConfig = base.config;
    setWindowTitle(tr("%1 — Edit config — HSU Master").arg(path));
    replaceText(text);
}

void ConfigEditor::replaceText(const QByteArray &text)
{
    // Through a cursor, not setPlainText: the replacement is one step on the undo stack.
    QTextCursor c(m_text->document());
    c.beginEditBlock();
    c.select(QTextCursor::Document);
    c.insertText(QString::fromUtf8(text));
    c.endEditBlock();
}

void ConfigEditor::textChanged()
{
    if (!m_writingForm)
        m_formLines.reset(); // typed in the YAML view: where the worker is, the next check says
    m_valid = false;
    m_save->setEnabled(false);
    m_state->setText(tr("Checking…"));
    m_pending = m_validator->validate(text(), m_path.isEmpty() ? QStringLiteral("config.yaml") : m_path);
}

void ConfigEditor::onValidated(const std::shared_ptr<const Validation> &v)
{
    if (v->generation != m_pending)
        return;
    m_last = v;
    const config::LoadResult &r = v->result;
    m_valid = r.ok();
    m_text->setDiagnostics(r.diagnostics);
    const QTextDocument *doc = m_text->document();
    m_diagnostics->setDiagnostics(r.diagnostics, [doc](int line) { return doc->findBlockByNumber(line - 1).text(); });
    const int errors = int(r.errors().size());
    if (m_valid) {
        m_lastGood = r.config;
        m_lastGoodText = v->text;
        const int warnings = int(r.warnings().size());
        m_state->setText(warnings ? tr("No errors, %n warning(s)", nullptr, warnings) : tr("No errors"));
        refreshWorkerList();
        if (!m_selected.isEmpty() && m_lastGood->worker(m_selected))
            m_formLines = config::workerItemLines(v->text, *m_lastGood, m_selected);
        showSelectedWorker();
    } else {
        m_state->setText(tr("%n error(s): Save is off until they are fixed", nullptr, errors));
        // A form edit that made the text invalid (an empty program) keeps the form usable.
        if (!m_formLines)
            m_form->clearWorker(tr("The YAML has errors (listed under the YAML view). Fix them there, or undo, "
                                   "to use the form again."));
    }
    m_save->setEnabled(m_valid && !m_saving && hasUnsavedChanges());
    Q_EMIT checked();
    if (m_valid && m_addWhenReady && !m_path.isEmpty()) {
        m_addWhenReady = false;
        QMetaObject::invokeMethod(this, &ConfigEditor::addWorker, Qt::QueuedConnection);
    }
}

void ConfigEditor::refreshWorkerList()
{
    if (!m_lastGood)
        return;
    config::ConfigDiff diff;
    if (m_baseConfig)
        diff = config::diffConfigs(*m_baseConfig, *m_lastGood);
    const QSignalBlocker block(m_workers);
    m_workers->clear();
    QTreeWidgetItem *current = nullptr;
    const auto row = [this](const QString &id, const QString &name, const QString &change) {
        auto *item = new QTreeWidgetItem(m_workers, {id, name, change});
        item->setData(0, kIdRole, id);
        return item;
    };
    for (const config::WorkerSpec &w : m_lastGood->workers) {
        QString change;
        if (!m_baseConfig || diff.added.contains(w.id))
            change = m_baseConfig ? tr("new") : QString();
        else if (diff.restarted.contains(w.id))
            change = tr("changed: restarts");
        else if (diff.live.contains(w.id))
            change = tr("changed");
        QTreeWidgetItem *item = row(w.id, w.name, change);
        if (w.id == m_selected)
            current = item;
    }
    for (const QString &id : std::as_const(diff.removed)) {
        QTreeWidgetItem *item = row(id, m_baseConfig->worker(id) ? m_baseConfig->worker(id)->name : QString(), tr("removed: stops"));
        item->setFlags(Qt::NoItemFlags);
        QFont f = item->font(0);
        f.setStrikeOut(true);
        item->setFont(0, f);
    }
    if (!current && !m_lastGood->workers.empty() && m_selected.isEmpty()) {
        current = m_workers->topLevelItem(0);
        m_selected = current->data(0, kIdRole).toString();
    }
    if (current)
        m_workers->setCurrentItem(current);
    else
        m_selected.clear();
    m_duplicate->setEnabled(current != nullptr);
    m_remove->setEnabled(current != nullptr);
}

void ConfigEditor::showSelectedWorker()
{
    if (!m_lastGood)
        return;
    if (m_lastGood->dialect == config::Dialect::HsuProcman) {
        m_form->clearWorker(tr("This file is in the HSU procman dialect. The form writes the HSU Master dialect: "
                               "edit it in the YAML view, or import it into an HSU Master file."));
        return;
    }
    const config::WorkerSpec *w = m_selected.isEmpty() ? nullptr : m_lastGood->worker(m_selected);
    if (!w) {
        m_form->clearWorker(m_lastGood->workers.empty() ? tr("No workers yet: “Add worker…” adds your first program.")
                                                        : tr("Select a worker on the left."));
        return;
    }
    // The form's own edit came back: nothing to show anew (and the cursor stays where it is).
    if (m_form->hasWorker() && m_form->worker() == *w && m_form->isEnabled())
        return;
    m_form->setWorker(*w, m_path);
}

void ConfigEditor::onFormEdited(const config::WorkerSpec &spec)
{
    std::optional<config::ItemLines> lines = m_formLines;
    if (!lines && m_valid && m_lastGood)
        lines = config::workerItemLines(m_lastGoodText, *m_lastGood, m_selected);
    if (!lines) {
        showBanner(tr("The form cannot find worker “%1” in the text; edit it in the YAML view.").arg(m_selected), false);
        return;
    }
    const QByteArray item = config::YamlWriter::workerItem(spec, lines->indent);
    QTextDocument *doc = m_text->document();
    const QTextBlock first = doc->findBlockByNumber(lines->first);
    const QTextBlock after = doc->findBlockByNumber(lines->first + lines->count);
    QTextCursor c(doc);
    c.beginEditBlock();
    c.setPosition(first.position());
    if (after.isValid())
        c.setPosition(after.position(), QTextCursor::KeepAnchor);
    else
        c.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    m_writingForm = true;
    c.insertText(QString::fromUtf8(after.isValid() ? item : item.chopped(1)));
    c.endEditBlock();
    m_writingForm = false;
    m_formLines = config::ItemLines{lines->first, int(item.count('\n')), lines->indent};
    m_selected = spec.id;
}

void ConfigEditor::selectWorker(const QString &id)
{
    m_selected = id;
    m_formLines.reset();
    refreshWorkerList();
    showSelectedWorker();
}

void ConfigEditor::addWorker()
{
    QStringList taken;
    if (m_lastGood)
        for (const config::WorkerSpec &w : m_lastGood->workers)
            taken << w.id;
    AddWorkerDialog dialog(taken, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!addWorkerToText(dialog.worker(), &error))
        QMessageBox::warning(this, tr("Add worker"), error);
}

void ConfigEditor::addWorkerWhenReady()
{
    if (m_valid && isChecked() && !m_path.isEmpty()) {
        addWorker();
        return;
    }
    m_addWhenReady = true;
}

bool ConfigEditor::addWorkerToText(const config::NewWorker &worker, QString *error)
{
    if (!m_valid) {
        *error = tr("Fix the errors in the YAML first.");
        return false;
    }
    const QByteArray next = config::addWorkerText(text(), worker, m_path, error);
    if (next.isEmpty())
        return false;
    m_selected = worker.id;
    m_formLines.reset();
    replaceText(next);
    m_views->setCurrentWidget(m_form);
    return true;
}

void ConfigEditor::duplicateWorker()
{
    if (!m_valid || !m_lastGood || !m_lastGood->worker(m_selected))
        return;
    config::WorkerSpec copy = *m_lastGood->worker(m_selected);
    QStringList taken;
    for (const config::WorkerSpec &w : m_lastGood->workers)
        taken << w.id;
    copy.id = AddWorkerDialog::suggestId(copy.id + QStringLiteral("-copy"), taken);
    QString error;
    const QByteArray next = config::addWorkerSpecText(text(), copy, m_path, &error, m_selected);
    if (next.isEmpty()) {
        showBanner(error, false);
        return;
    }
    m_selected = copy.id;
    m_formLines.reset();
    replaceText(next);
}

void ConfigEditor::removeWorker(const QString &id, bool ask)
{
    if (id.isEmpty() || !m_valid)
        return;
    const bool running = m_baseConfig && m_baseConfig->worker(id);
    if (ask) {
        const QString question = running
            ? tr("Remove “%1” from the config?\n\nWhen you save, the agent stops it; its log files stay.").arg(id)
            : tr("Remove “%1” from the config?").arg(id);
        if (QMessageBox::question(this, tr("Remove worker"), question) != QMessageBox::Yes)
            return;
    }
    QString error;
    const QByteArray next = config::removeWorkerText(text(), id, m_path, &error);
    if (next.isEmpty()) {
        showBanner(error, false);
        return;
    }
    m_selected.clear();
    m_formLines.reset();
    replaceText(next);
}

void ConfigEditor::importFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import workers"), QString(), tr("YAML files (*.yaml *.yml);;All files (*)"));
    if (file.isEmpty())
        return;
    const config::LoadResult other = config::YamlLoader::loadFile(file);
    if (!other.ok()) {
        QStringList errors;
        for (const config::Diagnostic &d : other.errors())
            errors << d.toString();
        QMessageBox::warning(this, tr("Import workers"), tr("%1 cannot be loaded:\n%2").arg(file, errors.join(u'\n')));
        return;
    }
    QByteArray next = text();
    QStringList skipped;
    for (const config::WorkerSpec &w : other.config->workers) {
        QString error;
        const QByteArray with = config::addWorkerSpecText(next, w, m_path, &error);
        if (with.isEmpty())
            skipped << w.id;
        else
            next = with;
    }
    replaceText(next);
    if (!skipped.isEmpty())
        showBanner(tr("Not imported (the id is taken, or the text has errors): %1").arg(skipped.join(QStringLiteral(", "))), false);
}

void ConfigEditor::applyFix(int line, int column, int length, const QString &replacement)
{
    const QTextBlock block = m_text->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor c(block);
    c.setPosition(block.position() + column - 1);
    c.setPosition(block.position() + column - 1 + length, QTextCursor::KeepAnchor);
    c.insertText(replacement);
}

void ConfigEditor::showBanner(const QString &message, bool conflict)
{
    m_bannerText->setText(message);
    m_mergeButton->setVisible(conflict);
    m_reloadButton->setVisible(conflict);
    m_overwriteButton->setVisible(conflict);
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, palette().color(QPalette::ToolTipBase));
    pal.setColor(QPalette::WindowText, palette().color(QPalette::ToolTipText));
    m_banner->setPalette(pal);
    m_banner->show();
}

void ConfigEditor::hideBanner()
{
    m_banner->hide();
}

void ConfigEditor::checkDiskThenSave()
{
    if (!m_agent || !m_valid || m_saving)
        return;
    m_saving = true;
    m_save->setEnabled(false);
    // A change made to the file meanwhile (another editor, hsuctl add) is not overwritten unseen.
    m_agent->request(QString(p::method::ConfigGet), {}, [this, self = QPointer<ConfigEditor>(this)](const client::Reply &r) {
        if (!self)
            return;
        m_saving = false;
        const QByteArray disk = r.result.toObject().value(QLatin1String("text")).toString().toUtf8();
        if (r.ok() && disk != m_baseText && disk != text()) {
            m_theirs = disk;
            showBanner(tr("The file was changed on disk since you opened it. Merge keeps those changes and "
                          "applies yours worker by worker; Reload drops yours."), true);
            m_save->setEnabled(m_valid);
            return;
        }
        save();
    });
}

void ConfigEditor::save()
{
    if (!m_agent || m_saving)
        return;
    m_saving = true;
    m_save->setEnabled(false);
    const QByteArray sent = text();
    m_state->setText(tr("Saving…"));
    m_agent->request(QString(p::method::ConfigSave), QJsonObject{{QStringLiteral("text"), QString::fromUtf8(sent)}},
                                    [this, self = QPointer<ConfigEditor>(this), sent](const client::Reply &r) {
                                        if (!self)
                                            return;
                                        onSaveReply(r.result, r.errorCode, r.errorMessage, sent);
                                    });
}

void ConfigEditor::onSaveReply(const QJsonValue &result, const QString &errorCode, const QString &errorMessage, const QByteArray &sent)
{
    m_saving = false;
    if (!errorCode.isEmpty()) {
        // The text stays as it is: nothing the user typed is lost.
        qCInfo(lcEditor).noquote() << "save refused:" << errorMessage;
        showBanner(tr("Not saved — the agent refused it:\n%1").arg(errorMessage), false);
        m_state->setText(tr("Not saved"));
        m_save->setEnabled(m_valid);
        return;
    }
    hideBanner();
    m_baseText = sent;
    m_baseConfig = ConfigValidator::check(sent, m_path).config;
    const QString summary = tr("Saved: %1").arg(saveSummary(result.toObject()));
    m_state->setText(summary);
    refreshWorkerList();
    m_save->setEnabled(m_valid && hasUnsavedChanges());
    Q_EMIT saved(summary);
}

void ConfigEditor::onAgentReloaded()
{
    if (m_saving || !m_agent || m_path.isEmpty())
        return;
    m_agent->request(QString(p::method::ConfigGet), {}, [this, self = QPointer<ConfigEditor>(this)](const client::Reply &r) {
        if (!self)
            return;
        if (!r.ok() || m_saving)
            return;
        const QByteArray disk = r.result.toObject().value(QLatin1String("text")).toString().toUtf8();
        if (disk == m_baseText || disk == text())
            return;
        if (!hasUnsavedChanges()) {
            setBaseText(m_path, disk); // nothing of the user's to lose: follow the file
            return;
        }
        m_theirs = disk;
        showBanner(tr("The file was changed on disk while you were editing it."), true);
    });
}

void ConfigEditor::mergeWithDisk(const QByteArray &theirs)
{
    const MergeResult merged = mergeConfigTexts(m_baseText, text(), theirs, m_path);
    if (!merged.ok) {
        showBanner(tr("Cannot merge: %1").arg(merged.problem), true);
        return;
    }
    m_baseText = theirs;
    m_baseConfig = ConfigValidator::check(theirs, m_path).config;
    replaceText(merged.text);
    if (merged.conflicts.isEmpty())
        showBanner(tr("Merged with the file on disk. Review, then save."), false);
    else
        showBanner(tr("Merged; changed on both sides (yours kept): %1. Review, then save.")
                       .arg(merged.conflicts.join(QStringLiteral(", "))), false);
}

void ConfigEditor::closeEvent(QCloseEvent *event)
{
    if (!hasUnsavedChanges()) {
        event->accept();
        return;
    }
    const auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save your changes to the config?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) {
        event->ignore();
        return;
    }
    if (answer == QMessageBox::Save && m_valid)
        save();
    else if (answer == QMessageBox::Discard)
        replaceText(m_baseText);
    event->accept();
}

} // namespace hsu::desktop::editor
