"""The offline sentence splitter that replaces argostranslate's downloading ones."""

from __future__ import annotations

from translation.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_splits_at_terminal_punctuation_of_each_script() -> None:
    assert split_sentences("Hallo. Hoe gaat het? Goed!") == ["Hallo.", "Hoe gaat het?", "Goed!"]
    assert split_sentences("مرحبا. كيف حالك؟ أنا بخير") == ["مرحبا.", "كيف حالك؟", "أنا بخير"]
    assert split_sentences("ሰላም። ከመይ ኣለኻ፧ጽቡቕ") == ["ሰላም።", "ከመይ ኣለኻ፧", "ጽቡቕ"]
    assert split_sentences("Привіт. Як справи?") == ["Привіт.", "Як справи?"]
    assert split_sentences('"Kom je?" Ja.') == ['"Kom je?"', "Ja."]


def test_abbreviations_before_lowercase_do_not_end_a_sentence() -> None:
    assert split_sentences("Neem bijv. de bus of o.a. de trein. Daarna lopen.") == [
        "Neem bijv. de bus of o.a. de trein.",
        "Daarna lopen.",
    ]


def test_blank_is_nothing_and_long_runs_are_cut_at_spaces() -> None:
    assert split_sentences("") == [] and split_sentences("   ") == []
    words = " ".join(["woord"] * 200)
    pieces = split_sentences(words)
    assert len(pieces) > 1 and all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces) == words
    assert "".join(split_sentences("x" * 900)) == "x" * 900
