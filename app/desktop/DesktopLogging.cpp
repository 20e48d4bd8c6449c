#include "DesktopLogging.h"

namespace hsu::desktop {
Q_LOGGING_CATEGORY(lcDesktop, "hsu.desktop", QtInfoMsg)
} // namespace hsu::desktop
