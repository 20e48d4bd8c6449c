#include "ItemCheck.h"

#include "shared/config/YamlLoader.h"

#include <QTextBlock>
#include <QTextDocument>

namespace hsu::desktop::editor {

void ItemCheck::reset(const QList<config::ItemLines> &items, int lineCount)
{
    m_items = items;
    m_lineCount = lineCount;
    m_touched = -1;
}

void ItemCheck::contentsChanged(const QTextDocument &document, int position, int charsAdded, QList<config::Diagnostic> *shown)
{
    const int lines = document.blockCount();
    const int delta = lines - m_lineCount;
    m_lineCount = lines;
    const int first = document.findBlock(position).blockNumber();
    const int lastNew = document.findBlock(position + charsAdded).blockNumber();
    const int lastOld = lastNew - delta;
    // Marks below the edit move with their lines; marks on a line that went away go.
    for (qsizetype i = shown->size() - 1; i >= 0; --i) {
        config::Diagnostic &d = (*shown)[i];
        if (d.line - 1 > lastOld)
            d.line += delta;
        else if (delta < 0 && d.line - 1 > first)
            shown->removeAt(i);
    }
    if (m_items.isEmpty())
        return;
    int hit = -1;
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        config::ItemLines &item = m_items[i];
        if (item.first > lastOld) {
            item.first += delta;
            continue;
        }
        if (first >= item.first && lastOld < item.first + item.count) {
            item.count += delta;
            hit = int(i);
        }
    }
    if (hit < 0) {
        // Across items or outside them: where the items are is not known until a check loads.
        m_items.clear();
        m_touched = -2;
        return;
    }
    m_touched = (m_touched >= 0 && m_touched != hit) || m_touched == -2 ? -2 : hit;
}

std::optional<QList<config::Diagnostic>> ItemCheck::check(const QTextDocument &document, const QString &fileName,
                                                          const QList<config::Diagnostic> &shown)
{
    const int index = std::exchange(m_touched, -1);
    if (index < 0 || index >= m_items.size())
        return std::nullopt;
    const config::ItemLines item = m_items.at(index);
    QByteArray text = "workers:\n";
    QTextBlock block = document.findBlockByNumber(item.first);
    for (int i = 0; i < item.count && block.isValid(); ++i, block = block.next())
        text += block.text().toUtf8() + '\n';
    // An alias or a merge key refers to an anchor that may be outside the item.
    if (text.contains('*') || text.contains("<<"))
        return std::nullopt;
    const config::LoadResult r = config::YamlLoader::loadData(text, fileName);
    QList<config::Diagnostic> out;
    // Outside the item all stays; inside it the errors are replaced and the warnings (a program
    // missing here: the full check looks at the disk) stay until the full check.
    for (const config::Diagnostic &d : shown)
        if (d.line - 1 < item.first || d.line - 1 >= item.first + item.count || d.severity == config::Diagnostic::Severity::Warning)
            out << d;
    for (config::Diagnostic d : r.diagnostics) {
        if (d.severity != config::Diagnostic::Severity::Error || d.line < 2 || d.line - 2 >= item.count
            || d.message.contains(QLatin1String("depends_on")))
            continue; // about the wrapper, or about other workers: the full check's to say
        d.line += item.first - 1;
        out << d;
    }
    std::sort(out.begin(), out.end(), [](const config::Diagnostic &a, const config::Diagnostic &b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return out;
}

} // namespace hsu::desktop::editor
