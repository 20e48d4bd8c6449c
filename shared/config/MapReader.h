#pragma once

// Internal to the loader: a cursor over one YAML mapping. Every key the code asks for becomes a
// known key; when the reader goes out of scope, every key nobody asked for is an error with the
// nearest known key as a suggestion. Duplicate keys are reported when the reader is made.

#include "shared/config/LoadContext.h"

#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace hsu::config {

class MapReader final
{
public:
    // An absent or empty value reads as an empty mapping; anything else that is not a mapping is an error.
    MapReader(LoadContext &context, const Value &value);
    ~MapReader();
    MapReader(const MapReader &) = delete;
    MapReader &operator=(const MapReader &) = delete;

    bool present() const { return m_self.present(); }
    bool isMapping() const { return m_isMapping; }
    const Value &self() const { return m_self; }
    LoadContext &context() { return m_context; }

    // The value of `key` (present() false when not written). Marks the key as known.
    Value take(const char *key);
    // A key with two spellings: HSU Master's and HSU procman's. Notes the dialect of the one written.
    Value take(const char *hsuKey, const char *procmanKey);
    // Marks keys as known without reading them (for a suggestion, or because another path reads them).
    void allow(const char *key);

    // Mappings whose keys are data (environment, multipliers, headers, depends_on): all entries, in order.
    struct Entry
    {
        QString key;
        Value value;
    };
    QList<Entry> entries();

    // Typed reads: assign `out` only when the key is written and valid; return whether it was.
    bool read(const char *key, bool &out);
    bool read(const char *key, std::optional<bool> &out);
    bool read(const char *key, QString &out);
    bool read(const char *key, QStringList &out);
    bool read(const char *key, Duration &out);
    bool read(const char *key, double &out, double min = 0);
    bool readInt(const char *key, int &out, qint64 min = 0, qint64 max = std::numeric_limits<int>::max());
    bool readInt64(const char *key, qint64 &out, qint64 min = 0);
    bool readSize(const char *key, qint64 &out);

    template <typename E>
    bool readEnum(const char *key, E &out)
    {
        const Value v = take(key);
        if (!v.present())
            return false;
        const std::optional<E> e = m_context.enumeration<E>(v);
        if (e)
            out = *e;
        return e.has_value();
    }

    // A child value for a key (as take() builds it), for code that walks nested lists itself.
    Value child(const QString &key, const YamlNode &node, const Mark &keyMark, const QString &hsuKey);

private:
    struct Pair
    {
        QString key;
        YamlNode keyNode;
        YamlNode value;
        bool used = false;
    };
    Pair *find(QLatin1StringView key);
    Pair *find(const QString &key);
    // Known keys are string literals: noted without a copy, deduplicated only for a message.
    void know(const char *key) { m_known.push_back(key); }
    QStringList knownKeys() const;

    LoadContext &m_context;
    Value m_self;
    bool m_isMapping = false;
    QList<Pair> m_pairs;
    std::vector<const char *> m_known; // in the order asked for, for "did you mean" and "expected one of"
    bool m_entriesTaken = false;
};

// Levenshtein distance, for "did you mean".
int editDistance(QStringView a, QStringView b);
// The nearest candidate within a distance that still looks like a typo, or an empty string.
QString nearest(const QString &word, const QStringList &candidates);

} // namespace hsu::config
