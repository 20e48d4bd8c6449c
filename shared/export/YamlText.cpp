#include "YamlText.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace hsu::exporter {

namespace {

QString quoted(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QChar(u'0'));
            else
                out += c;
        }
    }
    return out + u'"';
}

QString key(const QString &k)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z][A-Za-z0-9_./-]*$"));
    return plain.match(k).hasMatch() ? k : quoted(k);
}

bool isBlock(const QJsonValue &v)
{
    return (v.isObject() && !v.toObject().isEmpty()) || (v.isArray() && !v.toArray().isEmpty());
}

QString scalar(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return quoted(v.toString());
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Object: return QStringLiteral("{}");
    case QJsonValue::Array: return QStringLiteral("[]");
    default: return QStringLiteral("null");
    }
}

void block(QString &out, const QJsonValue &v, int indent);

void objectLines(QString &out, const QJsonObject &o, int indent)
{
    const QString pad(indent, u' ');
    for (auto it = o.begin(); it != o.end(); ++it) {
        out += pad + key(it.key()) + u':';
        if (isBlock(it.value())) {
            out += u'\n';
            block(out, it.value(), indent + 2);
        } else {
            out += u' ' + scalar(it.value()) + u'\n';
        }
    }
}

void block(QString &out, const QJsonValue &v, int indent)
{
    if (v.isObject()) {
        objectLines(out, v.toObject(), indent);
        return;
    }
    const QString pad(indent, u' ');
    for (const QJsonValue &item : v.toArray()) {
        if (!isBlock(item)) {
            out += pad + QStringLiteral("- ") + scalar(item) + u'\n';
            continue;
        }
        // The item's block one level deeper, its first line's indentation replaced by "- ".
        QString inner;
        block(inner, item, indent + 2);
        out += pad + QStringLiteral("- ") + inner.mid(indent + 2);
    }
}

} // namespace

QByteArray yamlText(const QJsonObject &object)
{
    QString out;
    objectLines(out, object, 0);
    return out.toUtf8();
}

} // namespace hsu::exporter
