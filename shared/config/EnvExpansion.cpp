#include "shared/config/EnvExpansion.h"

namespace hsu::config {

namespace {
bool isNameStart(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
}
bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}
} // namespace

EnvExpansionResult expandEnvironment(QStringView text, const QProcessEnvironment &env)
{
    EnvExpansionResult result;
    result.text.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        if (c != u'$' || i + 1 == text.size()) {
            result.text += c;
            ++i;
            continue;
        }
        const QChar next = text[i + 1];
        if (next == u'$') {
            result.text += u'$';
            i += 2;
            continue;
        }
        if (next != u'{') {
            result.text += c;
            ++i;
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 2);
        if (close < 0) {
            result.syntaxError = QStringLiteral("unterminated \"${\" (write \"$$\" for a literal \"$\")");
            return result;
        }
        const QStringView inner = text.mid(i + 2, close - i - 2);
        const qsizetype sep = inner.indexOf(QStringLiteral(":-"));
        const QStringView name = sep < 0 ? inner : inner.left(sep);
        bool validName = !name.isEmpty() && isNameStart(name[0]);
        for (QChar n : name)
            validName = validName && isNameChar(n);
        if (!validName) {
            result.syntaxError = QStringLiteral("\"${%1}\" is not a variable reference: expected ${NAME} or "
                                                "${NAME:-default}")
                                     .arg(inner.toString());
            return result;
        }
        const QString key = name.toString();
        const QString value = env.value(key);
        if (sep >= 0) {
            result.text += value.isEmpty() ? inner.mid(sep + 2).toString() : value;
        } else if (env.contains(key)) {
            result.text += value;
        } else {
            result.undefined << key;
        }
        i = close + 1;
    }
    return result;
}

QString escapeForExpansion(QStringView text)
{
    QString out = text.toString();
    out.replace(u'$', QStringLiteral("$$"));
    return out;
}

} // namespace hsu::config
