#pragma once

// The spellings of the model's enums in YAML (HSU Master dialect), shared by loader and writer so
// that what one writes the other reads.

#include "shared/config/WorkerSpec.h"

#include <QString>
#include <QStringView>

#include <optional>
#include <span>

namespace hsu::config {

struct EnumName
{
    int value;
    const char *name;
};

template <typename E>
std::span<const EnumName> enumNames();

template <> std::span<const EnumName> enumNames<WorkerType>();
template <> std::span<const EnumName> enumNames<ProfileType>();
template <> std::span<const EnumName> enumNames<RestartPolicy>();
template <> std::span<const EnumName> enumNames<DependencyCondition>();
template <> std::span<const EnumName> enumNames<LimitPolicy>();
template <> std::span<const EnumName> enumNames<HealthCheckType>();
template <> std::span<const EnumName> enumNames<LogLevel>();

template <typename E>
QString enumName(E value)
{
    for (const EnumName &n : enumNames<E>())
        if (n.value == static_cast<int>(value))
            return QString::fromLatin1(n.name);
    return {};
}

template <typename E>
std::optional<E> enumFromName(QStringView text)
{
    for (const EnumName &n : enumNames<E>())
        if (text == QLatin1String(n.name))
            return static_cast<E>(n.value);
    return std::nullopt;
}

// "never, on-failure, always, unless-stopped": for "expected one of ..." messages.
template <typename E>
QString enumChoices()
{
    QStringList names;
    for (const EnumName &n : enumNames<E>())
        names << QString::fromLatin1(n.name);
    return names.join(QStringLiteral(", "));
}

} // namespace hsu::config
