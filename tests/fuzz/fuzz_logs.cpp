// The log pipeline's pure pieces as the reader thread drives them (agent/logs/LogReader.cpp): a
// worker's bytes, cut into reads at points the input chooses, go through LineSplitter; each line
// through LineFilter (level detection: leading words, logfmt, structured JSON) and LineFormatter in
// its three formats, with the line's JSON object when it is one.
//
// Input: byte 0 = line cap choice, byte 1 = how many chunk-length bytes follow (0..31), byte 2 =
// the line's timestamp choice, then the chunk lengths, then the bytes.

#include "FuzzInput.h"

#include "agent/logs/LineFilter.h"
#include "agent/logs/LineFormatter.h"
#include "agent/logs/LineSplitter.h"

#include <QJsonDocument>

using namespace hsu;
using namespace hsu::agent::logs;

namespace {

struct Pipeline
{
    LineFilter filter;
    std::vector<LineFormatter> formatters;
};

Pipeline &pipeline()
{
    static Pipeline p = [] {
        Pipeline out;
        config::LogFilters f;
        f.levelFilter = QStringLiteral("info");
        f.excludePatterns = {QStringLiteral("secret"), QStringLiteral("^\\s*$")};
        f.includePatterns = {QStringLiteral("(?i)(request|error|level)"), QStringLiteral("\\d{3}")};
        out.filter = LineFilter::create(f, true, nullptr);
        config::LogMetadata m;
        m.addMasterId = m.addHostname = m.addTimestamp = m.addSequence = true;
        m.addLineNumber = m.addWorkerId = m.addStream = true;
        for (const auto format : {LineFormatter::Format::Plain, LineFormatter::Format::EnhancedPlain,
                                  LineFormatter::Format::Json})
            out.formatters.push_back(LineFormatter(format, m, true, QStringLiteral("api"), QStringLiteral("host"),
                                                QStringLiteral("m1"), QStringLiteral("[{worker_id}]")));
        return out;
    }();
    return p;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size)
{
    fuzz::Input in(data, size);
    const qsizetype askedCap = 1 + in.takeByte(); // small caps reach the piece-cutting paths
    const int cuts = in.takeByte() % 32;
    // Times around the epoch, now and far ahead: the formatter caches the text of one second.
    const qint64 timestampMs = qint64(in.takeByte()) * 977'000'000'013LL - 3'600'000;
    const QByteArrayView lengths = in.take(cuts);
    const QByteArrayView bytes = in.rest();

    Pipeline &p = pipeline();
    LineSplitter splitter(askedCap);
    const qsizetype cap = splitter.maxLine(); // at least one whole UTF-8 character
    qint64 lineNumber = 0;
    qsizetype textBytes = 0;
    qsizetype wholeLines = 0;
    QByteArray out;
    const auto onLine = [&](const LineRef &line) {
        HSU_FUZZ_CHECK(line.text.size() <= cap);
        textBytes += line.text.size();
        if (!line.continued)
            ++wholeLines;
        (void)LineFilter::detectLevel(line.text, false);
        if (!p.filter.accepts(line.text))
            return;
        QJsonObject structured;
        const QJsonObject *fields = nullptr;
        if (line.text.startsWith('{')) {
            const QJsonDocument doc = QJsonDocument::fromJson(line.text.toByteArray());
            if (doc.isObject()) {
                structured = doc.object();
                fields = &structured;
            }
        }
        ++lineNumber;
        for (const LineFormatter &f : p.formatters) {
            out.clear();
            f.append(out, line, lineNumber % 2 ? Stream::Stdout : Stream::Stderr, lineNumber, lineNumber,
                     timestampMs, fields);
            HSU_FUZZ_CHECK(out.endsWith('\n'));
            // A JSON line must be one valid object: log shippers parse it.
            if (f.format() == LineFormatter::Format::Json) {
                QJsonParseError error;
                const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
                HSU_FUZZ_CHECK(error.error == QJsonParseError::NoError && doc.isObject());
            }
        }
    };
    for (const QByteArrayView chunk : fuzz::Input::chunks(bytes, lengths)) {
        splitter.feed(chunk, onLine);
        HSU_FUZZ_CHECK(splitter.pendingBytes() <= cap + 1);
    }
    splitter.flush(onLine);
    // Nothing lost, nothing made up: every byte but the line endings comes out, once.
    const qsizetype newlines = bytes.count('\n');
    HSU_FUZZ_CHECK(wholeLines == newlines + (bytes.isEmpty() || bytes.endsWith('\n') ? 0 : 1));
    HSU_FUZZ_CHECK(textBytes <= bytes.size() - newlines);
    HSU_FUZZ_CHECK(textBytes >= bytes.size() - 2 * newlines);
    return 0;
}
