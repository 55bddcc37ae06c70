"""Reading bidi controls in test output: what lies outside every isolate, and whether isolates pair up."""

from __future__ import annotations

from locales.bidi import EMBEDDINGS_AND_OVERRIDES, ISOLATE_OPENERS, PARAGRAPH_SEPARATORS, PDI


def outside_isolates(text: str) -> str:
    """The characters at isolate depth 0, as UAX #9 pairs them (a line break closes everything)."""
    depth = 0
    kept: list[str] = []
    for char in text:
        if char in ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif char in PARAGRAPH_SEPARATORS:
            depth = 0
            kept.append(char)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def isolates_balanced(text: str) -> bool:
    """Every PDI closes an opener on its own line, and every opener is closed on that line."""
    depth = 0
    for char in text:
        if char in ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            if depth == 0:
                return False
            depth -= 1
        elif char in PARAGRAPH_SEPARATORS:
            if depth:
                return False
    return depth == 0


def has_embedding_or_override(text: str) -> bool:
    return any(char in EMBEDDINGS_AND_OVERRIDES for char in text)
