#pragma once

// Worker output with ANSI escape sequences (coloured loggers, test runners, `ls --color`): the
// text without them, and where SGR ("ESC [ ... m") set a colour or bold. Every other escape
// sequence (cursor moves, OSC titles and links, charset switches) is dropped, so a log view never
// shows "\x1b[31m". Pure: no widgets, no palette; the view adjusts the colours to its base.
//
// A line is parsed on its own: what one line leaves set does not carry into the next (the agent
// splits output into lines, and a view may show any subset of them).

#include <QColor>
#include <QList>
#include <QMetaType>
#include <QString>

namespace hsu::desktop {

struct AnsiSpan
{
    int start = 0;  // in the stripped text
    int length = 0;
    QColor color;   // invalid: the view's default (stdout or stderr colour)
    bool bold = false;
    bool operator==(const AnsiSpan &) const = default;
};

struct AnsiText
{
    QString text;
    QList<AnsiSpan> spans; // in order, not overlapping; only styled runs
};

// True when `text` holds an escape (ESC or the one-byte CSI): most lines do not, and cost nothing.
bool hasAnsiEscapes(const QString &text);
AnsiText parseAnsi(const QString &text);
// The colour of an xterm 256-colour index (0-15: the 16 standard colours).
QColor ansiColor(int index);

} // namespace hsu::desktop

Q_DECLARE_METATYPE(QList<hsu::desktop::AnsiSpan>)
