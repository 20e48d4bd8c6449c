#include "shared/config/YamlTree.h"

#include <yaml.h>

#include <QHash>

namespace hsu::config {

namespace {
const std::string kEmpty;
constexpr std::size_t kMaxDepth = 64;

Mark markOf(const yaml_mark_t &m)
{
    return Mark{int(m.index), int(m.line), int(m.column)};
}

bool isNullScalar(const yaml_event_t &e)
{
    if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !e.data.scalar.plain_implicit)
        return false;
    const std::string_view v(reinterpret_cast<const char *>(e.data.scalar.value), e.data.scalar.length);
    return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}
} // namespace

const std::string &YamlNode::Scalar() const
{
    return m_item && m_item->type == NodeType::Scalar ? m_item->scalar : kEmpty;
}

std::size_t YamlNode::size() const
{
    if (!m_item)
        return 0;
    if (m_item->type == NodeType::Map)
        return m_item->children.size() / 2;
    return m_item->type == NodeType::Sequence ? m_item->children.size() : 0;
}

YamlNode YamlNode::operator[](std::size_t i) const
{
    return IsSequence() && i < m_item->children.size() ? YamlNode(m_item->children[i]) : YamlNode();
}

YamlNode YamlNode::key(std::size_t i) const
{
    return IsMap() && 2 * i < m_item->children.size() ? YamlNode(m_item->children[2 * i]) : YamlNode();
}

YamlNode YamlNode::value(std::size_t i) const
{
    return IsMap() && 2 * i + 1 < m_item->children.size() ? YamlNode(m_item->children[2 * i + 1]) : YamlNode();
}

YamlItem *YamlDocument::make(NodeType type, Mark mark)
{
    YamlItem &item = m_items.emplace_back();
    item.type = type;
    item.mark = mark;
    return &item;
}

// Turns libyaml's events into the tree: a stack of the open lists and mappings.
class YamlBuilder
{
public:
    explicit YamlBuilder(YamlDocument &doc) : m_doc(doc) {}

    // False (and `error`) on a syntax error or an unknown alias.
    bool run(yaml_parser_t &parser, YamlDocument::Error *error)
    {
        for (;;) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) {
                // A reader error (bad UTF-8, a control character) has only a byte offset.
                error->mark = parser.error == YAML_READER_ERROR ? markAt(parser.problem_offset) : markOf(parser.problem_mark);
                QString message = QString::fromUtf8(parser.problem ? parser.problem : "cannot be parsed");
                if (parser.context)
                    message = QStringLiteral("%1 %2").arg(QString::fromUtf8(parser.context), message);
                error->message = message;
                return false;
            }
            const bool ok = handle(event, error);
            const yaml_event_type_t type = event.type;
            yaml_event_delete(&event);
            if (!ok)
                return false;
            if (type == YAML_STREAM_END_EVENT || type == YAML_DOCUMENT_END_EVENT)
                return true; // the first document only
        }
    }

    QByteArrayView m_text; // for the line and column of a byte offset

private:
    Mark markAt(size_t offset) const
    {
        const QByteArrayView before = m_text.first(qsizetype(std::min<size_t>(offset, size_t(m_text.size()))));
        const qsizetype lineStart = before.lastIndexOf('\n') + 1;
        return Mark{int(offset), int(before.count('\n')), int(QString::fromUtf8(before.sliced(lineStart)).size())};
    }

    bool handle(const yaml_event_t &e, YamlDocument::Error *error)
    {
        switch (e.type) {
        case YAML_SCALAR_EVENT: {
            YamlItem *item = m_doc.make(isNullScalar(e) ? NodeType::Null : NodeType::Scalar, markOf(e.start_mark));
            if (item->type == NodeType::Scalar)
                item->scalar.assign(reinterpret_cast<const char *>(e.data.scalar.value), e.data.scalar.length);
            anchor(e.data.scalar.anchor, item);
            add(item);
            return true;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            // libyaml's time grows with the square of the nesting (40,000 brackets: 6 s); no
            // config comes near this, so a file that does is refused before it costs anything.
            if (m_open.size() >= kMaxDepth) {
                error->mark = markOf(e.start_mark);
                error->message = QStringLiteral("nested deeper than %1 levels").arg(kMaxDepth);
                return false;
            }
            const bool map = e.type == YAML_MAPPING_START_EVENT;
            YamlItem *item = m_doc.make(map ? NodeType::Map : NodeType::Sequence, markOf(e.start_mark));
            const yaml_char_t *name = map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
            add(item);
            m_open.push_back(Open{item, name ? QByteArray(reinterpret_cast<const char *>(name)) : QByteArray()});
            return true;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (!m_open.empty()) {
                // Its anchor counts from its end: an alias inside it is unknown, so the tree has no cycle.
                if (!m_open.back().anchor.isEmpty())
                    m_anchors.insert(m_open.back().anchor, m_open.back().item);
                m_open.pop_back();
            }
            return true;
        case YAML_ALIAS_EVENT: {
            const QByteArray name(reinterpret_cast<const char *>(e.data.alias.anchor));
            const YamlItem *target = m_anchors.value(name);
            if (!target) {
                error->mark = markOf(e.start_mark);
                error->message = QStringLiteral("unknown alias *%1").arg(QString::fromUtf8(name));
                return false;
            }
            add(target);
            return true;
        }
        default: // stream and document start, the end events above
            return true;
        }
    }

    void anchor(const yaml_char_t *name, const YamlItem *item)
    {
        if (name)
            m_anchors.insert(QByteArray(reinterpret_cast<const char *>(name)), item);
    }

    void add(const YamlItem *item)
    {
        if (m_open.empty()) {
            if (!m_root)
                m_root = item;
            return;
        }
        m_open.back().item->children.push_back(item);
    }

public:
    const YamlItem *m_root = nullptr;

private:
    YamlDocument &m_doc;
    struct Open
    {
        YamlItem *item;
        QByteArray anchor;
    };
    std::vector<Open> m_open; // the lists and mappings not ended yet, outermost first
    QHash<QByteArray, const YamlItem *> m_anchors;
};

std::unique_ptr<YamlDocument> YamlDocument::parse(const QByteArray &text, Error *error)
{
    auto doc = std::make_unique<YamlDocument>();
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        error->mark = Mark::null_mark();
        error->message = QStringLiteral("out of memory");
        return nullptr;
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(text.constData()), size_t(text.size()));
    YamlBuilder builder(*doc);
    builder.m_text = QByteArrayView(text);
    const bool ok = builder.run(parser, error);
    yaml_parser_delete(&parser);
    if (!ok)
        return nullptr;
    // An empty stream is one null document, as yaml-cpp reads it.
    doc->m_root = builder.m_root ? builder.m_root : doc->make(NodeType::Null, Mark{});
    return doc;
}

} // namespace hsu::config
