#pragma once

// The loader's findings under the YAML view: one row per error or warning with its line, a click
// goes there, and a "did you mean" carries a button that applies the fix.

#include "shared/config/Diagnostic.h"

#include <QTreeWidget>

#include <functional>

class QAbstractButton;

namespace hsu::desktop::editor {

class DiagnosticsList final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsList)

public:
    explicit DiagnosticsList(QWidget *parent = nullptr);

    // `lineText(n)` gives the text of 1-based line n, to find what a fix replaces.
    void setDiagnostics(const QList<config::Diagnostic> &diagnostics, const std::function<QString(int)> &lineText);
    // The fix buttons, in row order (tests click them).
    QList<QAbstractButton *> fixButtons() const;

Q_SIGNALS:
    void goTo(int line, int column);
    void fix(int line, int column, int length, const QString &replacement);
};

} // namespace hsu::desktop::editor
