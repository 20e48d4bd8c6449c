// The small text parsers of config values, each with the round trip its header promises:
// durations and sizes (Units.h: format → parse gives the value back), ${VAR} expansion
// (EnvExpansion.h: escape → expand gives the text back), shell words (ConfigText.h: join → split
// gives the words back), and parseCommandLine on the same text.
//
// Input: the text as UTF-8 (invalid bytes become U+FFFD, as QString::fromUtf8 does for a config).

#include "FuzzInput.h"

#include "shared/config/ConfigText.h"
#include "shared/config/EnvExpansion.h"
#include "shared/config/Units.h"

using namespace hsu;

namespace {

void units(QStringView text)
{
    if (const std::optional<config::Duration> d = config::parseDuration(text)) {
        HSU_FUZZ_CHECK(d->count() >= 0);
        HSU_FUZZ_CHECK(config::parseDuration(config::formatDuration(*d)) == *d);
    }
    if (const std::optional<qint64> n = config::parseSize(text)) {
        HSU_FUZZ_CHECK(*n >= 0);
        HSU_FUZZ_CHECK(config::parseSize(config::formatSize(*n)) == *n);
    }
}

void expansion(QStringView text)
{
    static const QProcessEnvironment env = [] {
        QProcessEnvironment e;
        e.insert(QStringLiteral("A"), QStringLiteral("alpha"));
        e.insert(QStringLiteral("EMPTY"), QString());
        e.insert(QStringLiteral("DOLLAR"), QStringLiteral("$${A}"));
        return e;
    }();
    const config::EnvExpansionResult r = config::expandEnvironment(text, env);
    (void)r.ok();
    const config::EnvExpansionResult back = config::expandEnvironment(config::escapeForExpansion(text), env);
    HSU_FUZZ_CHECK(back.ok() && back.text == text);
}

void shellWords(const QString &line)
{
    QString error;
    const QStringList words = config::splitShellWords(line, &error);
    QString again;
    HSU_FUZZ_CHECK(config::splitShellWords(config::joinShellWords(words), &again) == words);
    HSU_FUZZ_CHECK(again.isEmpty());
    QString cmdError;
    (void)config::parseCommandLine(line, &cmdError);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    units(text);
    expansion(text);
    shellWords(text);
    return 0;
}
