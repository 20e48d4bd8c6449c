// The protocol payload types (shared/model) read from JSON text, as hsuctl and the GUI read the
// agent's answers. A value that reads must write back to JSON that reads as the same value: these
// types are the one definition of each payload for agent, GUI and hsuctl, so a field that does not
// survive the trip would differ between them.
//
// Input: JSON text; a top-level object is given to every type, an array's objects likewise.

#include "FuzzInput.h"

#include "shared/model/HealthReport.h"
#include "shared/model/LogRecord.h"
#include "shared/model/ResourceReport.h"
#include "shared/model/ResourceSample.h"
#include "shared/model/WorkerDetails.h"
#include "shared/model/WorkerStatus.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace hsu;
using namespace hsu::model;

namespace {

// For the types whose fromJson may refuse (std::optional).
template<typename T>
void optionalRoundTrip(const QJsonObject &o)
{
    if (const std::optional<T> v = T::fromJson(o)) {
        const std::optional<T> again = T::fromJson(v->toJson());
        HSU_FUZZ_CHECK(again && *again == *v);
    }
}

// For the types whose fromJson always gives a value (missing fields take defaults).
template<typename T>
void plainRoundTrip(const QJsonObject &o)
{
    const T v = T::fromJson(o);
    HSU_FUZZ_CHECK(T::fromJson(v.toJson()) == v);
}

void everyType(const QJsonObject &o)
{
    optionalRoundTrip<WorkerStatus>(o);
    optionalRoundTrip<ResourceSample>(o);
    optionalRoundTrip<HealthResult>(o);
    optionalRoundTrip<HealthReport>(o);
    optionalRoundTrip<LogRecord>(o);
    optionalRoundTrip<ResourceReport>(o);
    optionalRoundTrip<DoctorReport>(o);
    optionalRoundTrip<LimitViolation>(o);
    plainRoundTrip<ResourceLimits>(o);
    plainRoundTrip<EnforcedLimit>(o);
    plainRoundTrip<WorkerLaunch>(o);
    plainRoundTrip<WorkerDetails>(o);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size)
{
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (doc.isObject()) {
        everyType(doc.object());
    } else if (doc.isArray()) {
        for (const QJsonValue &v : doc.array())
            if (v.isObject())
                everyType(v.toObject());
    }
    return 0;
}
