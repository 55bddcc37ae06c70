"""Builds the parts from settings, once, and hands them to whoever runs (CLI, bot, web, worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

from casestore.migrate import upgrade
from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from inburgerbot.settings import Settings
from media.outgoing import MediaService, build_media
from municipalities.config import ConfigError, Municipality, load_municipalities
from translation import NullTranslationService, TranslationService, build_translation_service


@dataclass
class App:
    settings: Settings
    store: CaseStore
    municipalities: dict[str, Municipality]
    conversation: Conversation
    # Machine translation of free text (translation/); owns a worker thread: close() when done.
    translator: TranslationService = field(default_factory=NullTranslationService)
    # Picture cards and voice notes (media/); None: text only.
    media: MediaService | None = None


def build_app(settings: Settings) -> App:
    municipalities = load_municipalities(settings.municipalities_dir)
    if settings.default_municipality not in municipalities:
        raise ConfigError(
            f"default municipality '{settings.default_municipality}' has "
            f"no file in {settings.municipalities_dir}"
        )
    store = CaseStore.from_url(settings.resolved_database_url())
    translator = build_translation_service(settings)
    conversation = Conversation(
        store=store,
        municipalities=municipalities,
        default_municipality=settings.default_municipality,
        translator=translator,
    )
    return App(
        settings=settings,
        store=store,
        municipalities=municipalities,
        conversation=conversation,
        translator=translator,
        media=build_media(settings.data_dir, settings.recordings_dir),
    )


async def prepare_database(app: App) -> None:
    """Apply migrations and make sure every configured municipality has its row."""
    await upgrade(app.store.engine)
    async with app.store.uow() as uow:
        await uow.municipalities.sync((m.code, m.name) for m in app.municipalities.values())
