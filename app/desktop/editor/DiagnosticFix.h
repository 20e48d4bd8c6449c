#pragma once

// The one-click fix the editor offers for a loader message that ends in "did you mean 'x'?":
// the misspelt word at the message's line and column replaced by the suggestion.

#include "shared/config/Diagnostic.h"

#include <QString>

#include <optional>

namespace hsu::desktop::editor {

struct TextFix
{
    int line = 0;   // 1-based, as diagnostics count
    int column = 0; // 1-based
    int length = 0; // characters replaced
    QString replacement;
};

// `lineText` is the text of the diagnostic's line. Empty when the message suggests nothing or the
// word it names is not on that line.
std::optional<TextFix> fixFor(const config::Diagnostic &diagnostic, const QString &lineText);

} // namespace hsu::desktop::editor
