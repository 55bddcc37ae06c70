"""The argostranslate backend: installed Argos packages from one directory, offline, off the loop.

How it uses argostranslate (1.11): `argostranslate.package.Package` reads each installed package
(metadata.json, sentencepiece.model or bpe.model); `PackageTranslation.hypotheses` loads the
CTranslate2 model and translates; `CompositeTranslation` chains two translations for a pivot.
Two things are our own, on purpose:

- the package directory is ours (`INBURGERBOT_ARGOS_PACKAGES_DIR`), read per service, instead of
  argostranslate's process-wide `ARGOS_PACKAGES_DIR` setting and its cached language list;
- sentence splitting is ours (translation/sentences.py): argostranslate's splitters download models
  at run time, and nothing may be downloaded at run time.

Everything that touches argostranslate runs on one worker thread: importing it takes seconds
(stanza imports torch), loading a model takes more, and translating is CPU work. One thread
serialises translations (two cores here; the bot needs the other), and the models are only ever
touched from that thread.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from locales.languages import UnknownLanguageError, normalize_language
from translation.cache import CacheInfo, LRUCache
from translation.results import LanguagePair, NoTranslation, Translation, TranslationResult
from translation.sentences import RuleSentenceSplitter

log = logging.getLogger(__name__)

PIVOT = "en"
# Longer texts are refused rather than keeping the translation thread busy for minutes.
MAX_TEXT_CHARS = 8000
DEFAULT_CACHE_SIZE = 1024

T = TypeVar("T")


def language_code(argos_code: str) -> str:
    """Our code for an Argos language code ('kmr' → 'ku'); codes we do not speak stay as they are."""
    try:
        return normalize_language(argos_code)
    except UnknownLanguageError:
        return argos_code.strip().lower()


def argos_installed() -> bool:
    """Whether the `translate` extra is installed, without importing it (that takes seconds)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("argostranslate", "ctranslate2", "sentencepiece"))


class ArgosTranslationService:
    """A `TranslationService` over the Argos packages installed in `packages_dir`.

    The directory is scanned once, on first use; restart to pick up newly installed packages.
    """

    def __init__(self, packages_dir: Path, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.packages_dir = packages_dir
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argos-translate")
        self._cache: LRUCache[tuple[str, str, str], Translation] = LRUCache(cache_size)
        # Only touched on the worker thread.
        self._packages: dict[tuple[str, str], Any] | None = None
        self._translations: dict[tuple[str, ...], Any] = {}
        self.model_runs = 0

    # --- the interface, called on the event loop -------------------------------------------

    async def available_pairs(self) -> list[LanguagePair]:
        return await self._on_worker(self._pairs)

    async def translate(self, text: str, src: str, dst: str) -> TranslationResult:
        if src == dst:
            return Translation(text=text, src=src, dst=dst, route=(src,), machine=False)
        if len(text) > MAX_TEXT_CHARS:
            return NoTranslation(src=src, dst=dst, reason="too_long")
        cached = self._cache.get((src, dst, text))
        if cached is not None:
            return cached
        return await self._on_worker(self._translate, text, src, dst)

    def cache_info(self) -> CacheInfo:
        return self._cache.info()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _on_worker(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    # --- the worker thread -----------------------------------------------------------------

    def _translate(self, text: str, src: str, dst: str) -> TranslationResult:
        key = (src, dst, text)
        # Identical requests queued behind each other (a broadcast) are translated once.
        cached = self._cache.get(key, count=False)
        if cached is not None:
            return cached
        route = self._route(src, dst)
        if route is None:
            return NoTranslation(src=src, dst=dst, reason="no_model")
        try:
            translated = self._argos_translation(route).translate(text)
        except Exception as exc:  # a broken model must not take the bot down; callers show the original
            log.warning(
                "machine translation failed", extra={"route": "→".join(route), "error": type(exc).__name__}
            )
            return NoTranslation(src=src, dst=dst, reason="failed")
        self.model_runs += 1
        result = Translation(text=str(translated), src=src, dst=dst, route=route)
        self._cache.put(key, result)
        return result

    def _route(self, src: str, dst: str) -> tuple[str, ...] | None:
        packages = self._installed()
        if (src, dst) in packages:
            return (src, dst)
        if PIVOT not in (src, dst) and (src, PIVOT) in packages and (PIVOT, dst) in packages:
            return (src, PIVOT, dst)
        return None

    def _pairs(self) -> list[LanguagePair]:
        direct = set(self._installed())
        pairs = [LanguagePair(src, dst) for src, dst in direct]
        sources = {src for src, dst in direct if dst == PIVOT}
        targets = {dst for src, dst in direct if src == PIVOT}
        pairs += [
            LanguagePair(src, dst, via=PIVOT)
            for src in sources
            for dst in targets
            if src != dst and (src, dst) not in direct
        ]
        return sorted(pairs, key=lambda p: (p.src, p.dst))

    def _installed(self) -> dict[tuple[str, str], Any]:
        if self._packages is None:
            self._packages = self._scan()
        return self._packages

    def _scan(self) -> dict[tuple[str, str], Any]:
        """Read every package directory with argostranslate's own `Package`; skip broken ones."""
        if not self.packages_dir.is_dir():
            log.info("no Argos packages directory", extra={"path": str(self.packages_dir)})
            return {}
        from argostranslate.package import Package

        _silence_argos_text_logging()
        found: dict[tuple[str, str], Any] = {}
        for path in sorted(self.packages_dir.iterdir()):
            if not path.is_dir():
                continue
            try:
                package = Package(path)
            except (OSError, ValueError) as exc:
                log.warning(
                    "skipping unreadable Argos package",
                    extra={"package": path.name, "error": type(exc).__name__},
                )
                continue
            usable = (
                package.type == "translate" and hasattr(package, "tokenizer") and (path / "model").is_dir()
            )
            if not usable or not package.from_code or not package.to_code:
                log.warning(
                    "skipping Argos package without a translation model", extra={"package": path.name}
                )
                continue
            key = (language_code(package.from_code), language_code(package.to_code))
            if key in found:
                log.warning(
                    "two Argos packages for one pair; keeping the first", extra={"package": path.name}
                )
                continue
            found[key] = package
        log.info("Argos packages found", extra={"pairs": sorted("→".join(k) for k in found)})
        return found

    def _argos_translation(self, route: tuple[str, ...]) -> Any:
        """argostranslate's translation object for a route, built once (it holds the loaded model)."""
        if route in self._translations:
            return self._translations[route]
        if len(route) == 2:
            package = self._installed()[route]
            translation = _offline_package_translation_class()(package)
        else:
            from argostranslate.translate import CompositeTranslation

            translation = CompositeTranslation(
                self._argos_translation(route[:2]), self._argos_translation(route[1:])
            )
        self._translations[route] = translation
        return translation


def _silence_argos_text_logging() -> None:
    """argostranslate logs the texts it translates (paragraphs, sentences, tokens) at INFO, on a
    logger it sets to INFO itself when imported; we never log message texts."""
    logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)


@functools.cache
def _offline_package_translation_class() -> Callable[[Any], Any]:
    """argostranslate's `PackageTranslation` with our offline sentence splitter."""
    if "argostranslate.settings" not in sys.modules:
        # argostranslate.sbd downloads a spaCy model *at import* when ARGOS_CHUNK_TYPE=SPACY; we never
        # use its splitters, so make sure that setting cannot reach it.
        os.environ["ARGOS_CHUNK_TYPE"] = "ARGOSTRANSLATE"
    from argostranslate.translate import Language, PackageTranslation

    _silence_argos_text_logging()

    class OfflinePackageTranslation(PackageTranslation):  # type: ignore[misc]
        def __init__(self, package: Any) -> None:
            # PackageTranslation.__init__ only adds choosing a splitter (MiniSBD, Stanza or spaCy,
            # each of which downloads a model); the rest of what it sets is set here. The model
            # itself is loaded by `hypotheses` on first use, as argostranslate does.
            self.from_lang = Language(package.from_code, package.from_name)
            self.to_lang = Language(package.to_code, package.to_name)
            self.pkg = package
            self.translator = None
            self.sentencizer = RuleSentenceSplitter()

    return OfflinePackageTranslation
