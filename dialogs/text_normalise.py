"""Script-aware normalisation of what users type, so that spelling variants meet the same features.

People type on whatever keyboard they have: Arabic with or without harakat, Persian with Arabic
ye/kaf, Turkish without ı/ğ/ş, Ukrainian on a Russian layout or with a Latin "i", Tigrinya with
homophone letters. The matcher compares normalised text only, so every variant here folds to one
form. Folding loses some distinctions (Ukrainian і/и, Turkish ı/i); for finding a topic that is
fine, and language detection (dialogs/language_detect.py) looks at the raw letters instead.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, shadda, sukun, superscript alef, Quranic marks.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ى": "ی",
        "ي": "ی",
        "ئ": "ی",
        "ې": "ی",
        "ێ": "ی",  # Arabic ye and alef maqsura → Persian ye
        "ك": "ک",
        "ڪ": "ک",  # Arabic kaf → Persian keheh
        "ؤ": "و",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "،": ",",
        "؛": ";",
        "؟": "?",
        "\u0640": None,  # tatweel
    }
)
# Invisible joiners and direction marks: Persian writes می‌خواهم with a ZWNJ, phones often drop it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"))
# Apostrophes inside words: Ukrainian м'ясо/мʼясо/м’ясо, Somali su'aal, Tigrinya ከምኡ'ውን, English don't.
_APOSTROPHES = re.compile("(?<=\\w)['’ʼ`´‘ʻ′](?=\\w)")
# Ge'ez: homophone letter rows that writers interchange, and the Ethiopic punctuation.
_GEEZ_ROWS = {0x1220: 0x1230, 0x1340: 0x1338, 0x1280: 0x1210}  # ሠ→ሰ, ፀ→ጸ, ኀ→ሐ (all seven vowels)
_GEEZ = str.maketrans(
    {chr(row + vowel): chr(target + vowel) for row, target in _GEEZ_ROWS.items() for vowel in range(8)}
    | {"፡": " ", "።": ".", "፣": ",", "፤": ";", "፥": ":", "፦": ":", "፧": "?", "፨": "."}
)
# Combining marks left after NFKD: Latin accents, Cyrillic breve/diaeresis, Arabic madda/hamza.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
# Ukrainian typed on a Russian layout, and Russian letters folded onto their Ukrainian partners.
_CYRILLIC = str.maketrans({"ы": "и", "э": "е", "ё": "е", "ъ": None, "є": "е", "ґ": "г", "і": "и", "ї": "и"})
# Latin look-alikes inside a Cyrillic word ("іспит" typed with a Latin i).
_LATIN_IN_CYRILLIC = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у"}
)
_WORD = re.compile(r"\w+", re.UNICODE)
_MIXED_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")


def script_of(ch: str) -> str:
    """A coarse script name for one character: Latn, Arab, Cyrl, Ethi, or '' for the rest."""
    cp = ord(ch)
    if cp < 0x250 and ch.isalpha():
        return "Latn"
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFEFF:
        return "Arab"
    if 0x0400 <= cp <= 0x052F:
        return "Cyrl"
    if 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F:
        return "Ethi"
    if 0x1E00 <= cp <= 0x1EFF:
        return "Latn"
    return ""


def geez_skeleton(word: str) -> str:
    """Every Ge'ez syllable reduced to its consonant (first order): vowel slips then still match."""
    return "".join(
        chr(ord(ch) - (ord(ch) - 0x1200) % 8) if 0x1200 <= ord(ch) <= 0x1357 else ch for ch in word
    )


def _strip_marks(text: str) -> str:
    """Drop combining marks (Latin accents, Turkish cedilla, Cyrillic breve) but never Ge'ez letters."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def normalise(text: str) -> str:
    """One comparable form for matching: lower case, variants folded per script, marks removed."""
    # NFKC first: Arabic presentation forms, full-width Latin and ligatures become plain letters.
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = text.replace("İ", "i").lower().replace("ı", "i")
    text = _APOSTROPHES.sub("", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    text = _MIXED_WORD.sub(lambda m: m.group(0).translate(_LATIN_IN_CYRILLIC), text)
    text = _strip_marks(text).translate(_CYRILLIC)
    text = text.translate(_GEEZ)
    return text


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return _WORD.findall(normalise(text))
