"""What a translation service answers, and the interface every backend implements.

A caller always gets either a `Translation` (machine-made unless source and target are the same
language) or a `NoTranslation` that says why not. There is no third outcome, so a caller cannot
show an untranslated text while believing it was translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

NoTranslationReason = Literal["not_installed", "no_model", "too_long", "failed"]


@dataclass(frozen=True)
class LanguagePair:
    """A direction the service can translate; `via` names the pivot language, if any."""

    src: str
    dst: str
    via: str | None = None

    def __str__(self) -> str:
        if self.via is None:
            return f"{self.src} → {self.dst}"
        return f"{self.src} → {self.dst} (via {self.via})"


@dataclass(frozen=True)
class Translation:
    """A translated text. `route` lists the languages it went through, e.g. ("ar", "en", "nl")."""

    text: str
    src: str
    dst: str
    route: tuple[str, ...]
    machine: bool = True

    @property
    def pivot(self) -> str | None:
        """The intermediate language when the text went through one (English), else None."""
        return self.route[1] if len(self.route) > 2 else None

    @property
    def pair(self) -> str:
        return "→".join(self.route)


@dataclass(frozen=True)
class NoTranslation:
    """No translation could be made; the caller shows the original with a note."""

    src: str
    dst: str
    reason: NoTranslationReason

    @property
    def machine(self) -> bool:
        return False


TranslationResult = Translation | NoTranslation


@runtime_checkable
class TranslationService(Protocol):
    """One interface for every backend. Both calls are coroutines: no backend may block the loop."""

    async def available_pairs(self) -> list[LanguagePair]:
        """Every direction that can be translated now, direct pairs and pivots."""
        ...

    async def translate(self, text: str, src: str, dst: str) -> TranslationResult:
        """Translate `text` from `src` to `dst`, or say why that is not possible."""
        ...

    def close(self) -> None:
        """Release threads and models; the service is not used afterwards."""
        ...


@dataclass
class NullTranslationService:
    """Used when argostranslate is not installed (the default, light install, and the demo)."""

    reason: NoTranslationReason = "not_installed"

    async def available_pairs(self) -> list[LanguagePair]:
        return []

    async def translate(self, text: str, src: str, dst: str) -> TranslationResult:
        if src == dst:
            return Translation(text=text, src=src, dst=dst, route=(src,), machine=False)
        return NoTranslation(src=src, dst=dst, reason=self.reason)

    def close(self) -> None:
        return None
