#pragma once

// `hsuctl export`: a loaded config mapped onto another engine's format (Nomad JSON job,
// Kubernetes manifests, systemd user units). Pure functions of the model: no agent, no files
// written here, the same output for the same config (no timestamps), so a changed config
// re-exports to files that differ only where a worker changed.

#include "shared/config/WorkerSpec.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace hsu::exporter {

enum class Target { Nomad, Kubernetes, Systemd };

std::optional<Target> targetFromName(const QString &name); // "nomad" | "kubernetes" | "systemd"
QString targetChoices();                                    // for usage errors

struct Options
{
    Target target = Target::Systemd;
    // Kubernetes: the image holding the programs (native programs need one). Empty: kPlaceholderImage.
    QString image;
    // Nomad counts CPU in MHz, HSU in cores; there is no right figure for every machine, so the user
    // can give theirs and the output says which one was used.
    int mhzPerCore = 1000;
    // Bare program names ("redis-server") resolve in this PATH, as the agent would resolve them.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
};

inline constexpr char kPlaceholderImage[] = "REPLACE-ME/image-with-your-programs";

struct File
{
    QString name; // a file name without folders: "hsu-web.service"
    QByteArray content;
};

struct Result
{
    std::vector<File> files;
    // What the target cannot express, one line each ("web: health_check: ..."), and the workers
    // that are not exported at all: the caller prints them on stderr; the files carry them as well.
    QStringList notes;
    QStringList warnings; // about the export itself (e.g. the placeholder image): stderr only
};

Result exportConfig(const config::Config &config, const Options &options);

// What hsuctl prints without --out: every file after a "# --- file: NAME" line. Nomad's single
// JSON job is printed bare so that it can be piped to `nomad job run -json -`.
QByteArray joinForStdout(const Result &result, Target target);

} // namespace hsu::exporter
