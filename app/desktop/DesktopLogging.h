#pragma once

#include <QLoggingCategory>

namespace hsu::desktop {
Q_DECLARE_LOGGING_CATEGORY(lcDesktop)
} // namespace hsu::desktop
