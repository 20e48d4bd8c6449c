#include "LineSplitter.h"

#include <QtGlobal>

namespace hsu::agent::logs {

// Four bytes at least: a piece must always be able to hold one whole UTF-8 character.
LineSplitter::LineSplitter(qsizetype maxLine)
    : m_maxLine(qMax<qsizetype>(maxLine, 4))
{
}

} // namespace hsu::agent::logs
