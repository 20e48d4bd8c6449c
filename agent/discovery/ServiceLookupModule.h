#pragma once

// The interface between ServiceLookup.cpp (in the agent) and the module that talks D-Bus
// (ServiceLookupDBus.cpp, built as hsu-servicelookup.so): the agent loads the module only when a
// worker asks for a systemd unit, so QtDBus, libdbus and libsystemd — 1.1 MiB resident, measured —
// are in no agent that does not need them. Both sides are built together: same Qt, same compiler.

#include "ServiceLookup.h"

namespace hsu::agent::discovery {

struct ServiceLookupApi
{
    int version; // kServiceLookupApiVersion
    ServicePid (*mainPid)(const QString &unit);
    bool (*restart)(const QString &unit, QString *error);
};

inline constexpr int kServiceLookupApiVersion = 1;
inline constexpr char kServiceLookupSymbol[] = "hsu_service_lookup_api";

} // namespace hsu::agent::discovery
