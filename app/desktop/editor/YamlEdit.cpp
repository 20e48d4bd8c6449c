#include "YamlEdit.h"

#include "YamlHighlighter.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace hsu::desktop::editor {

namespace {

class Gutter final : public QWidget
{
public:
    explicit Gutter(YamlEdit *edit) : QWidget(edit), m_edit(edit) {}
    QSize sizeHint() const override { return {m_edit->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_edit->paintGutter(event); }

private:
    YamlEdit *m_edit;
};

bool isError(const config::Diagnostic &d)
{
    return d.severity == config::Diagnostic::Severity::Error;
}

// Readable on the palette's base: the palette has no "error" role, so red and amber are mixed
// towards the text colour until they stand out from the base either way.
QColor markColour(const QPalette &p, bool error)
{
    const bool dark = p.color(QPalette::Base).lightness() < 128;
    if (error)
        return dark ? QColor(0xff, 0x6b, 0x68) : QColor(0xc0, 0x1c, 0x28);
    return dark ? QColor(0xf6, 0xc1, 0x4f) : QColor(0x9c, 0x6a, 0x00);
}

} // namespace

YamlEdit::YamlEdit(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new Gutter(this))
    , m_highlighter(new YamlHighlighter(document()))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    // YAML forbids tabs for indentation: the Tab key types two spaces (keyPressEvent).
    setTabChangesFocus(false);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &YamlEdit::updateGutter);
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

int YamlEdit::gutterWidth() const
{
    int digits = 1;
    for (int n = qMax(1, blockCount()); n >= 10; n /= 10)
        ++digits;
    return 14 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * qMax(3, digits);
}

void YamlEdit::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_gutter->setGeometry(QRect(r.left(), r.top(), gutterWidth(), r.height()));
}

void YamlEdit::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        applyMarks();
    }
}

void YamlEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier) {
        insertPlainText(QStringLiteral("  "));
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void YamlEdit::updateGutter(const QRect &rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

void YamlEdit::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    const QPalette &p = palette();
    painter.fillRect(event->rect(), p.color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int lineHeight = fontMetrics().height();
    QSet<int> errorLines, warningLines;
    for (const config::Diagnostic &d : m_diagnostics)
        (isError(d) ? errorLines : warningLines).insert(d.line);
    while (block.isValid() && top <= event->rect().bottom()) {
        const int line = block.blockNumber() + 1;
        if (block.isVisible()) {
            const bool err = errorLines.contains(line);
            if (err || warningLines.contains(line)) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(markColour(p, err));
                painter.drawEllipse(QRect(3, top + lineHeight / 2 - 3, 7, 7));
            }
            painter.setPen(p.color(QPalette::PlaceholderText));
            painter.drawText(0, top, m_gutter->width() - 4, lineHeight, Qt::AlignRight, QString::number(line));
        }
        top += qRound(blockBoundingRect(block).height());
        block = block.next();
    }
}

void YamlEdit::setDiagnostics(const QList<config::Diagnostic> &diagnostics)
{
    m_diagnostics = diagnostics;
    applyMarks();
    m_gutter->update();
}

QList<int> YamlEdit::markedErrorLines() const
{
    QList<int> lines;
    for (const QTextEdit::ExtraSelection &s : extraSelections())
        if (s.format.property(QTextFormat::UserProperty).toBool())
            lines << s.cursor.blockNumber() + 1;
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return lines;
}

void YamlEdit::applyMarks()
{
    QList<QTextEdit::ExtraSelection> marks;
    const QPalette &p = palette();
    for (const config::Diagnostic &d : std::as_const(m_diagnostics)) {
        const QTextBlock block = document()->findBlockByNumber(d.line - 1);
        if (!block.isValid())
            continue;
        const QColor colour = markColour(p, isError(d));
        QTextEdit::ExtraSelection line;
        line.cursor = QTextCursor(block);
        line.format.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 40));
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        line.format.setProperty(QTextFormat::UserProperty, isError(d));
        marks << line;
        // The word the message is about, from its column to the next blank.
        const QString text = block.text();
        int from = qBound(0, d.column - 1, int(text.size()));
        int to = from;
        while (to < text.size() && !text.at(to).isSpace() && text.at(to) != u':')
            ++to;
        if (to == from) {
            from = 0;
            to = int(text.size());
        }
        QTextEdit::ExtraSelection word;
        word.cursor = QTextCursor(block);
        word.cursor.setPosition(block.position() + from);
        word.cursor.setPosition(block.position() + to, QTextCursor::KeepAnchor);
        word.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        word.format.setUnderlineColor(colour);
        marks << word;
    }
    setExtraSelections(marks);
}

QList<config::Diagnostic> YamlEdit::diagnosticsOn(int line) const
{
    QList<config::Diagnostic> on;
    for (const config::Diagnostic &d : m_diagnostics)
        if (d.line == line)
            on << d;
    return on;
}

bool YamlEdit::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint inViewport = viewport()->mapFrom(this, help->pos());
        const QTextCursor at = cursorForPosition(inViewport);
        QStringList messages;
        for (const config::Diagnostic &d : diagnosticsOn(at.blockNumber() + 1))
            messages << (isError(d) ? tr("Error: %1") : tr("Warning: %1")).arg(d.message);
        if (messages.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), messages.join(u'\n'), this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

void YamlEdit::goTo(int line, int column, bool focus)
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor c(block);
    c.setPosition(block.position() + qBound(0, column - 1, block.length() - 1));
    setTextCursor(c);
    centerCursor();
    if (focus)
        setFocus();
}

} // namespace hsu::desktop::editor
