#pragma once

// Small helpers shared by the config tests.

#include "shared/config/YamlLoader.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTest>

namespace hsu::config::test {

inline QString dataDir()
{
    return QStringLiteral(HSU_SOURCE_DIR "/tests/data/config");
}

inline QString hsuSample()
{
    return QStringLiteral(HSU_SAMPLES_DIR "/hsu/master-config-echotest-unix.yaml");
}

// The real HSU Master sample lives beside the repository (../shared/samples), not in it; a clone
// elsewhere has no copy. Say so and skip rather than fail for a reason that is not the code's.
#define HSU_REQUIRE_SAMPLE()                                                                         \
    do {                                                                                             \
        if (!QFile::exists(::hsu::config::test::hsuSample()))                                        \
            QSKIP(qPrintable(QStringLiteral("HSU Master sample not found at %1 (configure with "     \
                                            "-DHSU_SAMPLES_DIR=<folder holding hsu/>)")              \
                                 .arg(::hsu::config::test::hsuSample())));                           \
    } while (false)

inline QString describe(const QList<Diagnostic> &diagnostics)
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

inline LoadResult load(const QByteArray &yaml, const QProcessEnvironment &env = QProcessEnvironment())
{
    YamlLoader::Options options;
    options.environment = env;
    return YamlLoader::loadData(yaml, QStringLiteral("test.yaml"), options);
}

// Messages of the diagnostics that contain `text`.
inline QList<Diagnostic> matching(const QList<Diagnostic> &all, const QString &text)
{
    QList<Diagnostic> out;
    for (const Diagnostic &d : all)
        if (d.message.contains(text))
            out << d;
    return out;
}

// A minimal managed worker in the HSU Master dialect, with `extra` lines spliced into its control block.
inline QByteArray managedWorker(const QByteArray &controlExtra = {}, const QByteArray &id = "w")
{
    return "workers:\n"
           "  - id: " + id + "\n"
           "    type: managed\n"
           "    unit:\n"
           "      managed:\n"
           "        control:\n"
           "          execution:\n"
           "            executable_path: /bin/true\n" + controlExtra;
}

} // namespace hsu::config::test

#define HSU_VERIFY_LOADS(result) QVERIFY2((result).ok(), qPrintable(hsu::config::test::describe((result).diagnostics)))
