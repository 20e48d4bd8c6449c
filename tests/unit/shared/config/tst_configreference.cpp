// docs/config-reference.md against the loader: every key the loader accepts is documented there,
// and nothing else. The loader's keys come from the loader itself (KnownKeys, recorded by MapReader
// while the fixtures load), never from a list kept here.

#include "ConfigTestUtil.h"

#include "shared/config/KnownKeys.h"
#include "shared/config/YamlLoader.h"

#include <QFile>
#include <QMultiMap>
#include <QRegularExpression>
#include <QTest>

using namespace hsu::config;
using namespace hsu::config::test;

namespace {

// The reference's convention. A key table is a table whose header's first cell is "Key"; each
// row's first cell is one `code` path, its second the key's HSU procman spelling (`code`) or
// nothing. In a path:
// - <anything> stands for a key the user chooses (the loader records "*");
// - {a,b} for rows that are the same under two names (workers[].unit.{managed,integrated}.control),
//   nested as needed;
// - a leading NAME for each path an abbreviation table gives it: a table whose header's first cell
//   is "Abbreviation", one `NAME` and one `path` a row (a name on several rows has several paths).
using Abbreviations = QMultiMap<QString, QString>;

QStringList expandBraces(const QString &path)
{
    const qsizetype open = path.indexOf(u'{');
    if (open < 0)
        return {path};
    QStringList alternatives;
    qsizetype depth = 0;
    qsizetype from = open + 1;
    for (qsizetype i = open; i < path.size(); ++i) {
        if (path[i] == u'{') {
            ++depth;
        } else if (path[i] == u'}' && --depth == 0) {
            alternatives << path.mid(from, i - from);
            QStringList out;
            for (const QString &alt : std::as_const(alternatives))
                out += expandBraces(path.left(open) + alt.trimmed() + path.mid(i + 1));
            return out;
        } else if (path[i] == u',' && depth == 1) {
            alternatives << path.mid(from, i - from);
            from = i + 1;
        }
    }
    return {path}; // unbalanced: the comparison shows it as written
}

QStringList expandPath(const QString &path, const Abbreviations &abbreviations, int depth = 0)
{
    QStringList out;
    for (const QString &p : expandBraces(path)) {
        static const QRegularExpression head(QStringLiteral("^[A-Z][A-Z_]*(?=[.\\[]|$)"));
        const QRegularExpressionMatch m = head.match(p);
        if (!m.hasMatch() || !abbreviations.contains(m.captured()) || depth > 8) {
            out << p;
            continue;
        }
        for (const QString &stands : abbreviations.values(m.captured()))
            out += expandPath(stands + p.mid(m.capturedLength()), abbreviations, depth + 1);
    }
    return out;
}

QStringList splitRow(const QString &line)
{
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == u'\\' && i + 1 < line.size() && line[i + 1] == u'|') {
            cell += u'|';
            ++i;
        } else if (line[i] == u'|') {
            cells << cell.trimmed();
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    cells << cell.trimmed();
    // "| a | b |" splits into "", a, b, "": the outer empties are the table's frame.
    if (!cells.isEmpty() && cells.first().isEmpty())
        cells.removeFirst();
    if (!cells.isEmpty() && cells.last().isEmpty())
        cells.removeLast();
    return cells;
}

struct DocKeys
{
    QMap<QString, QString> keys; // path ("*" for placeholders) -> procman spelling
    QStringList problems;        // rows that break the convention, duplicates
};

struct Row
{
    qsizetype line;
    QStringList cells;
};

// The rows of every table whose header's first cell is `header`.
QList<Row> tableRows(const QStringList &lines, const QString &header)
{
    QList<Row> rows;
    bool inTable = false;
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines[n].trimmed();
        if (!line.startsWith(u'|')) {
            inTable = false;
            continue;
        }
        const QStringList cells = splitRow(line);
        if (!inTable) {
            inTable = !cells.isEmpty() && cells.first() == header;
            continue;
        }
        if (!cells.isEmpty() && !cells.first().startsWith(QStringLiteral("---")))
            rows.append(Row{n + 1, cells});
    }
    return rows;
}

DocKeys parseReference(const QString &markdown)
{
    static const QRegularExpression code(QStringLiteral("^`([^`]+)`$"));
    static const QRegularExpression placeholder(QStringLiteral("<[^<>]+>"));
    DocKeys doc;
    const QStringList lines = markdown.split(u'\n');
    Abbreviations abbreviations;
    for (const Row &row : tableRows(lines, QStringLiteral("Abbreviation"))) {
        const QRegularExpressionMatch name = code.match(row.cells.first());
        const QRegularExpressionMatch path = code.match(row.cells.value(1));
        if (name.hasMatch() && path.hasMatch())
            abbreviations.insert(name.captured(1), path.captured(1));
        else
            doc.problems << QStringLiteral("line %1: an abbreviation row is not `NAME` | `path`").arg(row.line);
    }
    for (const Row &row : tableRows(lines, QStringLiteral("Key"))) {
        const QRegularExpressionMatch path = code.match(row.cells.first());
        if (!path.hasMatch()) {
            doc.problems << QStringLiteral("line %1: the first cell is not one `key.path`: %2").arg(row.line).arg(row.cells.first());
            continue;
        }
        QString procman;
        const QString spellingCell = row.cells.value(1);
        if (!spellingCell.isEmpty() && spellingCell != u"\u2014") {
            const QRegularExpressionMatch spelling = code.match(spellingCell);
            if (spelling.hasMatch())
                procman = spelling.captured(1);
            else
                doc.problems << QStringLiteral("line %1: the HSU procman cell is not one `key`: %2").arg(row.line).arg(spellingCell);
        }
        QString written = path.captured(1);
        written.replace(placeholder, QStringLiteral("*"));
        for (const QString &p : expandPath(written, abbreviations)) {
            if (doc.keys.contains(p))
                doc.problems << QStringLiteral("line %1: %2 is listed twice").arg(row.line).arg(p);
            doc.keys.insert(p, procman);
        }
    }
    return doc;
}

// Empty when they agree; otherwise a diff a person can act on.
QString compareKeys(const QMap<QString, QString> &loader, const DocKeys &doc)
{
    QStringList out;
    QStringList missing, extra, spelling;
    for (auto it = loader.cbegin(); it != loader.cend(); ++it) {
        if (!doc.keys.contains(it.key()))
            missing << QStringLiteral("+ %1%2").arg(it.key(), it->isEmpty() ? QString() : QStringLiteral("   (HSU procman: %1)").arg(*it));
        else if (doc.keys.value(it.key()) != *it)
            spelling << QStringLiteral("~ %1: the loader's HSU procman spelling is '%2', the reference says '%3'")
                            .arg(it.key(), *it, doc.keys.value(it.key()));
    }
    for (auto it = doc.keys.cbegin(); it != doc.keys.cend(); ++it)
        if (!loader.contains(it.key()))
            extra << QStringLiteral("- %1").arg(it.key());
    if (!missing.isEmpty())
        out << QStringLiteral("Accepted by the loader but not in docs/config-reference.md (add a row):") << missing;
    if (!extra.isEmpty())
        out << QStringLiteral("In docs/config-reference.md but not accepted by the loader (remove the row):") << extra;
    if (!spelling.isEmpty())
        out << QStringLiteral("HSU procman spellings that differ:") << spelling;
    if (!doc.problems.isEmpty())
        out << QStringLiteral("Rows that break the reference's convention:") << doc.problems;
    return out.join(u'\n');
}

} // namespace

class TestConfigReference final : public QObject
{
    Q_OBJECT

private:
    // Loads the fixtures with recording on: the loader's whole key set. every-key.yaml writes each
    // section that is read only when written (a target's rotation, the legacy restart block, ...),
    // in every place it may stand; the HSU procman file is the other dialect.
    QMap<QString, QString> loaderKeys()
    {
        KnownKeys::clear();
        KnownKeys::setRecording(true);
        QList<Diagnostic> errors;
        for (const char *name : {"every-key.yaml", "full-schema.yaml", "echotest-procman.yaml"})
            errors += YamlLoader::loadFile(dataDir() + QStringLiteral("/valid/") + QLatin1String(name)).errors();
        KnownKeys::setRecording(false);
        // A fixture that stops loading would leave sections unasked: say why rather than diff.
        m_fixtureErrors = describe(errors);
        const QMap<QString, QString> keys = KnownKeys::recorded();
        KnownKeys::clear();
        return keys;
    }

    QString m_fixtureErrors;

private Q_SLOTS:
    void referenceListsExactlyTheLoadersKeys()
    {
        const QMap<QString, QString> loader = loaderKeys();
        QVERIFY2(m_fixtureErrors.isEmpty(), qPrintable(m_fixtureErrors));
        QFile file(QStringLiteral(HSU_SOURCE_DIR "/docs/config-reference.md"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const DocKeys doc = parseReference(QString::fromUtf8(file.readAll()));
        const QString diff = compareKeys(loader, doc);
        // QTest cuts a failure message at about a thousand characters: the diff goes out line by line.
        if (!diff.isEmpty())
            for (const QString &line : diff.split(u'\n'))
                qInfo().noquote() << line;
        QVERIFY2(diff.isEmpty(), "docs/config-reference.md and the loader differ: see the lines above");
    }

    // The hook itself: both dialects' spellings, list items, the user's keys, and the keys beneath
    // a section the file does not write.
    void loaderRecordsPathsSpellingsAndPlaceholders()
    {
        const QMap<QString, QString> keys = loaderKeys();
        QVERIFY2(m_fixtureErrors.isEmpty(), qPrintable(m_fixtureErrors));
        QCOMPARE(keys.value(QStringLiteral("workers")), QStringLiteral("managed_processes"));
        QCOMPARE(keys.value(QStringLiteral("workers[].unit")), QStringLiteral("management"));
        QCOMPARE(keys.value(QStringLiteral("workers[].unit.managed")), QStringLiteral("standard_managed"));
        QCOMPARE(keys.value(QStringLiteral("log_collection.default_worker")), QStringLiteral("default"));
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.managed.control.execution.executable_path")));
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.managed.control.execution.environment.*")));
        QVERIFY(keys.contains(QStringLiteral("workers[].depends_on.*.condition")));
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.managed.health_check.http.headers.*")));
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.integrated.control.log_collection.outputs.separate.stderr[].rotation.max_age")));
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.managed.control.restart.policy")));
        // No integrated worker of the fixtures has limits: asked for all the same.
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.integrated.control.limits.io.max_write_ops")));
        QVERIFY(keys.contains(QStringLiteral("workers[].unit.integrated.control.limits.monitoring.history_retention")));
        QVERIFY(!keys.contains(QStringLiteral("workers[].unit.integrated.health_check")));
        QVERIFY(!keys.contains(QStringLiteral("workers.id"))); // list items always carry []
    }

    void nothingIsRecordedWhenOff()
    {
        KnownKeys::clear();
        QVERIFY(!KnownKeys::recording());
        HSU_VERIFY_LOADS(YamlLoader::loadFile(dataDir() + QStringLiteral("/valid/full-schema.yaml")));
        QVERIFY(KnownKeys::recorded().isEmpty());
    }

    // The comparison says what to add and what to remove, and reads the convention's shorthands.
    void diffNamesWhatIsMissingAndWhatIsExtra()
    {
        const QMap<QString, QString> loader = {
            {QStringLiteral("workers"), QStringLiteral("managed_processes")},
            {QStringLiteral("workers[].unit.managed.control"), QString()},
            {QStringLiteral("workers[].unit.integrated.control"), QString()},
            {QStringLiteral("workers[].depends_on.*"), QString()},
            {QStringLiteral("master.port"), QString()},
        };
        const QString markdown = QStringLiteral(
            "Intro | not a table row\n\n"
            "| Abbreviation | Stands for |\n|---|---|\n"
            "| `UNIT` | `workers[].unit.managed` |\n| `UNIT` | `workers[].unit.integrated` |\n\n"
            "| Key | HSU procman | Type |\n|---|---|---|\n"
            "| `workers` | `managed_process` | list |\n"
            "| `UNIT.control` | | mapping |\n"
            "| `workers[].{depends_on.<id>,{type,enabled}}` | \u2014 | mapping |\n"
            "| `master.log_level` | | string |\n\n"
            "| kind | accepted |\n|---|---|\n| `5s` | a duration |\n");
        const QMap<QString, QString> withTypes = [&] {
            QMap<QString, QString> m = loader;
            m.insert(QStringLiteral("workers[].type"), QString());
            m.insert(QStringLiteral("workers[].enabled"), QString());
            return m;
        }();
        const DocKeys doc = parseReference(markdown);
        QVERIFY2(doc.problems.isEmpty(), qPrintable(doc.problems.join(u'\n')));
        // UNIT gives two rows, the nested braces three; the last table is not a key table.
        QCOMPARE(doc.keys.size(), 7);
        const QString diff = compareKeys(withTypes, doc);
        QVERIFY2(diff.contains(QStringLiteral("+ master.port")), qPrintable(diff));
        QVERIFY2(diff.contains(QStringLiteral("- master.log_level")), qPrintable(diff));
        QVERIFY2(diff.contains(QStringLiteral("~ workers: the loader's HSU procman spelling is 'managed_processes'")),
                 qPrintable(diff));
        QVERIFY2(!diff.contains(QStringLiteral("control")), qPrintable(diff));
        QVERIFY2(!diff.contains(QStringLiteral("depends_on")), qPrintable(diff));

        const DocKeys same = parseReference(QStringLiteral("| Key | HSU procman |\n|---|---|\n"
                                                           "| `workers` | `managed_processes` |\n"
                                                           "| `workers[].unit.{managed,integrated}.control` | |\n"
                                                           "| `workers[].depends_on.<id>` | |\n| `master.port` | |\n"));
        QCOMPARE(compareKeys(loader, same), QString());

        const DocKeys twice = parseReference(QStringLiteral("| Key |\n|---|\n| `master.port` |\n| `master.port` |\n"
                                                            "| master.port |\n"));
        QCOMPARE(twice.problems.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestConfigReference)
#include "tst_configreference.moc"
