"""Which lines of a Markdown text are fenced code (```` ``` ```` or ``~~~`` blocks).

Sections are split, code is blanked for extraction and attendance is read outside code:
all three need the same answer, so it is worked out here once.
"""
from __future__ import annotations

import re
from typing import Sequence

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: A line's place: opens or closes a block, lies inside one, or is outside code.
MARKER, CODE, OUTSIDE = "marker", "code", ""


def fence_states(lines: Sequence[str]) -> list[str]:
    """For each line: MARKER (a fence that opens or closes a block), CODE (inside) or OUTSIDE.

    A block closes at a fence of its own character; a fence of the other kind inside it is code.
    """
    states = []
    fence = ""
    for line in lines:
        marker = FENCE.match(line)
        if not fence:
            if marker:
                fence = marker.group(1)[0]
            states.append(MARKER if marker else OUTSIDE)
        elif marker and marker.group(1)[0] == fence:
            fence = ""
            states.append(MARKER)
        else:
            states.append(CODE)
    return states
