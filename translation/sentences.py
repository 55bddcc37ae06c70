"""Offline sentence splitting for the translation models, by rule.

Why not argostranslate's own splitters: its default, MiniSBD, downloads an ONNX model at run time
unless the Argos package happens to carry one; Stanza's pipeline fetches `resources.json` from the
internet when it is built; spaCy needs a model that is not on PyPI. None of these may happen here
(no network at run time), and which one runs would depend on how each package was built.

The texts we translate are chat messages and broadcasts of a few sentences, already split into
paragraphs by argostranslate. A rule that ends a sentence at terminal punctuation of the scripts our
languages use (Latin, Arabic, Ge'ez, Cyrillic) is predictable, the same in tests and production, and
a wrong split costs little: the model translates two shorter pieces instead of one sentence.
"""

from __future__ import annotations

import re

# . ! ? … (Latin, Cyrillic), ؟ (Arabic question mark), ۔ (Arabic full stop), ። ፧ ፨ (Ge'ez).
_TERMINALS = ".!?…؟۔።፧፨"
# A sentence ends after terminal punctuation (plus closing quotes/brackets) followed by whitespace,
# unless a lowercase Latin letter follows: "bijv. de", "o.a. het" are abbreviations, not ends.
_BOUNDARY = re.compile(rf"(?<=[{_TERMINALS}])([\"'”’»)\]]*)\s+(?![a-zà-ÿ])")
# Ethiopic full stop and Arabic question mark are often written without a following space.
_TIGHT_BOUNDARY = re.compile(r"(?<=[።፧؟])(?=\S)")
# Longer pieces are cut at a space so that no model input grows past what models are trained on.
MAX_SENTENCE_CHARS = 400


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences, in order; a blank paragraph has none (no model call)."""
    pieces: list[str] = []
    for part in _TIGHT_BOUNDARY.split(text):
        start = 0
        for match in _BOUNDARY.finditer(part):
            end = match.start() + len(match.group(1))
            pieces.append(part[start:end])
            start = match.end()
        pieces.append(part[start:])
    sentences: list[str] = []
    for piece in (p.strip() for p in pieces):
        sentences.extend(_cut_long(piece))
    return [s for s in sentences if s]


def _cut_long(sentence: str) -> list[str]:
    out: list[str] = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
        if cut <= 0:
            cut = MAX_SENTENCE_CHARS
        out.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    out.append(sentence)
    return out


class RuleSentenceSplitter:
    """argostranslate's sentence-boundary interface (`split_sentences`) backed by the rule above."""

    def split_sentences(self, text: str) -> list[str]:
        return split_sentences(text)
