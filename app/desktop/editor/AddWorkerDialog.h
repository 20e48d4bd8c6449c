#pragma once

// "Add worker…": the few things a new worker needs — a command (typed as in a terminal or picked
// with a file dialog), an id made from the program's name, an optional display name. The rest is
// set in the form afterwards.

#include "shared/config/ConfigText.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace hsu::desktop::editor {

class AddWorkerDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddWorkerDialog)

public:
    // `takenIds`: ids already in the config (a new one must differ).
    explicit AddWorkerDialog(const QStringList &takenIds, QWidget *parent = nullptr);

    QLineEdit *commandEdit() const { return m_command; }
    QLineEdit *idEdit() const { return m_id; }
    QLineEdit *nameEdit() const { return m_name; }
    // The worker as entered; valid only when the OK button is enabled.
    config::NewWorker worker() const;

    // An id from a program path ("/usr/bin/python3" -> "python3"), made unique against `taken`.
    static QString suggestId(const QString &program, const QStringList &taken);

private:
    void update();

    QStringList m_taken;
    QLineEdit *m_command = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_idTouched = false; // the user typed an id: stop suggesting one
    config::NewWorker m_worker;
};

} // namespace hsu::desktop::editor
