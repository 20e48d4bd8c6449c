#pragma once

// The config a user runs when nobody names one: the one rule the agent, hsu-master and hsuctl
// share for "no --config". A first start finds no file there and writes an empty one (no
// workers, a comment pointing at the docs), so a fresh install runs nothing until the user adds
// a program; the demo is a separate, explicit choice (`hsu-master --demo`).

#include <QString>

namespace hsu::config {

// ${XDG_CONFIG_HOME:-$HOME/.config}/hsu-master/config.yaml, read from the environment at each call
// (tests point XDG_CONFIG_HOME at a temporary folder). A relative XDG_CONFIG_HOME is ignored, as
// the XDG spec asks.
QString defaultConfigFile();

// The window's own settings (appearance, language, the tray at login, the first-run mark), an INI
// file beside the default config: one folder holds everything of a user's HSU Master.
QString desktopSettingsFile();

// Where the package installs the user guide and the config reference.
QString installedDocsFolder();

// The text of the config written on a first start: a comment saying what the file is and where
// the docs are, and `workers: []` in the HSU Master dialect.
QByteArray emptyConfigText();

enum class EnsureResult { Existed, Created, Failed };

// Writes emptyConfigText() to `path` (and its folder) when no file is there. Never replaces
// anything: the file is opened exclusively, so even a file that appears meanwhile is kept. An
// existing file is not read here; loading it reports its own errors.
EnsureResult ensureConfigFile(const QString &path, QString *error = nullptr);

} // namespace hsu::config
