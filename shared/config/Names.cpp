#include "shared/config/Names.h"

namespace hsu::config {

namespace {
template <typename E>
constexpr EnumName n(E v, const char *name)
{
    return EnumName{static_cast<int>(v), name};
}
} // namespace

template <>
std::span<const EnumName> enumNames<WorkerType>()
{
    static constexpr EnumName names[] = {n(WorkerType::Managed, "managed"), n(WorkerType::Integrated, "integrated"),
                                         n(WorkerType::Unmanaged, "unmanaged")};
    return names;
}

template <>
std::span<const EnumName> enumNames<ProfileType>()
{
    static constexpr EnumName names[] = {n(ProfileType::Batch, "batch"),         n(ProfileType::Web, "web"),
                                         n(ProfileType::Database, "database"),   n(ProfileType::Worker, "worker"),
                                         n(ProfileType::Scheduler, "scheduler"), n(ProfileType::Default, "default")};
    return names;
}

template <>
std::span<const EnumName> enumNames<RestartPolicy>()
{
    static constexpr EnumName names[] = {n(RestartPolicy::Never, "never"), n(RestartPolicy::OnFailure, "on-failure"),
                                         n(RestartPolicy::Always, "always"),
                                         n(RestartPolicy::UnlessStopped, "unless-stopped")};
    return names;
}

template <>
std::span<const EnumName> enumNames<DependencyCondition>()
{
    static constexpr EnumName names[] = {n(DependencyCondition::Started, "started"),
                                         n(DependencyCondition::Healthy, "healthy"),
                                         n(DependencyCondition::Completed, "completed"),
                                         n(DependencyCondition::CompletedSuccessfully, "completed_successfully")};
    return names;
}

template <>
std::span<const EnumName> enumNames<LimitPolicy>()
{
    static constexpr EnumName names[] = {
        n(LimitPolicy::None, "none"),
        n(LimitPolicy::Log, "log"),
        n(LimitPolicy::Alert, "alert"),
        n(LimitPolicy::Throttle, "throttle"),
        n(LimitPolicy::GracefulShutdown, "graceful_shutdown"),
        n(LimitPolicy::ImmediateKill, "immediate_kill"),
        n(LimitPolicy::Restart, "restart"),
        n(LimitPolicy::RestartAdjusted, "restart_adjusted"),
    };
    return names;
}

template <>
std::span<const EnumName> enumNames<HealthCheckType>()
{
    // HealthCheckType::None is "no health_check block": it has no spelling in a file.
    static constexpr EnumName names[] = {n(HealthCheckType::Http, "http"), n(HealthCheckType::Grpc, "grpc"),
                                         n(HealthCheckType::Tcp, "tcp"), n(HealthCheckType::Exec, "exec"),
                                         n(HealthCheckType::Process, "process")};
    return names;
}

template <>
std::span<const EnumName> enumNames<LogLevel>()
{
    static constexpr EnumName names[] = {n(LogLevel::Debug, "debug"), n(LogLevel::Info, "info"),
                                         n(LogLevel::Warn, "warn"), n(LogLevel::Error, "error")};
    return names;
}

} // namespace hsu::config
