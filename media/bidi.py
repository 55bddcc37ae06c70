"""Bidirectional text for the cards: embedding levels and visual order of runs (Unicode UAX #9, simplified).

Pillow with libraqm shapes and orders text within one font, but no single Noto font has Arabic *and* the
Latin letters and brackets of the Dutch key words an Arabic line contains ("مقابلة التعارف (brede intake)").
So a line is split into runs per font, and the runs are put in visual order here. This follows UAX #9
(https://www.unicode.org/reports/tr9/) rules W1-W7, N1-N2, I1-I2 and L1-L2 for one paragraph with a given
base direction; it leaves out explicit embeddings and isolates, which our texts never contain (the marks
are treated as the strong or neutral characters they stand for).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_STRONG_R = {"R", "AL"}
_NEUTRAL = {"B", "S", "WS", "ON"}
_EXPLICIT = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def bidi_class(char: str) -> str:
    cls = unicodedata.bidirectional(char) or "L"
    if cls in _EXPLICIT:
        return "BN"
    return cls


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character of one line, base level 1 if `rtl` else 0."""
    base = 1 if rtl else 0
    sos = "R" if rtl else "L"
    types = [bidi_class(c) for c in text]
    n = len(types)
    # X9 (kept in place): boundary neutrals, e.g. ZWNJ in Persian, behave like the character before them.
    for i, t in enumerate(types):
        if t == "BN":
            types[i] = types[i - 1] if i > 0 else "ON"
    # W1: non-spacing marks take the type of what they follow.
    for i, t in enumerate(types):
        if t == "NSM":
            types[i] = types[i - 1] if i > 0 else sos
    # W2: European numbers after Arabic letters are Arabic numbers. W3: AL is R.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R", "AL"):
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        if types[i] == "ES" and types[i - 1] == "EN" and types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
    # W5: terminators (%, €) next to European numbers are part of them.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                for k in range(i, j):
                    types[k] = "EN"
            i = j
        else:
            i += 1
    # W6: other separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: European numbers in Latin context are Latin.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    # N1/N2: neutrals between two runs of the same direction take it; others take the base direction.
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = sos if i == 0 else _as_strong(types[i - 1])
            after = sos if j == n else _as_strong(types[j])
            resolved = before if before == after else ("R" if rtl else "L")
            for k in range(i, j):
                types[k] = resolved
            i = j
        else:
            i += 1
    # I1/I2: levels.
    levels = []
    for t in types:
        if base == 0:
            levels.append(1 if t == "R" else 2 if t in ("AN", "EN") else 0)
        else:
            levels.append(2 if t in ("L", "EN", "AN") else 1)
    # L1: trailing whitespace goes back to the paragraph level.
    k = n - 1
    while k >= 0 and unicodedata.bidirectional(text[k]) in ("WS", "S", "B", "BN"):
        levels[k] = base
        k -= 1
    return levels


def _as_strong(t: str) -> str:
    return "R" if t in ("R", "AN", "EN") else "L"


def visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2 on units with these levels: the order in which to place them from left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
