#pragma once

// The one table of keys (and values) that HSU Master defines and this project loads, keeps and saves,
// but whose meaning the agent does not carry out yet. Each loads with a warning saying so: nothing
// is dropped in silence. Remove a row when the agent learns the key.

#include <QString>
#include <QStringView>

#include <span>

namespace hsu::config {

struct NotActedOn
{
    // Key path in HSU Master spelling, list indexes left out: "workers.unit.managed.control.limits".
    // "*" matches one segment, "**" any number (also none).
    const char *path;
    // nullptr: the key itself; otherwise only this value of it (e.g. a depends_on condition).
    const char *value;
    const char *why;
    // false: not even kept in the model, so saving drops it (HSU keys that nothing here models).
    bool kept;
};

std::span<const NotActedOn> notActedOnTable();

// The row for this key path (and scalar value), or nullptr.
const NotActedOn *findNotActedOn(QStringView path, QStringView value = {});

// "'limits' is accepted but not acted on yet: <why>"
QString notActedOnMessage(const NotActedOn &row, QStringView key, QStringView value = {});

} // namespace hsu::config
