#pragma once

// A three-way merge of config texts, worker by worker: the file as it is on disk ("theirs") keeps
// its text, and what the user changed since "base" (workers added, changed or removed) is applied
// on top. A worker changed on both sides takes the user's version and is reported. Changes outside
// the workers list (master, log_collection) are taken from disk; the user's are reported as lost.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace hsu::desktop::editor {

struct MergeResult
{
    bool ok = false;
    QByteArray text;
    QStringList conflicts; // worker ids changed on both sides, and "top-level settings"
    QString problem;       // why there is no result
};

MergeResult mergeConfigTexts(const QByteArray &base, const QByteArray &mine, const QByteArray &theirs, const QString &fileName);

} // namespace hsu::desktop::editor
