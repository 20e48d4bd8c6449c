#include "ConfigFileWatch.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QSocketNotifier>

#ifdef Q_OS_LINUX
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcReload)

namespace hsu::agent {

ConfigFileWatch::ConfigFileWatch(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_name(QFile::encodeName(QFileInfo(m_path).fileName()))
{
}

ConfigFileWatch::~ConfigFileWatch()
{
#ifdef Q_OS_LINUX
    delete m_notifier;
    if (m_fd >= 0)
        ::close(m_fd);
#endif
}

bool ConfigFileWatch::start()
{
    const QString folder = QFileInfo(m_path).absolutePath();
#ifdef Q_OS_LINUX
    m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    const uint32_t mask = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;
    const auto watch = [&](const QString &dir, const QByteArray &name) {
        const int wd = m_fd < 0 ? -1 : ::inotify_add_watch(m_fd, QFile::encodeName(dir).constData(), mask);
        if (wd < 0) {
            qCWarning(lcReload).noquote() << "cannot watch" << dir << ":" << ::strerror(errno)
                                          << "(reload with SIGHUP or hsuctl reload)";
            return false;
        }
        m_names[wd].append(name); // the same folder twice is the same watch
        return true;
    };
    if (!watch(folder, m_name))
        return false;
    // A config that is a symbolic link (a dotfiles checkout, say) is edited where it points: that
    // folder too, under the target's name (an edit of the link itself shows in the first one).
    const QFileInfo info(m_path);
    if (info.isSymLink() && !info.canonicalFilePath().isEmpty()) {
        const QFileInfo target(info.canonicalFilePath());
        watch(target.absolutePath(), QFile::encodeName(target.fileName()));
    }
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ConfigFileWatch::readEvents);
    return true;
#else
    m_fallback = new QFileSystemWatcher(this);
    const auto onChange = [this] {
        if (!m_fallback->files().contains(m_path) && QFile::exists(m_path))
            m_fallback->addPath(m_path); // replaced by a rename: watch the new file
        Q_EMIT changed(false);
    };
    connect(m_fallback, &QFileSystemWatcher::fileChanged, this, onChange);
    connect(m_fallback, &QFileSystemWatcher::directoryChanged, this, onChange);
    // The folder too: a save by rename replaces the file, which a watch on the file alone loses.
    return m_fallback->addPath(folder) && m_fallback->addPath(m_path);
#endif
}

void ConfigFileWatch::readEvents()
{
#ifdef Q_OS_LINUX
    alignas(struct inotify_event) char buffer[8192];
    bool ours = false;
    bool complete = false;
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const struct inotify_event *>(buffer + at);
            at += ssize_t(sizeof(struct inotify_event) + event->len);
            const auto names = m_names.constFind(event->wd);
            if (event->len == 0 || names == m_names.constEnd() || !names->contains(QByteArray(event->name)))
                continue; // another file in the folder
            ours = true;
            if (event->mask & IN_MOVED_TO)
                complete = true;
        }
    }
    if (ours)
        Q_EMIT changed(complete);
#endif
}

} // namespace hsu::agent
