#include "shared/config/MapReader.h"

#include "shared/config/KnownKeys.h"

#include <algorithm>
#include <vector>

namespace hsu::config {

int editDistance(QStringView a, QStringView b)
{
    std::vector<int> row(std::size_t(b.size()) + 1);
    for (std::size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[std::size_t(j)];
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[std::size_t(j)] = std::min({above + 1, row[std::size_t(j - 1)] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row.back();
}

QString nearest(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &c : candidates) {
        const int d = editDistance(word.toLower(), c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    // Up to a third of the word (at least one letter) still reads as a typo; more is a different
    // word ("dbb" is not a typo of "web").
    const int limit = std::max<int>(1, int(word.size()) / 3);
    return bestDistance <= limit ? best : QString();
}

MapReader::MapReader(LoadContext &context, const Value &value)
    : m_context(context)
    , m_self(value)
{
    if (!value.present() || value.node.IsNull())
        return;
    if (!value.node.IsMap()) {
        m_context.wrongKind(value, QStringLiteral("a mapping of keys"));
        return;
    }
    m_isMapping = true;
    for (std::size_t i = 0; i < value.node.size(); ++i) {
        const YamlNode keyNode = value.node.key(i);
        if (!keyNode.IsScalar()) {
            m_context.error(keyNode.Mark(), QStringLiteral("%1: a key must be a plain name, found %2")
                                                .arg(value.key, LoadContext::kindOf(keyNode)));
            continue;
        }
        const QString key = QString::fromStdString(keyNode.Scalar());
        // yaml-cpp keeps every pair of a mapping; a repeated key would otherwise win or lose in silence.
        if (const Pair *first = find(key)) {
            m_context.error(keyNode.Mark(), QStringLiteral("duplicate key '%1' (first written at line %2)")
                                                .arg(key)
                                                .arg(first->keyNode.Mark().line + 1));
            continue;
        }
        m_pairs.append(Pair{key, keyNode, value.node.value(i), false});
    }
}

MapReader::~MapReader()
{
    if (m_entriesTaken)
        return;
    for (const Pair &p : std::as_const(m_pairs)) {
        if (p.used)
            continue;
        QString message = m_self.key.isEmpty() ? QStringLiteral("unknown key '%1'").arg(p.key)
                                               : QStringLiteral("unknown key '%1' in '%2'").arg(p.key, m_self.key);
        const QStringList known = knownKeys();
        const QString suggestion = nearest(p.key, known);
        if (!suggestion.isEmpty())
            message += QStringLiteral("; did you mean '%1'?").arg(suggestion);
        else if (!known.isEmpty())
            message += QStringLiteral(" (expected one of: %1)").arg(known.join(QStringLiteral(", ")));
        m_context.error(p.keyNode.Mark(), message);
    }
}

QStringList MapReader::knownKeys() const
{
    QStringList out;
    for (const char *k : m_known)
        if (const QString s = QString::fromLatin1(k); !out.contains(s))
            out << s;
    return out;
}

MapReader::Pair *MapReader::find(QLatin1StringView key)
{
    for (Pair &p : m_pairs)
        if (p.key == key)
            return &p;
    return nullptr;
}

MapReader::Pair *MapReader::find(const QString &key)
{
    for (Pair &p : m_pairs)
        if (p.key == key)
            return &p;
    return nullptr;
}

Value MapReader::child(const QString &key, const YamlNode &node, const Mark &keyMark, const QString &hsuKey)
{
    Value v;
    v.node = node;
    v.exists = true;
    v.keyMark = keyMark;
    v.key = key;
    v.path = m_self.path.isEmpty() ? hsuKey : m_self.path + u'.' + hsuKey;
    v.quiet = m_self.quiet;
    if (KnownKeys::recording())
        v.schemaPath = KnownKeys::join(m_self.schemaPath, hsuKey);
    if (m_context.noteNotActedOn(v))
        v.quiet = true;
    return v;
}

void MapReader::allow(const char *key)
{
    know(key);
    if (KnownKeys::recording())
        KnownKeys::record(KnownKeys::join(m_self.schemaPath, QString::fromLatin1(key)));
    if (Pair *p = find(QLatin1StringView(key)))
        p->used = true;
}

Value MapReader::take(const char *key)
{
    know(key);
    // The keys beneath an absent one are still asked for (a reader over nothing): recording
    // them needs the absent key's path too.
    QString schemaPath;
    if (KnownKeys::recording()) {
        schemaPath = KnownKeys::join(m_self.schemaPath, QString::fromLatin1(key));
        KnownKeys::record(schemaPath);
    }
    // Asked some forty times per worker, mostly for keys not written: no string is made for those.
    Pair *p = find(QLatin1StringView(key));
    if (!p) {
        Value absent;
        absent.key = QString::fromLatin1(key);
        absent.keyMark = m_self.mark();
        absent.quiet = m_self.quiet; // no path: nothing beneath an absent key is written
        absent.schemaPath = schemaPath;
        return absent;
    }
    p->used = true;
    return child(p->key, p->value, p->keyNode.Mark(), p->key);
}

Value MapReader::take(const char *hsuKey, const char *procmanKey)
{
    const QString hsu = QString::fromLatin1(hsuKey);
    const QString procman = QString::fromLatin1(procmanKey);
    Pair *h = find(hsu);
    Pair *p = find(procman);
    // Suggest the spelling of the dialect this file seems to use; both are valid keys.
    know(hsuKey);
    know(procmanKey);
    if (KnownKeys::recording())
        KnownKeys::record(KnownKeys::join(m_self.schemaPath, hsu), procmanKey);
    if (h)
        m_context.noteDialect(Dialect::HsuMaster, hsu, procman, h->keyNode.Mark());
    if (p)
        m_context.noteDialect(Dialect::HsuProcman, procman, hsu, p->keyNode.Mark());
    if (h && p)
        p->used = true; // the dialect check reports the mix; read the HSU Master one
    Pair *chosen = h ? h : p;
    if (!chosen) {
        Value absent = take(hsuKey);
        return absent;
    }
    chosen->used = true;
    return child(chosen->key, chosen->value, chosen->keyNode.Mark(), hsu);
}

QList<MapReader::Entry> MapReader::entries()
{
    m_entriesTaken = true;
    // The keys are the user's: the reference names them all with one placeholder.
    const bool recording = KnownKeys::recording();
    const QString anyKey = recording ? KnownKeys::join(m_self.schemaPath, QStringLiteral("*")) : QString();
    if (recording)
        KnownKeys::record(anyKey);
    QList<Entry> out;
    for (Pair &p : m_pairs) {
        p.used = true;
        Value v = child(p.key, p.value, p.keyNode.Mark(), p.key);
        if (recording)
            v.schemaPath = anyKey;
        out.append(Entry{p.key, v});
    }
    return out;
}

bool MapReader::read(const char *key, bool &out)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<bool> b = m_context.boolean(v);
    if (b)
        out = *b;
    return b.has_value();
}

bool MapReader::read(const char *key, std::optional<bool> &out)
{
    bool b = false;
    if (!read(key, b))
        return false;
    out = b;
    return true;
}

bool MapReader::read(const char *key, QString &out)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<QString> s = m_context.string(v);
    if (s)
        out = *s;
    return s.has_value();
}

bool MapReader::read(const char *key, QStringList &out)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<QStringList> s = m_context.stringList(v);
    if (s)
        out = *s;
    return s.has_value();
}

bool MapReader::read(const char *key, Duration &out)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<Duration> d = m_context.duration(v);
    if (d)
        out = *d;
    return d.has_value();
}

bool MapReader::read(const char *key, double &out, double min)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<double> d = m_context.number(v, min);
    if (d)
        out = *d;
    return d.has_value();
}

bool MapReader::readInt(const char *key, int &out, qint64 min, qint64 max)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<qint64> n = m_context.integer(v, min, max);
    if (n)
        out = int(*n);
    return n.has_value();
}

bool MapReader::readInt64(const char *key, qint64 &out, qint64 min)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<qint64> n = m_context.integer(v, min, std::numeric_limits<qint64>::max());
    if (n)
        out = *n;
    return n.has_value();
}

bool MapReader::readSize(const char *key, qint64 &out)
{
    const Value v = take(key);
    if (!v.present())
        return false;
    const std::optional<qint64> s = m_context.size(v);
    if (s)
        out = *s;
    return s.has_value();
}

} // namespace hsu::config
