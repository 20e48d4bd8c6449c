#pragma once

// Tells when the config file changes, however an editor saves it. On Linux one inotify watch on
// its folder sees every way (written in place, truncated and written, replaced by a rename, deleted
// and created anew) without re-arming anything; a rename onto the file's name brings a whole file
// at once ("complete": it can be read now), everything else may be half written and has to settle
// first. Elsewhere QFileSystemWatcher on the file and its folder, every change "not complete".

#include <QMap>
#include <QObject>
#include <QString>

class QFileSystemWatcher;
class QSocketNotifier;

namespace hsu::agent {

class ConfigFileWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigFileWatch)
public:
    explicit ConfigFileWatch(QString path, QObject *parent = nullptr);
    ~ConfigFileWatch() override;

    // False (and a warning in the log) when the folder cannot be watched.
    bool start();

Q_SIGNALS:
    // At most once per batch of the kernel's events.
    void changed(bool complete);

private:
    void readEvents();

    QString m_path;
    QByteArray m_name; // the file's name in its folder, as the kernel reports it
    QMap<int, QByteArrayList> m_names; // inotify watch -> the names that matter in that folder
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QFileSystemWatcher *m_fallback = nullptr;
};

} // namespace hsu::agent
