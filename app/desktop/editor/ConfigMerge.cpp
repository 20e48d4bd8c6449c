#include "ConfigMerge.h"

#include "shared/config/ConfigText.h"
#include "shared/config/YamlLoader.h"

#include <QCoreApplication>

#include <optional>

namespace hsu::desktop::editor {

namespace {

std::optional<config::Config> load(const QByteArray &text, const QString &fileName)
{
    config::LoadResult r = config::YamlLoader::loadData(text, fileName);
    return r.config;
}

// The exact lines of worker `id`'s item in `text`, comments and all.
QByteArray itemText(const QByteArray &text, const config::Config &loaded, const QString &id)
{
    const std::optional<config::ItemLines> item = config::workerItemLines(text, loaded, id);
    if (!item)
        return {};
    const QList<QByteArray> lines = text.split('\n');
    QByteArray out;
    for (int i = item->first; i < item->first + item->count && i < lines.size(); ++i)
        out += lines.at(i) + '\n';
    return out;
}

// `text` with worker `id`'s item replaced by the lines `item` (which it reindents to fit).
QByteArray replaceItem(const QByteArray &text, const config::Config &loaded, const QString &id, const QByteArray &item, int itemIndent)
{
    const std::optional<config::ItemLines> at = config::workerItemLines(text, loaded, id);
    if (!at)
        return {};
    QList<QByteArray> lines = text.split('\n');
    QList<QByteArray> fresh = item.split('\n');
    if (!fresh.isEmpty() && fresh.last().isEmpty())
        fresh.removeLast();
    const int shift = at->indent - itemIndent;
    for (QByteArray &l : fresh) {
        if (shift > 0 && !l.trimmed().isEmpty())
            l.prepend(QByteArray(shift, ' '));
        else if (shift < 0 && l.startsWith(QByteArray(-shift, ' ')))
            l.remove(0, -shift);
    }
    lines.remove(at->first, at->count);
    for (int i = 0; i < fresh.size(); ++i)
        lines.insert(at->first + i, fresh.at(i));
    return lines.join('\n');
}

} // namespace

MergeResult mergeConfigTexts(const QByteArray &base, const QByteArray &mine, const QByteArray &theirs, const QString &fileName)
{
    MergeResult m;
    const std::optional<config::Config> b = load(base, fileName);
    const std::optional<config::Config> my = load(mine, fileName);
    std::optional<config::Config> their = load(theirs, fileName);
    if (!my) {
        m.problem = QCoreApplication::translate("hsu::desktop::editor::ConfigMerge", "your text has errors");
        return m;
    }
    if (!their) {
        m.problem = QCoreApplication::translate("hsu::desktop::editor::ConfigMerge", "the file on disk has errors");
        return m;
    }
    const config::Config empty;
    const config::Config &original = b ? *b : empty;
    QByteArray out = theirs;
    const auto reload = [&]() -> bool {
        their = load(out, fileName);
        return their.has_value();
    };

    QString previous; // mine's order: a new worker goes after the one before it in my text
    for (const config::WorkerSpec &w : my->workers) {
        const config::WorkerSpec *was = original.worker(w.id);
        const config::WorkerSpec *now = their->worker(w.id);
        const bool changedByMe = !was || !(*was == w);
        if (!changedByMe) {
            previous = w.id;
            continue;
        }
        if (now && *now == w) {
            previous = w.id;
            continue;
        }
        if (now && was && !(*now == *was))
            m.conflicts << w.id; // both changed it: mine wins, and the user is told
        else if (!now && was)
            m.conflicts << w.id; // they removed what I changed: it comes back
        QString error;
        QByteArray next;
        if (now) {
            const std::optional<config::ItemLines> mineAt = config::workerItemLines(mine, *my, w.id);
            next = replaceItem(out, *their, w.id, itemText(mine, *my, w.id), mineAt ? mineAt->indent : 0);
        } else {
            next = config::addWorkerSpecText(out, w, fileName, &error, their->worker(previous) ? previous : QString());
        }
        if (next.isEmpty() || (out = next, !reload())) {
            m.problem = error.isEmpty() ? QStringLiteral("worker \"%1\" could not be placed").arg(w.id) : error;
            return m;
        }
        previous = w.id;
    }
    // Removed by me: gone, unless they changed it meanwhile.
    for (const config::WorkerSpec &w : original.workers) {
        if (my->worker(w.id))
            continue;
        const config::WorkerSpec *now = their->worker(w.id);
        if (!now)
            continue;
        if (!(*now == w)) {
            m.conflicts << w.id;
            continue;
        }
        QString error;
        const QByteArray next = config::removeWorkerText(out, w.id, fileName, &error);
        if (next.isEmpty() || (out = next, !reload())) {
            m.problem = error;
            return m;
        }
    }
    if (!(my->master == original.master) || !(my->logCollection == original.logCollection))
        m.conflicts << QCoreApplication::translate("hsu::desktop::editor::ConfigMerge", "top-level settings (kept as on disk)");
    m.ok = true;
    m.text = out;
    return m;
}

} // namespace hsu::desktop::editor
