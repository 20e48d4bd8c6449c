#pragma once

// The three messages of protocol v1, one JSON object each:
//   request  {"id": 7, "method": "workers.get", "params": {...}}
//   response {"id": 7, "result": ...}  or  {"id": 7, "error": {"code": "...", "message": "..."}}
//   event    {"event": "worker.state", "data": {...}}
// Parsing validates the shape so that the rest of the program handles only well-formed values.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace hsu::protocol {

struct Error
{
    QString code;
    QString message;
    bool operator==(const Error &) const = default;
};

// Ids are chosen by the client and echoed back unchanged: a non-negative integer (up to 2^53,
// what a JSON double holds exactly) or a non-empty string.
bool isValidId(const QJsonValue &id);

struct Request
{
    QJsonValue id;
    QString method;
    QJsonObject params; // absent or null params read as {}

    QJsonObject toJson() const;
};

struct Response
{
    QJsonValue id;                // null when the request itself could not be read
    QJsonValue result;            // meaningful only when !error
    std::optional<Error> error;
    // The result already encoded as compact JSON; when set it is sent instead of `result`.
    // Lets the agent answer workers.list from per-worker cached bytes instead of encoding
    // a thousand objects for every request.
    QByteArray encodedResult;

    bool isError() const { return error.has_value(); }
    QJsonObject toJson() const;
    // The whole NDJSON line (with its newline), using encodedResult when set.
    QByteArray encodeFrame() const;

    static Response success(const QJsonValue &id, const QJsonValue &result);
    static Response failure(const QJsonValue &id, const QString &code, const QString &message);
};

struct Event
{
    QString name;
    QJsonValue data;

    QJsonObject toJson() const;
};

enum class MessageKind { Request, Response, Event, Unknown };
// Which message an object claims to be ("method" / "result" or "error" / "event"); says nothing
// about whether it is valid.
MessageKind kindOf(const QJsonObject &object);

// A parse outcome. On failure `error.code` is error::InvalidRequest and `id` holds the request's
// id when it was readable, so that the error response can still be matched by the client.
template<typename T>
struct Parsed
{
    std::optional<T> value;
    Error error;
    QJsonValue id;

    bool ok() const { return value.has_value(); }
};

Parsed<Request> parseRequest(const QJsonObject &object);
Parsed<Response> parseResponse(const QJsonObject &object);
Parsed<Event> parseEvent(const QJsonObject &object);

} // namespace hsu::protocol
