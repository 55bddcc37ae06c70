"""Neutralising and isolating typed text: hostile controls go, letters and plain marks stay."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from locales.bidi import (
    ALM,
    EXPLICIT_CONTROLS,
    FSI,
    LRE,
    LRI,
    LRM,
    PDF,
    PDI,
    RLE,
    RLI,
    RLM,
    RLO,
    isolate,
    neutralise,
)
from tests.support.bidi import has_embedding_or_override, isolates_balanced, outside_isolates

FILENAME_TRICK = f"invoice{RLO}fdp.exe"  # shows as "invoiceexe.pdf"
REVERSED_AMOUNT = f"Boete: {RLO}€ 0005{PDF} per maand"  # the override shows "5000 €"
ARABIC_WITH_DIGITS = "موعدي يوم 12 مارس الساعة 14:30، رقم الملف 4471"
PERSIAN_WITH_MARKS = f"نوبت من ساعت ۱۰{RLM}.{LRM} B1{ALM}"


def test_overrides_and_embeddings_are_removed_and_the_letters_kept() -> None:
    assert neutralise(FILENAME_TRICK) == "invoicefdp.exe"
    assert neutralise(REVERSED_AMOUNT) == "Boete: € 0005 per maand"
    assert neutralise(f"{RLE}غير مغلق") == "غير مغلق"  # unbalanced embedding
    assert neutralise(f"a{LRE}b{PDF}c{PDF}{PDF}") == "abc"  # and closers of nothing


def test_a_pdi_without_an_opener_is_removed() -> None:
    assert neutralise(f"naam{PDI} en meer") == "naam en meer"
    assert neutralise(f"{PDI}{PDI}x") == "x"


def test_isolates_are_kept_only_as_pairs_on_one_line() -> None:
    paired = f"adres {FSI}شارع 5{PDI} Utrecht"
    assert neutralise(paired) == paired
    # The PDI closes the innermost opener (LRI); the RLI around it never closes and goes.
    assert neutralise(f"{RLI}a{LRI}b{PDI}") == f"a{LRI}b{PDI}"
    assert neutralise(f"{LRI}open\nclosed{PDI}") == "open\nclosed"  # a line break ends an isolate


def test_plain_marks_and_ordinary_text_are_untouched() -> None:
    for text in (ARABIC_WITH_DIGITS, PERSIAN_WITH_MARKS, "Gemeentehuis, Marktplein 1", "ሰላም 3 ሰዓት", ""):
        assert neutralise(text) == text


def test_isolate_wraps_each_line_and_leaves_nothing_outside() -> None:
    assert isolate("Kom om 10 uur.") == f"{FSI}Kom om 10 uur.{PDI}"
    assert isolate(f"regel 1\n{RLO}regel 2\n\nregel 4") == (
        f"{FSI}regel 1{PDI}\n{FSI}regel 2{PDI}\n\n{FSI}regel 4{PDI}"
    )
    assert isolate("") == ""
    sentence = f"📍 {isolate(FILENAME_TRICK + PDI + ' ' + ARABIC_WITH_DIGITS)} — tot dan!"
    assert outside_isolates(sentence) == "📍  — tot dan!"
    assert isolates_balanced(sentence) and not has_embedding_or_override(sentence)


def test_a_stray_pdi_cannot_close_the_isolate_early() -> None:
    # Without neutralising, the PDI would end our FSI and "exe" would sit in the sentence itself.
    shown = isolate(f"a.pdf{PDI}{RLO}exe")
    assert shown == f"{FSI}a.pdfexe{PDI}"
    assert outside_isolates(shown) == ""


def test_neutralise_is_idempotent_on_the_hostile_examples() -> None:
    for text in (FILENAME_TRICK, REVERSED_AMOUNT, f"{RLI}a{PDI}{PDI}b{LRI}", PERSIAN_WITH_MARKS):
        once = neutralise(text)
        assert neutralise(once) == once


_ALPHABET = st.sampled_from(
    [*EXPLICIT_CONTROLS, LRM, RLM, ALM, "\n", "\r", "\u2029", "a", "7", " ", ".", "ب", "٣", "ሰ", "€"]
)


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_any_text_comes_out_balanced_without_overrides_and_with_every_letter(text: str) -> None:
    cleaned = neutralise(text)
    shown = isolate(text)
    assert not has_embedding_or_override(cleaned) and isolates_balanced(cleaned)
    assert isolates_balanced(shown) and not has_embedding_or_override(shown)
    assert neutralise(cleaned) == cleaned and neutralise(shown) == shown

    def letters(value: str) -> str:
        return "".join(c for c in value if c not in EXPLICIT_CONTROLS)

    assert letters(cleaned) == letters(text) == letters(shown)
    assert outside_isolates(shown).strip("\n\r\u2029") == ""
