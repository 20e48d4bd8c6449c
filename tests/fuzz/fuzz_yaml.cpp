// The config loader on any text, in both dialects (HSU Master and HSU procman: the loader picks
// one from the text, so the seeds — every config in resources/, tests/data and HSU Master's samples,
// gathered by run.sh — lead into each). A config that loads must also survive what the agent does
// with it next: validation happens inside loadData, the diagnostics are rendered for a person.

#include "FuzzInput.h"

#include "shared/config/YamlLoader.h"

using namespace hsu;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::ensureApplication(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size)
{
    // A fixed environment: ${VAR} results must not depend on the machine the fuzzer runs on.
    static const QProcessEnvironment env = [] {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), QStringLiteral("/home/fuzz"));
        e.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        e.insert(QStringLiteral("PORT"), QStringLiteral("8080"));
        e.insert(QStringLiteral("EMPTY"), QString());
        return e;
    }();
    config::YamlLoader::Options options;
    options.environment = env;
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const config::LoadResult result = config::YamlLoader::loadData(yaml, QStringLiteral("fuzz.yaml"), options);
    // A config is given only when nothing is an error.
    HSU_FUZZ_CHECK(result.ok() == result.errors().isEmpty());
    for (const config::Diagnostic &d : result.diagnostics)
        (void)d.toString();
    return 0;
}
