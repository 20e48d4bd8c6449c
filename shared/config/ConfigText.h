#pragma once

// Edits of a config file's text that keep everything else as written: comments, order, spacing,
// the dialect. `hsuctl add` and `hsuctl remove` use them (then config.save checks the result in
// full), as PM2's `pm2 start app --name` / `pm2 delete` do, while the file stays the one source
// of truth. The YAML writer (YamlWriter) would rewrite the whole file and lose its comments.

#include "shared/config/WorkerSpec.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::config {

struct NewWorker
{
    QString id;
    QString name;               // metadata.name; empty: none
    QString restartPolicy;      // never | on-failure | always | unless-stopped; empty: the default
    QStringList environment;    // "K=V"
    QString workingDirectory;   // empty: the program's folder
    QString program;            // absolute
    QStringList args;
};

// A command line split as a shell would (quotes, backslashes; no expansion), its program made
// absolute: a bare name is looked up in PATH (the agent's PATH may differ from the user's), a path
// resolves against the current folder. Empty program when the line is empty or the name is not in
// PATH (`*error` says which).
// Words as a POSIX shell splits them: blanks separate; '...' keeps everything; "..." keeps all
// but \" \\ \$ \`; a backslash outside quotes keeps the next character. No expansion of any kind.
// An unclosed quote sets `*error` (when given) and keeps what was read.
QStringList splitShellWords(const QString &line, QString *error = nullptr);
// The inverse: words quoted where needed, so that splitShellWords gives them back.
QString joinShellWords(const QStringList &words);

struct CommandLine
{
    QString program;
    QStringList args;
};
CommandLine parseCommandLine(const QString &line, QString *error);
// Just the program rule: absolute as above, or empty when a bare name is not in PATH.
QString absoluteProgram(const QString &program);

// Where worker `id` is written in `text` (which loaded as `loaded`): its sequence item's lines
// [first, first + count) and the column of its dash. Empty when it is not written as a block item.
struct ItemLines
{
    int first = 0;
    int count = 0;
    int indent = 0;
};
std::optional<ItemLines> workerItemLines(const QByteArray &text, const Config &loaded, const QString &id);
// Every worker's item at once (one pass over the text), in the order of `loaded.workers`; empty
// when any of them is not written as a block item.
QList<ItemLines> allWorkerItemLines(const QByteArray &text, const Config &loaded);

// The HSU Master dialect's block for one managed worker, as a sequence item indented by `indent`
// spaces ("- id: ..." at that column).
QByteArray workerBlock(const NewWorker &worker, int indent = 2);

// `text` with `worker` appended to its workers (after the last one, in their indentation; a file
// without workers gets a `workers:` section). Empty, with `error` set, when the text cannot be
// loaded or already has that id.
QByteArray addWorkerText(const QByteArray &text, const NewWorker &worker, const QString &fileName, QString *error);

// As addWorkerText, with any worker (the HSU Master dialect's item YamlWriter writes); after the
// worker `after`'s item when given and found, else after the last one.
QByteArray addWorkerSpecText(const QByteArray &text, const WorkerSpec &worker, const QString &fileName, QString *error,
                             const QString &after = {});

// `text` without worker `id`'s sequence item (its lines, and comments directly inside it). Empty,
// with `error` set, when the text cannot be loaded or has no such worker.
QByteArray removeWorkerText(const QByteArray &text, const QString &id, const QString &fileName, QString *error);

} // namespace hsu::config
