#include "shared/config/ConfigText.h"

#include "shared/config/EnvExpansion.h"
#include "shared/config/YamlLoader.h"
#include "shared/config/YamlWriter.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <functional>
#include <QJsonValue>
#include <QRegularExpression>

namespace hsu::config {

namespace {

// A YAML double-quoted scalar (JSON's string syntax is one).
QByteArray quoted(const QString &s)
{
    QByteArray json = QJsonDocument::fromVariant(QVariantList{s}).toJson(QJsonDocument::Compact);
    return json.mid(1, json.size() - 2); // ["..."] -> "..."
}

// What the user typed, as the program will get it: the loader expands ${VAR} in every value, so
// each "$" is doubled ("$$" loads as "$"). Without it, hsuctl add x -- prog '${HOME}' ran prog
// with the agent's home folder, and '${UNSET}' made the add fail.
QByteArray literal(const QString &s)
{
    return quoted(escapeForExpansion(s));
}

QByteArray flowList(const QStringList &items)
{
    QByteArrayList q;
    for (const QString &i : items)
        q << literal(i);
    return "[" + q.join(", ") + "]";
}

QList<QByteArray> splitLines(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // the final newline
    return lines;
}

QByteArray joinLines(const QList<QByteArray> &lines)
{
    QByteArray out = lines.join('\n');
    out += '\n';
    return out;
}

int indentOf(const QByteArray &line)
{
    int i = 0;
    while (i < line.size() && line.at(i) == ' ')
        ++i;
    return i;
}

bool isBlankOrComment(const QByteArray &line)
{
    const QByteArray t = line.trimmed();
    return t.isEmpty() || t.startsWith('#');
}

// The line of the top-level `workers:` key, or -1.
int workersKeyLine(const QList<QByteArray> &lines)
{
    static const QRegularExpression key(QStringLiteral("^workers\\s*:"));
    for (int i = 0; i < lines.size(); ++i)
        if (key.match(QString::fromUtf8(lines.at(i))).hasMatch())
            return i;
    return -1;
}

// The first line after the workers section (a top-level key), or the line count.
int sectionEnd(const QList<QByteArray> &lines, int keyLine)
{
    for (int i = keyLine + 1; i < lines.size(); ++i) {
        const QByteArray &l = lines.at(i);
        if (!isBlankOrComment(l) && indentOf(l) == 0 && !l.startsWith('-'))
            return i;
    }
    return int(lines.size());
}

// The line holding the sequence dash of the item whose `id` key is on `idLine` at `idColumn` (0-based).
int itemStart(const QList<QByteArray> &lines, int idLine, int idColumn)
{
    for (int i = idLine; i >= 0; --i) {
        const QByteArray &l = lines.at(i);
        const int ind = indentOf(l);
        if (ind < l.size() && l.at(ind) == '-' && ind < idColumn)
            return i;
    }
    return -1;
}

// The sequence item whose `id` is written at `loc`: from its dash to its last line (blank lines
// and comments after it, at its level or above, belong to what follows).
std::optional<ItemLines> itemAt(const QList<QByteArray> &lines, SourceLocation loc)
{
    if (loc.line < 1 || loc.line > lines.size())
        return std::nullopt;
    const int start = itemStart(lines, loc.line - 1, loc.column - 1);
    if (start < 0)
        return std::nullopt;
    const int dash = indentOf(lines.at(start));
    int end = start + 1;
    while (end < lines.size() && (isBlankOrComment(lines.at(end)) || indentOf(lines.at(end)) > dash))
        ++end;
    while (end - 1 > start && isBlankOrComment(lines.at(end - 1)) && indentOf(lines.at(end - 1)) <= dash)
        --end;
    return ItemLines{start, end - start, dash};
}

std::optional<Config> load(const QByteArray &text, const QString &fileName, QString *error)
{
    const LoadResult r = YamlLoader::loadData(text, fileName);
    if (!r.ok()) {
        QStringList errors;
        for (const Diagnostic &d : r.diagnostics)
            if (d.severity == Diagnostic::Severity::Error)
                errors << d.toString();
        *error = QStringLiteral("the config has errors:\n%1").arg(errors.join(u'\n'));
        return std::nullopt;
    }
    return *r.config;
}

} // namespace

QByteArray workerBlock(const NewWorker &w, int indent)
{
    const QByteArray pad(indent, ' ');
    QByteArray b;
    b += pad + "- id: " + quoted(w.id) + "\n";
    b += pad + "  type: managed\n";
    b += pad + "  unit:\n";
    b += pad + "    managed:\n";
    if (!w.name.isEmpty())
        b += pad + "      metadata: { name: " + literal(w.name) + " }\n";
    b += pad + "      control:\n";
    b += pad + "        execution:\n";
    b += pad + "          executable_path: " + literal(w.program) + "\n";
    if (!w.args.isEmpty())
        b += pad + "          args: " + flowList(w.args) + "\n";
    if (!w.environment.isEmpty())
        b += pad + "          environment: " + flowList(w.environment) + "\n";
    if (!w.workingDirectory.isEmpty())
        b += pad + "          working_directory: " + literal(w.workingDirectory) + "\n";
    if (!w.restartPolicy.isEmpty())
        b += pad + "        restart_policy: " + w.restartPolicy.toUtf8() + "\n";
    return b;
}

namespace {

// Inserts the item `block(indent)` into the workers of `text` (loaded as `config`).
QByteArray insertWorkerBlock(const QByteArray &text, const Config &config, const std::function<QByteArray(int)> &block,
                             const QString &fileName, const QString &after, QString *error)
{
    QList<QByteArray> lines = splitLines(text);
    const int key = workersKeyLine(lines);
    if (key < 0 && !config.workers.empty()) {
        *error = QStringLiteral("the workers of %1 are not under a top-level \"workers:\" key; add it there by hand").arg(fileName);
        return {};
    }
    if (key < 0) { // no workers yet: a section of its own at the end
        QByteArray out = text;
        if (!out.isEmpty() && !out.endsWith('\n'))
            out += '\n';
        return out + "workers:\n" + block(2);
    }
    if (config.workers.empty()) { // `workers: []` or an empty key: a block list instead
        lines[key] = "workers:";
        const int end = sectionEnd(lines, key);
        for (int i = end - 1; i > key; --i)
            if (lines.at(i).trimmed() == "[]")
                lines.removeAt(i);
        lines.insert(key + 1, block(2).chopped(1));
        return joinLines(lines);
    }
    // In the indentation of the workers already there, after `after` or the last one.
    const SourceLocation first = config.workerLocations.value(config.workers.front().id);
    const int firstStart = itemStart(lines, first.line - 1, first.column - 1);
    const int indent = firstStart >= 0 ? indentOf(lines.at(firstStart)) : 2;
    int at = -1;
    if (!after.isEmpty())
        if (const std::optional<ItemLines> item = workerItemLines(text, config, after))
            at = item->first + item->count;
    if (at < 0) {
        at = sectionEnd(lines, key);
        // Blank lines and comments at the end of the section belong to what follows it.
        while (at - 1 > key && isBlankOrComment(lines.at(at - 1)) && indentOf(lines.at(at - 1)) <= indent)
            --at;
    }
    lines.insert(at, block(indent).chopped(1));
    return joinLines(lines);
}

} // namespace

QByteArray addWorkerText(const QByteArray &text, const NewWorker &worker, const QString &fileName, QString *error)
{
    const std::optional<Config> config = load(text, fileName, error);
    if (!config)
        return {};
    if (config->worker(worker.id)) {
        *error = QStringLiteral("a worker \"%1\" is already in %2").arg(worker.id, fileName);
        return {};
    }
    return insertWorkerBlock(text, *config, [&worker](int indent) { return workerBlock(worker, indent); }, fileName, {}, error);
}

QByteArray addWorkerSpecText(const QByteArray &text, const WorkerSpec &worker, const QString &fileName, QString *error,
                             const QString &after)
{
    const std::optional<Config> config = load(text, fileName, error);
    if (!config)
        return {};
    if (config->worker(worker.id)) {
        *error = QStringLiteral("a worker \"%1\" is already in %2").arg(worker.id, fileName);
        return {};
    }
    return insertWorkerBlock(text, *config, [&worker](int indent) { return YamlWriter::workerItem(worker, indent); },
                             fileName, after, error);
}

QStringList splitShellWords(const QString &line, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum { Plain, Single, Double } mode = Plain;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        switch (mode) {
        case Plain:
            if (c == u' ' || c == u'\t' || c == u'\n') {
                if (inWord)
                    words << std::exchange(word, QString());
                inWord = false;
            } else if (c == u'\'') {
                mode = Single;
                inWord = true;
            } else if (c == u'"') {
                mode = Double;
                inWord = true;
            } else if (c == u'\\' && i + 1 < line.size()) {
                word += line.at(++i);
                inWord = true;
            } else {
                word += c;
                inWord = true;
            }
            break;
        case Single:
            if (c == u'\'')
                mode = Plain;
            else
                word += c;
            break;
        case Double:
            if (c == u'"')
                mode = Plain;
            else if (c == u'\\' && i + 1 < line.size() && QStringView(u"\"\\$`").contains(line.at(i + 1)))
                word += line.at(++i);
            else
                word += c;
            break;
        }
    }
    if (mode != Plain && error)
        *error = QStringLiteral("a quote is not closed");
    if (inWord)
        words << word;
    return words;
}

QString joinShellWords(const QStringList &words)
{
    // Anchored with \A…\z: "$" would also match before a final newline, so "e\n" went out unquoted
    // and came back as "e" (found by tests/fuzz/fuzz_config_values).
    static const QRegularExpression plain(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_@%+=:,./-]+")));
    QStringList out;
    for (const QString &w : words) {
        if (plain.match(w).hasMatch())
            out << w;
        else // single quotes keep everything; a quote inside is closed, escaped and reopened
            out << u'\'' + QString(w).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
    }
    return out.join(u' ');
}

CommandLine parseCommandLine(const QString &line, QString *error)
{
    const QStringList words = splitShellWords(line, error);
    if (words.isEmpty()) {
        *error = QStringLiteral("no program given");
        return {};
    }
    CommandLine c{absoluteProgram(words.first()), words.mid(1)};
    if (c.program.isEmpty())
        *error = QStringLiteral("\"%1\" is not in PATH").arg(words.first());
    return c;
}

QString absoluteProgram(const QString &program)
{
    if (program.isEmpty())
        return {};
    return program.contains(u'/') ? QFileInfo(program).absoluteFilePath() : QStandardPaths::findExecutable(program);
}

std::optional<ItemLines> workerItemLines(const QByteArray &text, const Config &loaded, const QString &id)
{
    if (!loaded.workerLocations.contains(id))
        return std::nullopt;
    return itemAt(splitLines(text), loaded.workerLocations.value(id));
}

QList<ItemLines> allWorkerItemLines(const QByteArray &text, const Config &loaded)
{
    const QList<QByteArray> lines = splitLines(text);
    QList<ItemLines> items;
    items.reserve(qsizetype(loaded.workers.size()));
    for (const WorkerSpec &w : loaded.workers) {
        const std::optional<ItemLines> item = itemAt(lines, loaded.workerLocations.value(w.id));
        if (!item)
            return {};
        items << *item;
    }
    return items;
}

QByteArray removeWorkerText(const QByteArray &text, const QString &id, const QString &fileName, QString *error)
{
    const std::optional<Config> config = load(text, fileName, error);
    if (!config)
        return {};
    if (!config->worker(id) || !config->workerLocations.contains(id)) {
        *error = QStringLiteral("no worker \"%1\" in %2").arg(id, fileName);
        return {};
    }
    const std::optional<ItemLines> item = workerItemLines(text, *config, id);
    if (!item) {
        *error = QStringLiteral("worker \"%1\" is not written as a list item in %2; edit the file").arg(id, fileName);
        return {};
    }
    QList<QByteArray> lines = splitLines(text);
    lines.remove(item->first, item->count);
    if (config->workers.size() == 1) { // the last one: an empty list, which loads
        const int key = workersKeyLine(lines);
        if (key >= 0)
            lines[key] = "workers: []";
    }
    return joinLines(lines);
}

} // namespace hsu::config
