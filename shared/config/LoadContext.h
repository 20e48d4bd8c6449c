#pragma once

// Internal to the loader: where diagnostics collect, and the typed conversions of scalars, each of
// which reports its own error (with the value's position) and returns std::nullopt.

#include "shared/config/Diagnostic.h"
#include "shared/config/Names.h"
#include "shared/config/WorkerSpec.h"
#include "shared/config/YamlTree.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QString>

#include <optional>
#include <vector>

namespace hsu::config {

struct NotActedOn;

// One value as the loader sees it: the node, and enough about where it came from to report on it.
struct Value
{
    YamlNode node;
    bool exists = false;  // false: the key is not written (node is then meaningless)
    Mark keyMark;         // the key's position (a list item's own position)
    QString key;          // for messages: "restart_policy", "args[2]"
    QString path;         // HSU-spelled key path for the NotActedOn table: "workers.unit.managed.control"
    bool quiet = false;   // an enclosing key was already reported as not acted on
    // Only while KnownKeys records: the path as config-reference.md writes it ("workers[].unit").
    QString schemaPath;

    bool present() const { return exists; }
    bool isNull() const { return exists && node.IsNull(); }
    // The value's own position; an empty value has none worth showing, so the key's.
    Mark mark() const;
    // The i-th item of a list value, named "key[i]".
    Value item(std::size_t i) const;
};

class LoadContext final
{
public:
    LoadContext(QString file, QProcessEnvironment environment);

    void error(const Mark &mark, const QString &message);
    void warning(const Mark &mark, const QString &message);
    bool hasErrors() const;
    // In file order (by line and column; reports at one place keep the order they were made).
    QList<Diagnostic> diagnostics() const;

    // Dialect bookkeeping: every spelling that belongs to one dialect only is noted; at the end the
    // first one in the file decides, and every spelling of the other dialect is an error naming both.
    void noteDialect(Dialect dialect, const QString &spelling, const QString &counterpart, const Mark &mark);
    Dialect resolveDialect();

    // Warns (once) if the table says this key, or this value of it, is not acted on. Returns true if it warned.
    bool noteNotActedOn(const Value &value, const QString &scalar = QString());

    // Conversions. `expected` words the message: "restart_policy: \"x\" — expected <expected>".
    std::optional<QString> scalar(const Value &value, const QString &expected);
    std::optional<QString> string(const Value &value); // an empty value is ""
    std::optional<bool> boolean(const Value &value);
    std::optional<qint64> integer(const Value &value, qint64 min, qint64 max);
    std::optional<double> number(const Value &value, double min);
    std::optional<Duration> duration(const Value &value);
    std::optional<qint64> size(const Value &value);
    std::optional<QStringList> stringList(const Value &value);

    template <typename E>
    std::optional<E> enumeration(const Value &value)
    {
        const QString expected = QStringLiteral("one of ") + enumChoices<E>();
        const std::optional<QString> text = scalar(value, expected);
        if (!text)
            return std::nullopt;
        if (const std::optional<E> e = enumFromName<E>(*text))
            return e;
        badValue(value, *text, expected);
        return std::nullopt;
    }

    void badValue(const Value &value, const QString &text, const QString &expected);
    void wrongKind(const Value &value, const QString &expected);
    static QString kindOf(const YamlNode &node); // "a mapping", "a list", "a value"

    const QString &file() const { return m_file; }

private:
    struct DialectUse
    {
        Dialect dialect;
        QString spelling;
        QString counterpart;
        Mark mark;
    };

    QString m_file;
    QProcessEnvironment m_environment;
    QList<Diagnostic> m_diagnostics;
    std::vector<DialectUse> m_dialectUses;
    QHash<QString, const NotActedOn *> m_notActedOn; // path (NUL value) -> row, or nullptr
};

QString dialectName(Dialect dialect);

} // namespace hsu::config
