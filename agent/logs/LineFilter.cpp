#include "LineFilter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLoggingCategory>

#include <cstring>

namespace hsu::agent::logs {

Q_LOGGING_CATEGORY(lcFilter, "hsu.agent.logs.filter")

using hsu::config::LogLevel;

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isSpace(char c) { return c == ' ' || c == '\t'; }

bool equalsNoCase(QByteArrayView a, const char *lowerWord)
{
    const auto n = qsizetype(std::strlen(lowerWord));
    if (a.size() != n)
        return false;
    for (qsizetype i = 0; i < n; ++i)
        if (lower(a[i]) != lowerWord[i])
            return false;
    return true;
}

qsizetype skipSpaces(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

// True when s[i..] starts with `count` digits.
bool digitsAt(QByteArrayView s, qsizetype i, int count)
{
    if (i + count > s.size())
        return false;
    for (int k = 0; k < count; ++k)
        if (!isDigit(s[i + k]))
            return false;
    return true;
}

// Skips an RFC 3339 / ISO 8601 timestamp token at s[i] ("2025-08-02T17:38:02.123+03:00",
// "2025-08-02 17:38:02,5Z", "[2025-08-02T17:38:02Z]", a bare date); returns i when there is none.
qsizetype skipTimestamp(QByteArrayView s, qsizetype i)
{
    qsizetype j = i;
    const bool bracketed = j < s.size() && s[j] == '[';
    if (bracketed)
        ++j;
    if (!(digitsAt(s, j, 4) && j + 10 <= s.size() && s[j + 4] == '-' && digitsAt(s, j + 5, 2)
          && s[j + 7] == '-' && digitsAt(s, j + 8, 2)))
        return i;
    j += 10;
    if (j < s.size() && (s[j] == 'T' || s[j] == 't' || s[j] == ' ') && digitsAt(s, j + 1, 2)
        && j + 3 < s.size() && s[j + 3] == ':' && digitsAt(s, j + 4, 2)) {
        j += 6;
        if (j < s.size() && s[j] == ':' && digitsAt(s, j + 1, 2))
            j += 3;
        if (j < s.size() && (s[j] == '.' || s[j] == ',') && digitsAt(s, j + 1, 1)) {
            ++j;
            while (j < s.size() && isDigit(s[j]))
                ++j;
        }
        if (j < s.size() && (s[j] == 'Z' || s[j] == 'z')) {
            ++j;
        } else if (j < s.size() && (s[j] == '+' || s[j] == '-') && digitsAt(s, j + 1, 2)) {
            j += 3;
            if (j < s.size() && s[j] == ':')
                ++j;
            if (digitsAt(s, j, 2))
                j += 2;
        }
    }
    if (bracketed) {
        if (j >= s.size() || s[j] != ']')
            return i;
        ++j;
    }
    return j;
}

std::optional<LogLevel> levelFromJsonValue(const QJsonValue &v)
{
    if (v.isString())
        return LineFilter::levelFromName(v.toString().toUtf8());
    if (v.isDouble()) {
        const double n = v.toDouble();
        // 10..60 are pino/bunyan levels (trace 10 … fatal 60); 0..7 are syslog severities (7 debug,
        // 0 emergency). Anything else is not a level we can read.
        if (n >= 10)
            return n <= 20 ? LogLevel::Debug : n <= 30 ? LogLevel::Info : n <= 40 ? LogLevel::Warn : LogLevel::Error;
        if (n >= 0 && n <= 7)
            return n >= 7 ? LogLevel::Debug : n >= 5 ? LogLevel::Info : n >= 4 ? LogLevel::Warn : LogLevel::Error;
    }
    return std::nullopt;
}

// logfmt: level=info / level="info" / lvl=warn anywhere, the key starting the line or after a space.
std::optional<LogLevel> logfmtLevel(QByteArrayView s)
{
    for (const char *key : {"level=", "lvl="}) {
        const QByteArrayView k(key);
        for (qsizetype at = s.indexOf(k); at >= 0; at = s.indexOf(k, at + 1)) {
            if (at > 0 && !isSpace(s[at - 1]))
                continue;
            qsizetype b = at + k.size();
            qsizetype e = b;
            if (b < s.size() && s[b] == '"') {
                ++b;
                e = s.indexOf('"', b);
                if (e < 0)
                    continue;
            } else {
                while (e < s.size() && !isSpace(s[e]))
                    ++e;
            }
            if (auto level = LineFilter::levelFromName(s.sliced(b, e - b)))
                return level;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<LogLevel> LineFilter::levelFromName(QByteArrayView name)
{
    if (name.isEmpty() || name.size() > 8)
        return std::nullopt;
    if (equalsNoCase(name, "debug") || equalsNoCase(name, "trace"))
        return LogLevel::Debug;
    if (equalsNoCase(name, "info") || equalsNoCase(name, "notice"))
        return LogLevel::Info;
    if (equalsNoCase(name, "warn") || equalsNoCase(name, "warning"))
        return LogLevel::Warn;
    if (equalsNoCase(name, "error") || equalsNoCase(name, "err") || equalsNoCase(name, "fatal")
        || equalsNoCase(name, "critical") || equalsNoCase(name, "panic"))
        return LogLevel::Error;
    return std::nullopt;
}

std::optional<LogLevel> LineFilter::detectLevel(QByteArrayView line, bool parseStructured)
{
    qsizetype i = skipSpaces(line, 0);
    if (parseStructured && i < line.size() && line[i] == '{') {
        const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray());
        if (doc.isObject()) {
            // A JSON line says its level in a field or not at all: words inside its strings are
            // message text, so the plain rules below do not apply to it.
            const QJsonObject o = doc.object();
            for (const char *key : {"level", "lvl", "severity", "log.level"}) {
                const auto it = o.constFind(QLatin1String(key));
                if (it != o.constEnd())
                    return levelFromJsonValue(*it);
            }
            const QJsonValue nested = o.value(QLatin1String("log"));
            if (nested.isObject())
                return levelFromJsonValue(nested.toObject().value(QLatin1String("level")));
            return std::nullopt;
        }
    }
    const qsizetype afterTime = skipTimestamp(line, i);
    if (afterTime != i)
        i = skipSpaces(line, afterTime);
    if (i < line.size() && line[i] == '[') {
        const qsizetype close = line.indexOf(']', i + 1);
        if (close > i) {
            if (auto level = levelFromName(line.sliced(i + 1, close - i - 1)))
                return level;
        }
    } else {
        qsizetype e = i;
        while (e < line.size() && isAlpha(line[e]))
            ++e;
        const bool delimited = e == line.size() || isSpace(line[e]) || line[e] == ':';
        if (e > i && delimited) {
            if (auto level = levelFromName(line.sliced(i, e - i)))
                return level;
        }
    }
    return logfmtLevel(line);
}

LineFilter LineFilter::create(const hsu::config::LogFilters &filters, bool parseStructured,
                              QStringList *errors)
{
    LineFilter f;
    f.m_parseStructured = parseStructured;
    const auto compile = [&](const QStringList &patterns, const char *key, QList<QRegularExpression> &into) {
        for (qsizetype n = 0; n < patterns.size(); ++n) {
            QRegularExpression re(patterns[n]);
            if (!re.isValid()) {
                const QString message = QStringLiteral("%1[%2]: invalid regular expression '%3': %4 at offset %5")
                        .arg(QLatin1String(key)).arg(n).arg(patterns[n], re.errorString())
                        .arg(re.patternErrorOffset());
                qCWarning(lcFilter).noquote() << message;
                if (errors)
                    errors->append(message);
                continue;
            }
            re.optimize(); // compile now, not on the first line
            into.append(re);
        }
    };
    compile(filters.excludePatterns, "exclude_patterns", f.m_exclude);
    compile(filters.includePatterns, "include_patterns", f.m_include);
    const QString level = filters.levelFilter.trimmed();
    if (!level.isEmpty()) {
        f.m_minLevel = levelFromName(level.toUtf8());
        if (!f.m_minLevel) {
            const QString message = QStringLiteral("level_filter: unknown level '%1' (expected debug, info, warn or error)")
                    .arg(level);
            qCWarning(lcFilter).noquote() << message;
            if (errors)
                errors->append(message);
        }
    }
    return f;
}

bool LineFilter::accepts(QByteArrayView line) const
{
    if (!m_exclude.isEmpty() || !m_include.isEmpty()) {
        const QString text = QString::fromUtf8(line);
        for (const QRegularExpression &re : m_exclude)
            if (re.match(text).hasMatch())
                return false;
        if (!m_include.isEmpty()) {
            bool any = false;
            for (const QRegularExpression &re : m_include) {
                if (re.match(text).hasMatch()) {
                    any = true;
                    break;
                }
            }
            if (!any)
                return false;
        }
    }
    if (m_minLevel) {
        const auto level = detectLevel(line, m_parseStructured);
        if (level && int(*level) < int(*m_minLevel))
            return false;
    }
    return true;
}

} // namespace hsu::agent::logs
