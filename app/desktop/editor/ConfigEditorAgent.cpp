// The editor and the agent: reading the config, saving it (after a look at the file on disk), and
// following a file changed under it (taken over when nothing is unsaved, else offered as a merge).
#include "ConfigEditor.h"

#include "ConfigMerge.h"
#include "shared/client/AgentClient.h"
#include "shared/protocol/Protocol.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QPointer>

Q_DECLARE_LOGGING_CATEGORY(lcEditor)

namespace hsu::desktop::editor {

namespace p = hsu::protocol;

namespace {
// "1 added, 1 restarted, 2 unchanged" from config.save's reply (ConfigDiff::toJson).
QString saveSummary(const QJsonObject &r)
{
    QStringList parts;
    const auto count = [&r](const char *key) { return int(r.value(QLatin1String(key)).toArray().size()); };
    if (const int n = count("added"))
        parts << ConfigEditor::tr("%n added", nullptr, n);
    if (const int n = count("removed"))
        parts << ConfigEditor::tr("%n removed", nullptr, n);
    if (const int n = count("restarted"))
        parts << ConfigEditor::tr("%n restarted", nullptr, n);
    if (const int n = count("live"))
        parts << ConfigEditor::tr("%n changed without a restart", nullptr, n);
    parts << ConfigEditor::tr("%n unchanged", nullptr, r.value(QLatin1String("unchanged")).toInt());
    return parts.join(QStringLiteral(", "));
}
} // namespace

void ConfigEditor::loadFromAgent()
{
    if (!m_agent)
        return;
    m_agent->request(QString(p::method::ConfigGet), {}, [this, self = QPointer<ConfigEditor>(this)](const client::Reply &r) {
        if (!self)
            return;
        if (!r.ok()) {
            showBanner(tr("Cannot read the agent's config: %1").arg(r.errorMessage), false);
            return;
        }
        const QJsonObject o = r.result.toObject();
        setBaseText(o.value(QLatin1String("path")).toString(), o.value(QLatin1String("text")).toString().toUtf8());
    });
}

void ConfigEditor::checkDiskThenSave()
{
    if (!m_agent || !m_valid || m_saving)
        return;
    m_saving = true;
    m_save->setEnabled(false);
    // A change made to the file meanwhile (another editor, hsuctl add) is not overwritten unseen.
    m_agent->request(QString(p::method::ConfigGet), {}, [this, self = QPointer<ConfigEditor>(this)](const client::Reply &r) {
        if (!self)
            return;
        m_saving = false;
        const QByteArray disk = r.result.toObject().value(QLatin1String("text")).toString().toUtf8();
        if (r.ok() && disk != m_baseText && disk != text()) {
            m_theirs = disk;
            showBanner(tr("The file was changed on disk since you opened it. Merge keeps those changes and "
                          "applies yours worker by worker; Reload drops yours."), true);
            m_save->setEnabled(m_valid);
            return;
        }
        save();
    });
}

void ConfigEditor::save()
{
    if (!m_agent || m_saving)
        return;
    m_saving = true;
    m_save->setEnabled(false);
    const QByteArray sent = text();
    m_state->setText(tr("Saving…"));
    m_agent->request(QString(p::method::ConfigSave), QJsonObject{{QStringLiteral("text"), QString::fromUtf8(sent)}},
                                    [this, self = QPointer<ConfigEditor>(this), sent](const client::Reply &r) {
                                        if (!self)
                                            return;
                                        onSaveReply(r.result, r.errorCode, r.errorMessage, sent);
                                    });
}

void ConfigEditor::onSaveReply(const QJsonValue &result, const QString &errorCode, const QString &errorMessage, const QByteArray &sent)
{
    m_saving = false;
    if (!errorCode.isEmpty()) {
        // The text stays as it is: nothing the user typed is lost.
        qCInfo(lcEditor).noquote() << "save refused:" << errorMessage;
        showBanner(tr("Not saved — the agent refused it:\n%1").arg(errorMessage), false);
        m_state->setText(tr("Not saved"));
        m_save->setEnabled(m_valid);
        return;
    }
    hideBanner();
    setBaseConfig(sent);
    const QString summary = tr("Saved: %1").arg(saveSummary(result.toObject()));
    m_state->setText(summary);
    textChanged(); // checked again against the new base: the list's "changed" marks go
    m_save->setEnabled(m_valid && hasUnsavedChanges());
    Q_EMIT saved(summary);
}

void ConfigEditor::onAgentReloaded()
{
    if (m_saving || !m_agent || m_path.isEmpty())
        return;
    m_agent->request(QString(p::method::ConfigGet), {}, [this, self = QPointer<ConfigEditor>(this)](const client::Reply &r) {
        if (!self)
            return;
        if (!r.ok() || m_saving)
            return;
        const QByteArray disk = r.result.toObject().value(QLatin1String("text")).toString().toUtf8();
        if (disk == m_baseText || disk == text())
            return;
        if (!hasUnsavedChanges()) {
            setBaseText(m_path, disk); // nothing of the user's to lose: follow the file
            return;
        }
        m_theirs = disk;
        showBanner(tr("The file was changed on disk while you were editing it."), true);
    });
}

void ConfigEditor::mergeWithDisk(const QByteArray &theirs)
{
    const MergeResult merged = mergeConfigTexts(m_baseText, text(), theirs, m_path);
    if (!merged.ok) {
        showBanner(tr("Cannot merge: %1").arg(merged.problem), true);
        return;
    }
    setBaseConfig(theirs);
    replaceText(merged.text);
    if (merged.conflicts.isEmpty())
        showBanner(tr("Merged with the file on disk. Review, then save."), false);
    else
        showBanner(tr("Merged; changed on both sides (yours kept): %1. Review, then save.")
                       .arg(merged.conflicts.join(QStringLiteral(", "))), false);
}

} // namespace hsu::desktop::editor
