#include "Export.h"

#include "KubernetesExport.h"
#include "NomadExport.h"
#include "SystemdExport.h"

namespace hsu::exporter {

namespace {

constexpr struct
{
    const char *name;
    Target target;
} kTargets[] = {{"nomad", Target::Nomad}, {"kubernetes", Target::Kubernetes}, {"systemd", Target::Systemd}};

constexpr char kNotesFile[] = "hsu-export-notes.txt";

} // namespace

std::optional<Target> targetFromName(const QString &name)
{
    for (const auto &t : kTargets)
        if (name == QLatin1String(t.name))
            return t.target;
    return std::nullopt;
}

QString targetChoices()
{
    QStringList names;
    for (const auto &t : kTargets)
        names << QLatin1String(t.name);
    return names.join(QStringLiteral(", "));
}

Result exportConfig(const config::Config &config, const Options &options)
{
    Result r;
    switch (options.target) {
    case Target::Nomad: r = exportNomad(config, options); break;
    case Target::Kubernetes: r = exportKubernetes(config, options); break;
    case Target::Systemd: r = exportSystemd(config, options); break;
    }
    // Beside the files, one plain list of what did not make it: readable whatever the format.
    if (!r.notes.isEmpty())
        r.files.push_back({QString::fromLatin1(kNotesFile),
                           (QStringLiteral("Not exported (the target has no counterpart):\n") + r.notes.join(u'\n') + u'\n')
                               .toUtf8()});
    return r;
}

QByteArray joinForStdout(const Result &result, Target target)
{
    QByteArray out;
    if (target == Target::Nomad) { // bare JSON, for `nomad job run -json -`; the notes go to stderr
        for (const File &f : result.files)
            if (f.name.endsWith(QLatin1String(".json")))
                out += f.content;
        return out;
    }
    for (const File &f : result.files) {
        if (f.name == QLatin1String(kNotesFile))
            continue; // each file already names what it lost; the whole list goes to stderr
        out += "# --- file: " + f.name.toUtf8() + '\n' + f.content;
        if (!f.content.endsWith('\n'))
            out += '\n';
    }
    return out;
}

} // namespace hsu::exporter
