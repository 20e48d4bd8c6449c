#pragma once

// The icons of the worker actions (Start, Stop, Restart, Pause, Resume) in the toolbar and menus.
//
// One family, never mixed: the desktop's icon theme when it has all five (Breeze, Adwaita, ...),
// otherwise all five drawn here as flat glyphs in the palette's button-text colour (so they
// follow a dark palette). QStyle's standard icons are not used: in most styles they mix glossy
// bitmaps (the reload arrow) with flat glyphs. Our hsu-master.svg stays the installed
// application icon; the build has no Qt SVG module to load SVG files at run time.

#include "shared/model/WorkerState.h"

#include <QIcon>
#include <QPalette>

namespace hsu::desktop {

// The freedesktop icon-naming-spec name for `op` ("media-playback-start", ...).
QString actionIconName(model::Operation op);
// True when the current icon theme provides every action's icon.
bool themeHasActionIcons();
QIcon actionIcon(model::Operation op, const QPalette &palette);
// Drawn, whatever the theme has (what actionIcon falls back to).
QIcon drawnActionIcon(model::Operation op, const QPalette &palette);

// The window's other toolbar actions, in the same family (theme or drawn, as the actions above).
enum class ToolIcon { AddWorker, EditConfig, Settings };
QString toolIconName(ToolIcon icon);
QIcon toolIcon(ToolIcon icon, const QPalette &palette);

} // namespace hsu::desktop
