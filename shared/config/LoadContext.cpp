#include "shared/config/LoadContext.h"

#include "shared/config/EnvExpansion.h"
#include "shared/config/KnownKeys.h"
#include "shared/config/NotActedOn.h"
#include "shared/config/Units.h"

#include <algorithm>
#include <limits>

namespace hsu::config {

Mark Value::mark() const
{
    if (!exists || node.IsNull() || node.Mark().is_null())
        return keyMark;
    return node.Mark();
}

Value Value::item(std::size_t i) const
{
    const YamlNode itemNode = node[i];
    Value v{itemNode, true, itemNode.Mark(), QStringLiteral("%1[%2]").arg(key).arg(i), path, quiet, QString()};
    if (KnownKeys::recording())
        v.schemaPath = schemaPath + QStringLiteral("[]");
    return v;
}

QString dialectName(Dialect dialect)
{
    return dialect == Dialect::HsuMaster ? QStringLiteral("HSU Master") : QStringLiteral("HSU procman");
}

LoadContext::LoadContext(QString file, QProcessEnvironment environment)
    : m_file(std::move(file))
    , m_environment(std::move(environment))
{
}

void LoadContext::error(const Mark &mark, const QString &message)
{
    // yaml-cpp counts from 0; people and editors from 1. A null mark (-1) becomes 1:1.
    m_diagnostics.append(Diagnostic{Diagnostic::Severity::Error, m_file, std::max(0, mark.line) + 1,
                                    std::max(0, mark.column) + 1, message});
}

void LoadContext::warning(const Mark &mark, const QString &message)
{
    m_diagnostics.append(Diagnostic{Diagnostic::Severity::Warning, m_file, std::max(0, mark.line) + 1,
                                    std::max(0, mark.column) + 1, message});
}

bool LoadContext::hasErrors() const
{
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Diagnostic::Severity::Error; });
}

QList<Diagnostic> LoadContext::diagnostics() const
{
    QList<Diagnostic> sorted = m_diagnostics;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return sorted;
}

void LoadContext::noteDialect(Dialect dialect, const QString &spelling, const QString &counterpart,
                              const Mark &mark)
{
    m_dialectUses.push_back(DialectUse{dialect, spelling, counterpart, mark});
}

Dialect LoadContext::resolveDialect()
{
    if (m_dialectUses.empty())
        return Dialect::HsuMaster;
    std::stable_sort(m_dialectUses.begin(), m_dialectUses.end(), [](const DialectUse &a, const DialectUse &b) {
        return a.mark.line != b.mark.line ? a.mark.line < b.mark.line : a.mark.column < b.mark.column;
    });
    const DialectUse &first = m_dialectUses.front();
    for (const DialectUse &use : m_dialectUses) {
        if (use.dialect == first.dialect)
            continue;
        error(use.mark, QStringLiteral("'%1' is the %2 spelling of '%3', but this file is written in the %4 "
                                       "dialect ('%5' at line %6); a file uses one dialect or the other")
                            .arg(use.spelling, dialectName(use.dialect), use.counterpart,
                                 dialectName(first.dialect), first.spelling)
                            .arg(first.mark.line + 1));
    }
    return first.dialect;
}

bool LoadContext::noteNotActedOn(const Value &value, const QString &scalarText)
{
    // The same few hundred paths come back for every worker: each is matched against the table once.
    const QString cacheKey = scalarText.isEmpty() ? value.path : value.path + QChar(0) + scalarText;
    auto cached = m_notActedOn.constFind(cacheKey);
    if (cached == m_notActedOn.constEnd())
        cached = m_notActedOn.insert(cacheKey, findNotActedOn(value.path, scalarText.isEmpty() ? QStringView() : QStringView(scalarText)));
    const NotActedOn *row = *cached;
    if (!row || (value.quiet && row->kept))
        return false;
    if (scalarText.isEmpty())
        warning(value.keyMark, notActedOnMessage(*row, value.key));
    else
        warning(value.mark(), notActedOnMessage(*row, value.key, scalarText));
    return true;
}

QString LoadContext::kindOf(const YamlNode &node)
{
    switch (node.Type()) {
    case NodeType::Map:
        return QStringLiteral("a mapping");
    case NodeType::Sequence:
        return QStringLiteral("a list");
    case NodeType::Null:
        return QStringLiteral("nothing");
    default:
        return QStringLiteral("a value");
    }
}

void LoadContext::wrongKind(const Value &value, const QString &expected)
{
    const QString key = value.key.isEmpty() ? QStringLiteral("the file") : value.key;
    error(value.mark(), QStringLiteral("%1: expected %2, found %3").arg(key, expected, kindOf(value.node)));
}

void LoadContext::badValue(const Value &value, const QString &text, const QString &expected)
{
    error(value.mark(), QStringLiteral("%1: \"%2\" \u2014 expected %3").arg(value.key, text, expected));
}

std::optional<QString> LoadContext::scalar(const Value &value, const QString &expected)
{
    if (!value.node.IsScalar()) {
        wrongKind(value, expected);
        return std::nullopt;
    }
    const EnvExpansionResult expanded =
        expandEnvironment(QString::fromStdString(value.node.Scalar()), m_environment);
    if (!expanded.syntaxError.isEmpty()) {
        error(value.mark(), QStringLiteral("%1: %2").arg(value.key, expanded.syntaxError));
        return std::nullopt;
    }
    if (!expanded.undefined.isEmpty()) {
        for (const QString &name : expanded.undefined)
            error(value.mark(),
                  QStringLiteral("%1: environment variable '%2' is not set (write ${%2:-default} to give a default)")
                      .arg(value.key, name));
        return std::nullopt;
    }
    return expanded.text;
}

std::optional<QString> LoadContext::string(const Value &value)
{
    if (value.isNull())
        return QString();
    return scalar(value, QStringLiteral("a string"));
}

std::optional<bool> LoadContext::boolean(const Value &value)
{
    const QString expected = QStringLiteral("true or false");
    const std::optional<QString> text = scalar(value, expected);
    if (!text)
        return std::nullopt;
    const QString lower = text->toLower();
    if (lower == u"true" || lower == u"yes" || lower == u"on")
        return true;
    if (lower == u"false" || lower == u"no" || lower == u"off")
        return false;
    badValue(value, *text, expected);
    return std::nullopt;
}

std::optional<qint64> LoadContext::integer(const Value &value, qint64 min, qint64 max)
{
    const QString expected = max == std::numeric_limits<qint64>::max()
        ? QStringLiteral("a whole number \u2265 %1").arg(min)
        : QStringLiteral("a whole number from %1 to %2").arg(min).arg(max);
    const std::optional<QString> text = scalar(value, expected);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const qint64 n = text->trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max) {
        badValue(value, *text, expected);
        return std::nullopt;
    }
    return n;
}

std::optional<double> LoadContext::number(const Value &value, double min)
{
    const QString expected = QStringLiteral("a number \u2265 %1").arg(min);
    const std::optional<QString> text = scalar(value, expected);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const double n = text->trimmed().toDouble(&ok);
    if (!ok || !(n >= min)) {
        badValue(value, *text, expected);
        return std::nullopt;
    }
    return n;
}

std::optional<Duration> LoadContext::duration(const Value &value)
{
    const QString expected = QStringLiteral("a duration like \"500ms\", \"5s\", \"1m30s\", \"2h\", \"3d\" or a "
                                            "number of seconds");
    const std::optional<QString> text = scalar(value, expected);
    if (!text)
        return std::nullopt;
    if (const std::optional<Duration> d = parseDuration(*text))
        return d;
    badValue(value, *text, expected);
    return std::nullopt;
}

std::optional<qint64> LoadContext::size(const Value &value)
{
    const QString expected = QStringLiteral("a size like \"512KB\", \"100MB\", \"1GiB\" or a number of bytes");
    const std::optional<QString> text = scalar(value, expected);
    if (!text)
        return std::nullopt;
    if (const std::optional<qint64> s = parseSize(*text))
        return s;
    badValue(value, *text, expected);
    return std::nullopt;
}

std::optional<QStringList> LoadContext::stringList(const Value &value)
{
    if (value.isNull())
        return QStringList();
    if (!value.node.IsSequence()) {
        wrongKind(value, QStringLiteral("a list of strings"));
        return std::nullopt;
    }
    QStringList out;
    bool ok = true;
    for (std::size_t i = 0; i < value.node.size(); ++i) {
        const Value v = value.item(i);
        if (v.node.IsNull()) { // "- " alone: an empty string, as HSU Master's decoder reads it
            out << QString();
            continue;
        }
        if (const std::optional<QString> s = scalar(v, QStringLiteral("a string")))
            out << *s;
        else
            ok = false;
    }
    return ok ? std::optional<QStringList>(out) : std::nullopt;
}

} // namespace hsu::config
