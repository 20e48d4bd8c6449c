#pragma once

// hsuctl's command line, parsed without side effects so tests can check every spelling.

#include <QString>
#include <QStringList>

namespace hsu::ctl {

enum ExitCode {
    ExitOk = 0,
    ExitFailed = 1,      // the request was refused or failed (message on stderr)
    ExitUsage = 2,       // the command line is wrong
    ExitUnreachable = 3, // no agent answers on the socket
};

enum class Command { None, Help, Version, Status, Start, Stop, Restart, Pause, Resume, Shutdown, Validate, Autostart, Logs, Top, Doctor, Reload, Diff, Add, Remove, Health, Signal, Metrics, Export };

enum class AutostartAction { Status, On, Off };

struct Arguments
{
    Command command = Command::None;
    QString socket;   // --socket (empty: $HSU_SOCKET, else the default)
    bool json = false;
    bool all = false; // start/stop/restart --all
    QStringList ids;  // status [ID], start/stop/restart ID...
    QString signal;   // signal ID SIGNAL
    QString file;     // validate FILE, diff FILE (absolute)
    AutostartAction autostart = AutostartAction::Status; // autostart on|off|status
    // logs [ID] [-f] [-n N] [--stream stdout|stderr]
    bool follow = false;
    int lines = 10;
    QString stream; // empty: both
    // top [--once] [-n COUNT] [--interval SECONDS]
    bool once = false;
    int count = 0;         // refreshes before exiting; 0 = until Ctrl-C
    double interval = 2.0; // seconds between refreshes
    // add ID [--name N] [--restart POLICY] [--env K=V]... [--cwd DIR] -- PROGRAM [ARGS...]
    QString name;
    QString restart;
    QStringList env;
    QString cwd;
    QStringList program; // the program, then its args
    // export --to TARGET [--out DIR] [--image IMAGE] [--mhz-per-core N] [FILE]
    QString exportTarget; // nomad | kubernetes | systemd (checked here)
    QString outDir;       // empty: everything on stdout
    QString image;
    int mhzPerCore = 1000;
};

struct ParseResult
{
    Arguments args;
    QString error; // usage error; args.command is None then

    bool ok() const { return error.isEmpty(); }
};

// `argv` includes the program name first, as QCoreApplication::arguments() gives it.
ParseResult parseArguments(const QStringList &argv);

QString usageText();
QString versionText();

} // namespace hsu::ctl
