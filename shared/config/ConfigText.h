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

// The HSU Master dialect's block for one managed worker, as a sequence item indented by `indent`
// spaces ("- id: ..." at that column).
QByteArray workerBlock(const NewWorker &worker, int indent = 2);

// `text` with `worker` appended to its workers (after the last one, in their indentation; a file
// without workers gets a `workers:` section). Empty, with `error` set, when the text cannot be
// loaded or already has that id.
QByteArray addWorkerText(const QByteArray &text, const NewWorker &worker, const QString &fileName, QString *error);

// `text` without worker `id`'s sequence item (its lines, and comments directly inside it). Empty,
// with `error` set, when the text cannot be loaded or has no such worker.
QByteArray removeWorkerText(const QByteArray &text, const QString &id, const QString &fileName, QString *error);

} // namespace hsu::config
