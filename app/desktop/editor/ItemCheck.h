#pragma once

// The editor's quick check: a keystroke inside one worker's item is checked at once on the GUI
// thread by loading that item alone (a few dozen lines instead of the whole file), so its marks
// appear before the full check — a thousand-worker file takes the loader some 20 ms — comes back
// and replaces them. It knows where each item is from the last full check that loaded, and keeps
// those line numbers (and the marks shown) in step with every edit since.
// What one item cannot tell — a dependency on another worker, an alias of an anchor elsewhere,
// a duplicate id — is left to the full check.

#include "shared/config/ConfigText.h"
#include "shared/config/Diagnostic.h"

#include <QList>

#include <optional>

class QTextDocument;

namespace hsu::desktop::editor {

class ItemCheck final
{
public:
    // After a full check that loaded: the items of that text, and the document's line count.
    void reset(const QList<config::ItemLines> &items, int lineCount);
    // The items are unknown (a text that did not load, or an edit across items): no quick checks.
    void forget() { m_items.clear(); }

    // Every change of the document, as QTextDocument::contentsChange reports it; `shown` (the marks
    // on screen, 1-based lines) is moved along with the lines.
    void contentsChanged(const QTextDocument &document, int position, int charsAdded, QList<config::Diagnostic> *shown);

    // When the edits since the last call all fell inside one item: `shown` with that item's marks
    // replaced by what loading it alone finds. Empty when there is nothing to check quickly.
    std::optional<QList<config::Diagnostic>> check(const QTextDocument &document, const QString &fileName,
                                                   const QList<config::Diagnostic> &shown);

    // For tests: the items as the check now counts them (0-based lines).
    const QList<config::ItemLines> &items() const { return m_items; }

private:
    QList<config::ItemLines> m_items;
    int m_lineCount = 0;
    int m_touched = -1; // index of the item edited since the last check(); -2: several, or outside
};

} // namespace hsu::desktop::editor
