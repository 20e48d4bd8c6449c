#include "YamlHighlighter.h"

#include <QPalette>
#include <QRegularExpression>

namespace hsu::desktop::editor {

namespace {

bool isDark(const QPalette &p)
{
    return p.color(QPalette::Base).lightness() < 128;
}

// One hue per kind, darker on a light base and lighter on a dark one.
QColor tone(int hue, const QPalette &p)
{
    return isDark(p) ? QColor::fromHsl(hue, 170, 175) : QColor::fromHsl(hue, 200, 75);
}

} // namespace

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void YamlHighlighter::setPalette(const QPalette &p)
{
    m_key.setForeground(tone(215, p));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(tone(120, p));
    m_scalar.setForeground(tone(30, p));
    QColor comment = p.color(QPalette::Text);
    comment.setAlphaF(0.6f);
    m_comment.setForeground(comment);
    m_comment.setFontItalic(true);
    m_anchor.setForeground(tone(290, p));
    m_variable.setForeground(tone(290, p));
    m_variable.setFontWeight(QFont::DemiBold);
    rehighlight();
}

QTextCharFormat YamlHighlighter::formatOf(Kind kind) const
{
    switch (kind) {
    case Kind::Key: return m_key;
    case Kind::String: return m_string;
    case Kind::Scalar: return m_scalar;
    case Kind::Comment: return m_comment;
    case Kind::Anchor: return m_anchor;
    case Kind::Variable: return m_variable;
    }
    return {};
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    // A '#' starts a comment at the line's start or after a blank, outside quotes.
    int commentAt = -1;
    QChar quote;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote && !(quote == u'"' && i > 0 && text.at(i - 1) == u'\\'))
                quote = QChar();
        } else if (c == u'"' || c == u'\'') {
            if (i == 0 || text.at(i - 1).isSpace() || QStringLiteral("[{,:-").contains(text.at(i - 1)))
                quote = c;
        } else if (c == u'#' && (i == 0 || text.at(i - 1).isSpace())) {
            commentAt = i;
            break;
        }
    }
    const QString code = commentAt < 0 ? text : text.left(commentAt);
    if (commentAt >= 0)
        setFormat(commentAt, int(text.size()) - commentAt, m_comment);

    // "  - key: value" / "key: value" / "{ key: value }": a key is a word before ": " or ":" at the end.
    static const QRegularExpression key(QStringLiteral("(?:^|[\\s{,\\-])([A-Za-z0-9_.\\-\"']+)\\s*:(?=\\s|$)"));
    for (auto it = key.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_key);
    }
    static const QRegularExpression scalar(
        QStringLiteral("(?<=[:\\-\\[,{\\s])\\s*\\K(true|false|yes|no|null|~|-?\\d+(?:\\.\\d+)?(?:[a-zA-Z%]+)?)(?=\\s*(?:$|[,\\]}]))"));
    for (auto it = scalar.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_scalar);
    }
    static const QRegularExpression quoted(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"?|'[^']*'?"));
    for (auto it = quoted.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        // A quoted key stays a key.
        if (format(int(m.capturedStart())) == m_key)
            continue;
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_string);
    }
    static const QRegularExpression anchor(QStringLiteral("[&*][A-Za-z0-9_\\-]+"));
    for (auto it = anchor.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() == 0 || code.at(m.capturedStart() - 1).isSpace())
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_anchor);
    }
    static const QRegularExpression variable(QStringLiteral("\\$\\{[^}]*\\}"));
    for (auto it = variable.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_variable);
    }
}

} // namespace hsu::desktop::editor
