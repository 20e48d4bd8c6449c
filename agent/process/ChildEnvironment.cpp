#include "ChildEnvironment.h"

#include <cstring>

extern char **environ;

namespace hsu::agent {

ChildEnvironment ChildEnvironment::ofThisProcess()
{
    auto base = std::make_shared<QList<QByteArray>>();
    for (char **e = environ; e && *e; ++e)
        base->append(QByteArray(*e));
    ChildEnvironment env;
    env.m_base = std::move(base);
    return env;
}

ChildEnvironment ChildEnvironment::of(const QProcessEnvironment &environment)
{
    auto base = std::make_shared<QList<QByteArray>>();
    for (const QString &e : environment.toStringList())
        base->append(e.toLocal8Bit());
    ChildEnvironment env;
    env.m_base = std::move(base);
    return env;
}

QByteArray ChildEnvironment::nameOf(const QByteArray &entry)
{
    const qsizetype eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.left(eq);
}

bool ChildEnvironment::isOverridden(const QByteArray &entry) const
{
    const qsizetype eq = entry.indexOf('=');
    const qsizetype len = eq < 0 ? entry.size() : eq;
    for (const QByteArray &own : m_own) {
        if (own.size() > len && own[len] == '=' && std::memcmp(own.constData(), entry.constData(), size_t(len)) == 0)
            return true;
    }
    return false;
}

void ChildEnvironment::set(const QString &name, const QString &value)
{
    const QByteArray entry = name.toLocal8Bit() + '=' + value.toLocal8Bit();
    for (QByteArray &own : m_own) {
        if (nameOf(own) == nameOf(entry)) {
            own = entry;
            return;
        }
    }
    m_own.append(entry);
}

std::optional<QString> ChildEnvironment::value(const QString &name) const
{
    const QByteArray key = name.toLocal8Bit() + '=';
    for (const QByteArray &e : entries()) {
        if (e.startsWith(key))
            return QString::fromLocal8Bit(e.mid(key.size()));
    }
    return std::nullopt;
}

QList<QByteArray> ChildEnvironment::entries() const
{
    QList<QByteArray> list;
    if (m_base) {
        for (const QByteArray &e : *m_base)
            if (!isOverridden(e))
                list.append(e);
    } else {
        for (char **e = environ; e && *e; ++e)
            if (!isOverridden(QByteArray::fromRawData(*e, qsizetype(std::strlen(*e)))))
                list.append(QByteArray(*e));
    }
    list += m_own;
    return list;
}

void ChildEnvironment::pointers(std::vector<char *> &out) const
{
    out.clear();
    // execve never writes through these; its prototype just predates const.
    if (m_base) {
        out.reserve(size_t(m_base->size() + m_own.size()) + 1);
        for (const QByteArray &e : *m_base)
            if (!isOverridden(e))
                out.push_back(const_cast<char *>(e.constData()));
    } else {
        for (char **e = environ; e && *e; ++e)
            if (!isOverridden(QByteArray::fromRawData(*e, qsizetype(std::strlen(*e)))))
                out.push_back(*e);
    }
    for (const QByteArray &e : m_own)
        out.push_back(const_cast<char *>(e.constData()));
    out.push_back(nullptr);
}

} // namespace hsu::agent
