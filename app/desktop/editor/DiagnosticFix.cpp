#include "DiagnosticFix.h"

#include <QRegularExpression>

namespace hsu::desktop::editor {

std::optional<TextFix> fixFor(const config::Diagnostic &d, const QString &lineText)
{
    // The loader's wording (MapReader, Validate): "... '<wrong>' ...; did you mean '<right>'?"
    static const QRegularExpression suggestion(QStringLiteral("'([^']+)'.*did you mean '([^']+)'\\?"));
    const QRegularExpressionMatch m = suggestion.match(d.message);
    if (!m.hasMatch() || d.line < 1)
        return std::nullopt;
    const QString wrong = m.captured(1);
    const QString right = m.captured(2);
    // At the column the loader names; else the first whole occurrence on the line (a quoted key
    // starts one column earlier than its word).
    int at = d.column - 1;
    if (at < 0 || lineText.mid(at, wrong.size()) != wrong) {
        static const QRegularExpression word(QStringLiteral("[A-Za-z0-9_.-]+"));
        at = -1;
        for (auto it = word.globalMatch(lineText); it.hasNext();) {
            const QRegularExpressionMatch w = it.next();
            if (w.captured() == wrong) {
                at = int(w.capturedStart());
                break;
            }
        }
        if (at < 0)
            return std::nullopt;
    }
    return TextFix{d.line, at + 1, int(wrong.size()), right};
}

} // namespace hsu::desktop::editor
