#include "Envelope.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "FrameCodec.h"
#include "Protocol.h"

#include <cmath>

namespace hsu::protocol {

namespace {

constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

template<typename T>
Parsed<T> invalid(const QString &message, const QJsonValue &id = QJsonValue(QJsonValue::Null))
{
    Parsed<T> p;
    p.error = {QString(error::InvalidRequest), message};
    p.id = id;
    return p;
}

template<typename T>
Parsed<T> valid(T value)
{
    Parsed<T> p;
    p.id = value.id;
    p.value = std::move(value);
    return p;
}

} // namespace

bool isValidId(const QJsonValue &id)
{
    if (id.isString())
        return !id.toString().isEmpty();
    if (id.isDouble()) {
        const double d = id.toDouble();
        return d >= 0 && d <= kMaxExactInteger && std::floor(d) == d;
    }
    return false;
}

QJsonObject Request::toJson() const
{
    QJsonObject o{{key::Id, id}, {key::Method, method}};
    if (!params.isEmpty())
        o.insert(key::Params, params);
    return o;
}

QJsonObject Response::toJson() const
{
    QJsonObject o{{key::Id, id}};
    if (error)
        o.insert(key::Error, QJsonObject{{key::Code, error->code}, {key::Message, error->message}});
    else
        o.insert(key::Result, result.isUndefined() ? QJsonValue(QJsonValue::Null) : result);
    return o;
}

QByteArray Response::encodeFrame() const
{
    if (error || encodedResult.isEmpty())
        return protocol::encodeFrame(toJson());
    // {"id":<id>,"result":<encodedResult>} — the id encoded by Qt (as an array's only element,
    // brackets dropped) so strings are escaped exactly as everywhere else.
    QByteArray idJson = QJsonDocument(QJsonArray{id}).toJson(QJsonDocument::Compact);
    idJson = idJson.mid(1, idJson.size() - 2);
    QByteArray frame;
    frame.reserve(encodedResult.size() + idJson.size() + 24);
    frame.append("{\"id\":").append(idJson).append(",\"result\":").append(encodedResult).append("}\n");
    return frame;
}

Response Response::success(const QJsonValue &id, const QJsonValue &result)
{
    Response r;
    r.id = id;
    r.result = result;
    return r;
}

Response Response::failure(const QJsonValue &id, const QString &code, const QString &message)
{
    Response r;
    r.id = id;
    r.error = Error{code, message};
    return r;
}

QJsonObject Event::toJson() const
{
    return QJsonObject{{key::Event, name},
                       {key::Data, data.isUndefined() ? QJsonValue(QJsonValue::Null) : data}};
}

MessageKind kindOf(const QJsonObject &object)
{
    if (object.contains(key::Method))
        return MessageKind::Request;
    if (object.contains(key::Event))
        return MessageKind::Event;
    if (object.contains(key::Result) || object.contains(key::Error))
        return MessageKind::Response;
    return MessageKind::Unknown;
}

Parsed<Request> parseRequest(const QJsonObject &object)
{
    const QJsonValue id = object.value(key::Id);
    if (id.isUndefined())
        return invalid<Request>(QStringLiteral("request without \"id\""));
    if (!isValidId(id))
        return invalid<Request>(QStringLiteral("\"id\" must be a non-negative integer or a non-empty string"));

    const QJsonValue method = object.value(key::Method);
    if (method.isUndefined())
        return invalid<Request>(QStringLiteral("request without \"method\""), id);
    if (!method.isString() || method.toString().isEmpty())
        return invalid<Request>(QStringLiteral("\"method\" must be a non-empty string"), id);

    const QJsonValue params = object.value(key::Params);
    if (!params.isUndefined() && !params.isNull() && !params.isObject())
        return invalid<Request>(QStringLiteral("\"params\" must be an object"), id);
    if (object.contains(key::Result) || object.contains(key::Error) || object.contains(key::Event))
        return invalid<Request>(QStringLiteral("a request carries no \"result\", \"error\" or \"event\""), id);

    // Unknown top-level keys are ignored: a newer minor version may add some.
    return valid(Request{id, method.toString(), params.toObject()});
}

Parsed<Response> parseResponse(const QJsonObject &object)
{
    const QJsonValue id = object.value(key::Id);
    if (id.isUndefined())
        return invalid<Response>(QStringLiteral("response without \"id\""));
    if (!id.isNull() && !isValidId(id))
        return invalid<Response>(QStringLiteral("\"id\" must be null, a non-negative integer or a non-empty string"));

    const bool hasResult = object.contains(key::Result);
    const bool hasError = object.contains(key::Error);
    if (hasResult == hasError)
        return invalid<Response>(QStringLiteral("a response carries exactly one of \"result\" and \"error\""), id);
    if (hasResult)
        return valid(Response::success(id, object.value(key::Result)));

    const QJsonValue err = object.value(key::Error);
    if (!err.isObject())
        return invalid<Response>(QStringLiteral("\"error\" must be an object"), id);
    const QJsonObject e = err.toObject();
    const QJsonValue code = e.value(key::Code);
    if (!code.isString() || code.toString().isEmpty())
        return invalid<Response>(QStringLiteral("\"error.code\" must be a non-empty string"), id);
    const QJsonValue message = e.value(key::Message);
    if (!message.isUndefined() && !message.isString())
        return invalid<Response>(QStringLiteral("\"error.message\" must be a string"), id);
    return valid(Response::failure(id, code.toString(), message.toString()));
}

Parsed<Event> parseEvent(const QJsonObject &object)
{
    const QJsonValue name = object.value(key::Event);
    if (!name.isString() || name.toString().isEmpty())
        return invalid<Event>(QStringLiteral("\"event\" must be a non-empty string"));
    if (object.contains(key::Id) || object.contains(key::Method))
        return invalid<Event>(QStringLiteral("an event carries no \"id\" or \"method\""));
    Parsed<Event> p;
    p.value = Event{name.toString(), object.value(key::Data)};
    return p;
}

} // namespace hsu::protocol
