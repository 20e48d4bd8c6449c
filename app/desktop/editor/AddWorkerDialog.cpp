#include "AddWorkerDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>

namespace hsu::desktop::editor {

AddWorkerDialog::AddWorkerDialog(const QStringList &takenIds, QWidget *parent)
    : QDialog(parent)
    , m_taken(takenIds)
{
    setWindowTitle(tr("Add a program"));
    auto *form = new QFormLayout(this);
    auto *intro = new QLabel(tr("HSU Master starts the program, keeps it running and keeps its output. "
                                "Type the command as you would in a terminal, or choose the program file."));
    intro->setWordWrap(true);
    form->addRow(intro);
    m_command = new QLineEdit;
    m_command->setPlaceholderText(tr("e.g. python3 -m http.server 8000"));
    auto *browse = new QToolButton;
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose the program"));
        if (file.isEmpty())
            return;
        // A path with blanks stays one word.
        m_command->setText(file.contains(u' ') ? u'\'' + file + u'\'' : file);
        update();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_command, 1);
    row->addWidget(browse);
    form->addRow(tr("&Command:"), row);
    // A row of a layout gets a label without a buddy, which would show its '&' as is.
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(row)))
        label->setBuddy(m_command);
    m_id = new QLineEdit;
    form->addRow(tr("&Id:"), m_id);
    m_name = new QLineEdit;
    m_name->setPlaceholderText(tr("Optional: shown instead of the id"));
    form->addRow(tr("&Name:"), m_name);
    m_problem = new QLabel;
    m_problem->setWordWrap(true);
    form->addRow(m_problem);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_command, &QLineEdit::textChanged, this, &AddWorkerDialog::update);
    connect(m_id, &QLineEdit::textEdited, this, [this] {
        m_idTouched = true;
        update();
    });
    connect(m_name, &QLineEdit::textChanged, this, &AddWorkerDialog::update);
    resize(520, sizeHint().height());
    update();
}

QString AddWorkerDialog::suggestId(const QString &program, const QStringList &taken)
{
    QString base = QFileInfo(program).completeBaseName().toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9_-]+")), QStringLiteral("-"));
    if (base.isEmpty())
        base = QStringLiteral("worker");
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("%1-%2").arg(base).arg(n);
    return id;
}

config::NewWorker AddWorkerDialog::worker() const
{
    return m_worker;
}

void AddWorkerDialog::update()
{
    QString error;
    const config::CommandLine c = config::parseCommandLine(m_command->text(), &error);
    if (!m_idTouched)
        m_id->setText(c.program.isEmpty() ? QString() : suggestId(c.program, m_taken));
    static const QRegularExpression idRule(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    const QString id = m_id->text().trimmed();
    QString problem;
    if (m_command->text().trimmed().isEmpty())
        problem = tr("Enter a command.");
    else if (c.program.isEmpty())
        problem = tr("“%1” is not a program in PATH.").arg(config::splitShellWords(m_command->text()).value(0));
    else if (!QFileInfo(c.program).isExecutable())
        problem = tr("%1 is not an executable file here (it can still be added; the agent reports it when it starts).")
                      .arg(c.program);
    if (id.isEmpty() || !idRule.match(id).hasMatch())
        problem = tr("The id must start with a letter or digit and hold only letters, digits, '.', '-' and '_'.");
    else if (m_taken.contains(id))
        problem = tr("A worker “%1” exists already.").arg(id);
    m_problem->setText(problem);
    const bool blocking = c.program.isEmpty() || id.isEmpty() || !idRule.match(id).hasMatch() || m_taken.contains(id);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!blocking);
    m_worker = {};
    m_worker.id = id;
    m_worker.name = m_name->text().trimmed();
    m_worker.program = c.program;
    m_worker.args = c.args;
}

} // namespace hsu::desktop::editor
