"""Rights and obligations: every topic in every language and municipality, faithful to the configuration."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from dialogs.explainers import TOPICS_BY_ID, placeholder_values, topic_lines, topic_menu, topic_reply
from dialogs.render import render, render_line
from locales.formatting import euro
from locales.languages import LANGUAGES, SUPPORTED
from locales.topic_model import PLACEHOLDERS
from municipalities.config import load_municipalities

MUNICIPALITIES = load_municipalities()
SCRIPT_BLOCKS = {"Arab": (0x0600, 0x06FF), "Ethi": (0x1200, 0x137F), "Cyrl": (0x0400, 0x04FF)}
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def _script_share(text: str, script: str) -> float:
    """Share of letters in the expected script (Dutch terms in Latin letters are allowed)."""
    letters = LETTER.findall(text)
    if script == "Latn":
        inside = [ch for ch in letters if ord(ch) < 0x0250]
    else:
        low, high = SCRIPT_BLOCKS[script]
        inside = [ch for ch in letters if low <= ord(ch) <= high]
    return len(inside) / max(1, len(letters))


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_topic_renders_in_the_right_script(lang: str) -> None:
    script = LANGUAGES[lang].script
    shares: list[float] = []
    for municipality in MUNICIPALITIES.values():
        for topic_id in TOPICS_BY_ID:
            for more in (False, True):
                reply = topic_reply(topic_id, municipality, more=more)
                text = render(reply, lang, mode="native").native
                assert "{" not in text and "}" not in text, (lang, municipality.code, topic_id)
                body = "\n".join(
                    render_line(line, lang) for line in topic_lines(topic_id, municipality, more)
                )
                if not body:
                    assert more and not TOPICS_BY_ID[topic_id].more
                    continue
                text = body
                # Texts keep Dutch terms (PIP, brede intake...) and names in Latin letters: measured
                # shares are 0.48-1.0 per text, 0.73-0.81 on average for ar/ti/fa/uk.
                share = _script_share(text, script)
                assert share > 0.4, (lang, municipality.code, topic_id, text[:80])
                shares.append(share)
    assert sum(shares) / len(shares) > 0.65, lang


def test_topic_texts_use_only_known_placeholders_and_guard_optional_ones() -> None:
    always = {k for k, v in placeholder_values(MUNICIPALITIES["vught"]).items() if v is not None}
    for topic in TOPICS_BY_ID.values():
        for section in (*topic.short, *topic.more):
            used = set(re.findall(r"\{(\w+)\}", section.text))
            assert used <= PLACEHOLDERS, (topic.id, used - PLACEHOLDERS)
            assert used - always <= set(section.requires), (topic.id, section.text[:50])
            if section.otherwise:
                assert set(re.findall(r"\{(\w+)\}", section.otherwise)) <= always


@pytest.mark.parametrize("code", sorted(set(MUNICIPALITIES) - {"demo"}))
def test_explain_boetes_cli_uses_each_municipality_amounts(code: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inburgerbot",
            "explain",
            "boetes",
            "--lang",
            "ar",
            "--municipality",
            code,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data = json.loads(result.stdout)
    assert {"topic", "lang", "text", "text_nl"} <= data.keys()
    assert any("\u0600" <= ch <= "\u06ff" for ch in data["text"])
    fines = MUNICIPALITIES[code].fines
    # DUO's national amounts always appear; municipal amounts only where the municipality published them.
    assert euro(fines.duo_route).render("nl") in data["text_nl"]
    assert euro(fines.duo_route).render("ar") in data["text"]
    if fines.municipal_published:
        assert euro(fines.municipal_pip).render("nl") in data["text_nl"]  # type: ignore[arg-type]
        assert euro(fines.municipal_pip).render("ar") in data["text"]  # type: ignore[arg-type]
    else:
        assert euro(800).render("nl") not in data["text_nl"]


def test_changing_a_configured_amount_changes_the_text() -> None:
    base = MUNICIPALITIES["gooise_meren"]
    changed = base.model_copy(update={"fines": base.fines.model_copy(update={"municipal_pip": 650})})
    before = "\n".join(render_line(line, "tr") for line in topic_lines("boetes", base))
    after = "\n".join(render_line(line, "tr") for line in topic_lines("boetes", changed))
    assert euro(800).render("tr") in before and euro(650).render("tr") in after


def test_topic_menu_pages_cover_every_topic_once() -> None:
    seen: list[str] = []
    page = 0
    while True:
        menu = topic_menu(page)
        actions = [b.action for row in menu.buttons for b in row]
        seen += [a.split(":", 1)[1] for a in actions if a.startswith("topic:")]
        nxt = [a for a in actions if a == f"topics:{page + 1}"]
        if not nxt:
            break
        page += 1
    assert seen == list(TOPICS_BY_ID)


def test_button_labels_fit_on_a_phone() -> None:
    for lang in SUPPORTED:
        for topic in TOPICS_BY_ID.values():
            label = render_line(topic_reply(topic.id, MUNICIPALITIES["demo"]).body[0], lang)
            assert len(label) <= 48, (lang, topic.id, label)
