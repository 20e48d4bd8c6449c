#include "ServiceLookup.h"

#include "ServiceLookupModule.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibrary>

namespace hsu::agent::discovery {

namespace {
// hsu-servicelookup beside the agent (the build tree) or in <bin>/../lib/hsu-master (installed);
// $HSU_SERVICE_LOOKUP_MODULE first (tests). Loaded once, on first use, and kept.
const ServiceLookupApi *api(QString *error)
{
    static const ServiceLookupApi *loaded = nullptr;
    static QString problem;
    static bool tried = false;
    if (!tried) {
        tried = true;
        const QString dir = QCoreApplication::applicationDirPath();
        QStringList candidates;
        if (const QString env = qEnvironmentVariable("HSU_SERVICE_LOOKUP_MODULE"); !env.isEmpty())
            candidates << env;
        candidates << dir + QStringLiteral("/hsu-servicelookup.so") << dir + QStringLiteral("/../lib/hsu-master/hsu-servicelookup.so");
        for (const QString &path : std::as_const(candidates)) {
            if (!QFileInfo(path).isFile())
                continue;
            QLibrary library(path);
            const auto get = reinterpret_cast<const ServiceLookupApi *(*)()>(library.resolve(kServiceLookupSymbol));
            if (!get) {
                problem = QStringLiteral("cannot load %1: %2").arg(path, library.errorString());
                continue;
            }
            const ServiceLookupApi *a = get();
            if (a && a->version == kServiceLookupApiVersion) {
                loaded = a; // the library stays loaded: QLibrary does not unload on destruction
                break;
            }
            problem = QStringLiteral("%1 is of another version").arg(path);
        }
        if (!loaded && problem.isEmpty())
            problem = QStringLiteral("no hsu-servicelookup module beside the agent (%1)").arg(dir);
    }
    if (!loaded && error)
        *error = problem;
    return loaded;
}
} // namespace

ServicePid serviceMainPid(const QString &unit)
{
    QString error;
    if (const ServiceLookupApi *a = api(&error))
        return a->mainPid(unit);
    ServicePid none;
    none.error = QStringLiteral("service-name discovery is not available here: %1").arg(error);
    return none;
}

bool restartService(const QString &unit, QString *error)
{
    if (const ServiceLookupApi *a = api(error))
        return a->restart(unit, error);
    return false;
}

} // namespace hsu::agent::discovery
