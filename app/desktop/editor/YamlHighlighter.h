#pragma once

// Colours for the YAML view: keys, strings, numbers and booleans, comments, anchors and the
// ${VAR} references the loader expands. Line by line (YAML's block structure is per line; a
// multi-line quoted string is rare in these files and only loses its colour after the first line).
// Colours come from the palette so that a dark theme gets readable ones.

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace hsu::desktop::editor {

class YamlHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YamlHighlighter)

public:
    explicit YamlHighlighter(QTextDocument *document);

    // Picks colours for `palette` (light or dark) and colours the document again.
    void setPalette(const QPalette &palette);

    enum class Kind { Key, String, Scalar, Comment, Anchor, Variable };
    QTextCharFormat formatOf(Kind kind) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key, m_string, m_scalar, m_comment, m_anchor, m_variable;
};

} // namespace hsu::desktop::editor
