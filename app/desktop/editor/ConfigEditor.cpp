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
    connect(m_text->document(), &QTextDocument::contentsChange, this, [this](int position, int, int added) {
        QList<config::Diagnostic> shown = m_text->diagnostics();
        m_quick.contentsChanged(*m_text->document(), position, added, &shown);
        if (shown != m_text->diagnostics())
            m_text->setDiagnostics(shown);
    });
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
        // The YAML view shows the selected worker too: switching to it lands on its item.
        if (m_valid && m_lastGood)
            if (const auto lines = config::workerItemLines(m_lastGoodText, *m_lastGood, m_selected))
                m_text->goTo(lines->first + 1, lines->indent + 1, false);
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
    // Alt+Y / Alt+F: the view switched to takes the keyboard (typing goes into the text).
    connect(m_views, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_views->widget(index) == m_form)
            m_form->setFocus();
        else
            m_text->setFocus();
    });
    m_workers->setFocus(); // the first thing is picking a worker

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
    // Theme icons for the menus of desktops that have them; none drawn from the style (see below).
    const auto icon = [](const char *theme, QStyle::StandardPixmap) { return QIcon::fromTheme(QLatin1String(theme)); };
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
    // Words only: the styles' stock icons mix glossy bitmaps with flat glyphs (the main window
    // draws its own family; these actions read better as words than as more glyphs).
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setMovable(false);
    bar->addActions({m_save, m_undo, m_redo});
    bar->addSeparator();
    bar->addActions({m_add, m_duplicate, m_remove});
    bar->addSeparator();
    bar->addActions({m_import, m_revert});
    m_save->setEnabled(false);
    m_duplicate->setEnabled(false);
    m_remove->setEnabled(false);
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

void ConfigEditor::setBaseText(const QString &path, const QByteArray &text)
{
    // A first load is not an edit: Undo must not empty the editor. A reload over unsaved work
    // stays undoable.
    const bool nothingToLose = m_current.isEmpty() || m_current == m_baseText;
    m_path = path;
    setBaseConfig(text);
    setWindowTitle(tr("%1 — Edit config — HSU Master").arg(path));
    replaceText(text);
    if (nothingToLose)
        m_text->document()->clearUndoRedoStacks();
}

void ConfigEditor::setBaseConfig(const QByteArray &text)
{
    m_baseText = text;
    std::optional<config::Config> base = ConfigValidator::check(text, m_path).config;
    m_baseConfig = base ? std::make_shared<const config::Config>(std::move(*base)) : nullptr;
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
    const QString file = m_path.isEmpty() ? QStringLiteral("config.yaml") : m_path;
    // A keystroke inside one worker: its marks now, the whole file's when the check is back.
    if (const std::optional<QList<config::Diagnostic>> quick = m_quick.check(*m_text->document(), file, m_text->diagnostics()))
        m_text->setDiagnostics(*quick);
    m_current = m_text->toPlainText().toUtf8();
    m_valid = false;
    m_save->setEnabled(false);
    m_state->setText(tr("Checking…"));
    m_pending = m_validator->validate(m_current, file, m_baseConfig);
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
        m_quick.reset(v->items, m_text->document()->blockCount());
        m_lastGood = r.config;
        m_lastGoodText = v->text;
        const int warnings = int(r.warnings().size());
        m_state->setText(warnings ? tr("No errors, %n warning(s)", nullptr, warnings) : tr("No errors"));
        refreshWorkerList(v->rows);
        m_formLines.reset(); // found again in m_lastGoodText when the form next writes
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

void ConfigEditor::refreshWorkerList(const QList<WorkerRow> &rows)
{
    const auto changeText = [](WorkerRow::Change c) {
        switch (c) {
        case WorkerRow::Change::None: return QString();
        case WorkerRow::Change::New: return tr("new");
        case WorkerRow::Change::Restarts: return tr("changed: restarts");
        case WorkerRow::Change::Live: return tr("changed");
        case WorkerRow::Change::Removed: return tr("removed: stops");
        }
        return QString();
    };
    const QSignalBlocker block(m_workers);
    // A keystroke rarely changes the list: rows are rewritten only where they differ, and the
    // list is built anew only when the number of rows changed.
    if (rows.size() != m_rows.size()) {
        m_workers->clear();
        m_rows.clear();
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const WorkerRow &r = rows.at(i);
        if (i < m_rows.size() && m_rows.at(i) == r)
            continue;
        QTreeWidgetItem *item = i < m_workers->topLevelItemCount() ? m_workers->topLevelItem(int(i)) : new QTreeWidgetItem(m_workers);
        item->setText(0, r.id);
        item->setText(1, r.name);
        item->setText(2, changeText(r.change));
        item->setData(0, kIdRole, r.id);
        const bool removed = r.change == WorkerRow::Change::Removed;
        item->setFlags(removed ? Qt::NoItemFlags : Qt::ItemIsSelectable | Qt::ItemIsEnabled);
        QFont f = item->font(0);
        f.setStrikeOut(removed);
        item->setFont(0, f);
    }
    m_rows = rows;
    QTreeWidgetItem *current = nullptr;
    if (m_lastGood && !m_selected.isEmpty() && m_lastGood->worker(m_selected)) {
        for (qsizetype i = 0; i < m_rows.size() && !current; ++i)
            if (m_rows.at(i).id == m_selected)
                current = m_workers->topLevelItem(int(i));
    } else if (m_selected.isEmpty() && m_lastGood && !m_lastGood->workers.empty()) {
        current = m_workers->topLevelItem(0);
        m_selected = current->data(0, kIdRole).toString();
    } else {
        m_selected.clear();
    }
    if (current && m_workers->currentItem() != current)
        m_workers->setCurrentItem(current);
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
    m_form->setWorker(*w, m_path, m_formLines ? QString() : formCaution(m_selected));
}

QString ConfigEditor::formCaution(const QString &id) const
{
    const std::optional<config::ItemLines> lines = config::workerItemLines(m_lastGoodText, *m_lastGood, id);
    if (!lines)
        return {};
    const QList<QByteArray> all = m_lastGoodText.split('\n');
    bool variables = false, comments = false;
    for (int i = lines->first; i < lines->first + lines->count && i < all.size(); ++i) {
        variables = variables || all.at(i).contains("${");
        comments = comments || all.at(i).trimmed().startsWith('#') || all.at(i).contains(" #");
    }
    // The form writes the item anew from the loaded values: what the loader expanded or skipped
    // would be written as plain values, or go.
    if (variables && comments)
        return tr("This worker's YAML uses ${…} variables and has comments. The form shows the variables' values "
                  "here, and an edit in the form writes those values in their place and drops the comments. Edit "
                  "it in the YAML view to keep both.");
    if (variables)
        return tr("This worker's YAML uses ${…} variables. The form shows their values here, and an edit in the "
                  "form writes those values in their place. Edit it in the YAML view to keep the variables.");
    if (comments)
        return tr("This worker's YAML has comments, which an edit in the form drops. Edit it in the YAML view to "
                  "keep them.");
    return {};
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
    m_rows.clear(); // the list is built again with this selection
    if (m_last)
        refreshWorkerList(m_last->rows);
    showSelectedWorker();
}

void ConfigEditor::addWorker()
{
    QStringList taken;
    if (m_lastGood)
        for (const config::WorkerSpec &w : m_lastGood->workers)
            taken << w.id;
    // Window-modal through open(), not exec(): no nested event loop under the agent's replies.
    auto *dialog = new AddWorkerDialog(taken, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString error;
        if (!addWorkerToText(dialog->worker(), &error))
            showBanner(tr("The worker was not added: %1").arg(error), false);
    });
    m_addDialog = dialog;
    dialog->open();
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
