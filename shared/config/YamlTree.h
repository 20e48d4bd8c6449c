#pragma once

// The loader's view of a YAML document: a read-only tree of mappings, lists and scalars with the
// line and column of every node, parsed by libyaml. yaml-cpp (still the writer's library) parsed a
// thousand-worker config in 55 ms and its nodes cost as much again to walk, both on the path of
// every reload; libyaml's event parser takes 8 ms and the tree below is plain pointers into one
// arena. The API keeps yaml-cpp's names for the few calls the loader makes.
//
// What the YAML spec leaves to the loader, done as yaml-cpp did: a plain scalar "", "~", "null",
// "Null" or "NULL" is null; tags are ignored; an alias is the anchored node itself; only the
// first document of a stream is read; a repeated key is kept (MapReader reports it).

#include <QByteArray>
#include <QString>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace hsu::config {

// 0-based, as the parser counts; {-1,-1,-1} is "no position".
struct Mark
{
    int pos = 0;
    int line = 0;
    int column = 0;
    static Mark null_mark() { return Mark{-1, -1, -1}; }
    bool is_null() const { return pos == -1 && line == -1 && column == -1; }
};

enum class NodeType { Undefined, Null, Scalar, Sequence, Map };

struct YamlItem
{
    NodeType type = NodeType::Undefined;
    Mark mark = Mark::null_mark();
    std::string scalar;
    // A list's items; a mapping's keys and values, alternating.
    std::vector<const YamlItem *> children;
};

// A handle on one node of a YamlDocument (which must outlive it); default: undefined.
class YamlNode
{
public:
    YamlNode() = default;
    explicit YamlNode(const YamlItem *item) : m_item(item) {}

    NodeType Type() const { return m_item ? m_item->type : NodeType::Undefined; }
    bool IsDefined() const { return m_item != nullptr; }
    bool IsNull() const { return Type() == NodeType::Null; }
    bool IsScalar() const { return Type() == NodeType::Scalar; }
    bool IsSequence() const { return Type() == NodeType::Sequence; }
    bool IsMap() const { return Type() == NodeType::Map; }
    const std::string &Scalar() const;
    hsu::config::Mark Mark() const { return m_item ? m_item->mark : Mark::null_mark(); }

    // A list's items, or a mapping's pairs.
    std::size_t size() const;
    YamlNode operator[](std::size_t i) const; // a list's i-th item
    YamlNode key(std::size_t i) const;        // a mapping's i-th key
    YamlNode value(std::size_t i) const;      // and its value

private:
    const YamlItem *m_item = nullptr;
};

class YamlDocument
{
public:
    struct Error
    {
        hsu::config::Mark mark;
        QString message;
    };
    // The first document of `text`; nullptr and `error` set on a syntax error.
    static std::unique_ptr<YamlDocument> parse(const QByteArray &text, Error *error);

    YamlNode root() const { return YamlNode(m_root); }

private:
    friend class YamlBuilder;
    YamlItem *make(NodeType type, Mark mark);

    std::deque<YamlItem> m_items; // stable addresses: the nodes point at each other
    const YamlItem *m_root = nullptr;
};

} // namespace hsu::config
