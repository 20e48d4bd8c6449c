#include "IpcLog.h"

Q_LOGGING_CATEGORY(lcIpc, "hsu.ipc")
