#include "IpcLog.h"

// Per-session chatter is debug, off unless QT_LOGGING_RULES="hsu.ipc.debug=true".
Q_LOGGING_CATEGORY(lcIpc, "hsu.ipc", QtInfoMsg)
