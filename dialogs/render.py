"""Turns a Reply into text for one language, and into the bilingual message the user sees."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.reply import Line, Localized, Msg, Param, Raw, Reply
from locales.catalogs import gettext_for, ngettext_for
from locales.languages import DUTCH, LANGUAGES

SEPARATOR = "— — —"
RLM = "\u200f"  # right-to-left mark: keeps punctuation at the end of Arabic/Persian lines in place


class _SafeParams(dict[str, str]):
    """A translation with a typo in a placeholder shows the braces, never raises mid-conversation."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_param(value: Param, lang: str) -> str:
    if isinstance(value, Msg):
        return render_line(value, lang)
    if isinstance(value, Localized):
        return value.render(lang)
    return str(value)


def render_line(line: Line, lang: str) -> str:
    if isinstance(line, Raw):
        return line.text
    if line.plural is not None and line.count is not None:
        template = ngettext_for(lang, line.msgid, line.plural, line.count)
    else:
        template = gettext_for(lang, line.msgid)
    if not line.params and line.count is None:
        return template
    params = _SafeParams({k: render_param(v, lang) for k, v in line.params.items()})
    if line.count is not None:
        params.setdefault("count", str(line.count))
    return template.format_map(params)


def render_text(reply: Reply, lang: str) -> str:
    text = "\n\n".join(render_line(line, lang) for line in reply.body)
    if LANGUAGES[lang].rtl:
        text = "\n".join(RLM + row if row else row for row in text.split("\n"))
    return text


@dataclass(frozen=True)
class RenderedReply:
    """What a transport shows: the parts separately, so each can lay them out its own way."""

    native: str
    dutch: str | None
    buttons: tuple[tuple[tuple[str, str], ...], ...]
    lang: str

    def combined(self) -> str:
        """User's language first, then Dutch, visually separated."""
        if self.dutch is None:
            return self.native
        return f"{self.native}\n\n{SEPARATOR}\n🇳🇱 {self.dutch}"


def render(reply: Reply, lang: str, mode: str = "bilingual") -> RenderedReply:
    """Render for a user with language `lang` and reply mode bilingual / native / dutch."""
    shown_lang = reply.lang or (DUTCH if mode == "dutch" else lang)
    native = render_text(reply, shown_lang)
    dutch: str | None = None
    if reply.bilingual and mode == "bilingual" and shown_lang != DUTCH:
        dutch = render_text(reply, DUTCH)
    buttons = tuple(tuple((render_line(b.label, shown_lang), b.action) for b in row) for row in reply.buttons)
    return RenderedReply(native=native, dutch=dutch, buttons=buttons, lang=shown_lang)
