#pragma once

// The YAML view: a plain text editor with line numbers, colours (YamlHighlighter) and the
// loader's findings marked where they are: the line tinted, the word underlined, a mark in the
// margin, the message as a tooltip.

#include "shared/config/Diagnostic.h"

#include <QPlainTextEdit>

namespace hsu::desktop::editor {

class YamlHighlighter;

class YamlEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YamlEdit)

public:
    explicit YamlEdit(QWidget *parent = nullptr);

    void setDiagnostics(const QList<config::Diagnostic> &diagnostics);
    const QList<config::Diagnostic> &diagnostics() const { return m_diagnostics; }
    // 1-based line numbers with an error mark (for tests and the status line).
    QList<int> markedErrorLines() const;
    // Puts the cursor at a 1-based line and column and shows it; `focus`: and types there next.
    void goTo(int line, int column, bool focus = true);

    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateGutter(const QRect &rect, int dy);
    void applyMarks();
    QList<config::Diagnostic> diagnosticsOn(int line) const;

    QWidget *m_gutter = nullptr;
    YamlHighlighter *m_highlighter = nullptr;
    QList<config::Diagnostic> m_diagnostics;
};

} // namespace hsu::desktop::editor
