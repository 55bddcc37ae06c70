"""Bidirectional controls in text that people type: neutralised on the way in, isolated on the way out.

Clients write Arabic, Persian and Tigrinya; staff paste addresses and names. Unicode's explicit
direction controls let such text look different from what it says: a right-to-left override (RLO)
before "gnp.exe" makes it read as an .exe file name, or reverses the digits of an amount, and an override
or embedding that is never closed runs on into the text around it (the bot's sentence, the next cell).
See https://www.unicode.org/reports/tr9/ and CVE-2021-42574 ("Trojan Source").

- `neutralise` is applied where user text is stored (casestore/models.py), in the web forms and
  imports (web/forms.py) and in the CSV export: embeddings and overrides are removed, isolates are
  kept only as matched pairs within a line, and the plain marks (LRM, RLM, ALM) stay, because a
  Persian or Arabic writer uses them to put a full stop or a number where it belongs.
- `isolate` is applied where user text is shown inside a bot message: every line is wrapped in
  FSI…PDI, so its direction is taken from its own first letter and nothing inside can reorder the
  words around it. The web app does the same with `<bdi>` and `dir="auto"` in its templates.
"""

from __future__ import annotations

import re

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"

EMBEDDINGS_AND_OVERRIDES = frozenset({LRE, RLE, PDF, LRO, RLO})
ISOLATE_OPENERS = frozenset({LRI, RLI, FSI})
# Every explicit control (UAX #9 classes LRE RLE PDF LRO RLO LRI RLI FSI PDI); marks are not controls.
EXPLICIT_CONTROLS = EMBEDDINGS_AND_OVERRIDES | ISOLATE_OPENERS | {PDI}
# Bidi class B: each ends a paragraph, and with it every embedding and isolate still open (rule X8).
PARAGRAPH_SEPARATORS = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")
_LINES = re.compile("(\r\n|[\n\r\x1c\x1d\x1e\x85\u2029])")


def neutralise(text: str) -> str:
    """The text without embeddings or overrides and with only matched isolate pairs; marks are kept."""
    if not any(char in EXPLICIT_CONTROLS for char in text):
        return text
    kept: list[str] = []
    open_at: list[int] = []  # positions in `kept` of isolate openers not yet closed
    dropped: set[int] = set()
    for char in text:
        if char in EMBEDDINGS_AND_OVERRIDES:
            continue
        if char in ISOLATE_OPENERS:
            open_at.append(len(kept))
        elif char == PDI:
            if not open_at:
                continue  # closes nothing the writer opened: it could close ours (see `isolate`)
            open_at.pop()
        elif char in PARAGRAPH_SEPARATORS:
            dropped.update(open_at)
            open_at.clear()
        kept.append(char)
    dropped.update(open_at)
    return "".join(char for i, char in enumerate(kept) if i not in dropped)


def isolate(text: str) -> str:
    """User text for display inside a sentence: neutralised, each line wrapped in FSI…PDI.

    Per line, because a line break ends every isolate (rule X8): one FSI around two lines would leave
    the second one free to mix with what follows.
    """
    parts = _LINES.split(neutralise(text))
    return "".join(
        part if i % 2 or not part else FSI + part + PDI  # odd parts are the separators themselves
        for i, part in enumerate(parts)
    )
