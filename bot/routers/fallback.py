"""Everything no feature router took: unknown commands and buttons, stickers, photos, voice, edits.

Each gets a kind answer in the user's language saying what the bot can do. Only the kind of
content is passed on, never the content itself.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.respond import respond
from bot.sender import ReplySender
from dialogs.conversation import Conversation
from dialogs.events import Command, Tap, Unsupported

CONTENT_KINDS = (
    "sticker",
    "photo",
    "video",
    "video_note",
    "animation",
    "document",
    "audio",
    "voice",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


def content_kind(message: Message) -> str:
    return next((kind for kind in CONTENT_KINDS if getattr(message, kind, None) is not None), "other")


async def on_unknown_command(
    message: Message, state: FSMContext, conversation: Conversation, sender: ReplySender
) -> None:
    assert message.from_user is not None and message.text is not None
    name = message.text[1:].split(maxsplit=1)[0].split("@")[0][:40] if len(message.text) > 1 else ""
    await respond(
        Command(name or "?"),
        user_id=message.from_user.id,
        chat_id=message.chat.id,
        state=state,
        conversation=conversation,
        sender=sender,
    )


async def on_other_content(
    message: Message, state: FSMContext, conversation: Conversation, sender: ReplySender
) -> None:
    user_id = message.from_user.id if message.from_user else message.chat.id
    kind = content_kind(message)
    ref = message.voice.file_id if message.voice is not None else None
    await respond(
        Unsupported(kind, ref=ref),
        user_id=user_id,
        chat_id=message.chat.id,
        state=state,
        conversation=conversation,
        sender=sender,
    )


async def on_edited(
    message: Message, state: FSMContext, conversation: Conversation, sender: ReplySender
) -> None:
    user_id = message.from_user.id if message.from_user else message.chat.id
    await respond(
        Unsupported("edited"),
        user_id=user_id,
        chat_id=message.chat.id,
        state=state,
        conversation=conversation,
        sender=sender,
    )


async def on_unknown_tap(
    callback: CallbackQuery, state: FSMContext, conversation: Conversation, sender: ReplySender
) -> None:
    chat_id = callback.message.chat.id if callback.message is not None else callback.from_user.id
    await respond(
        Tap((callback.data or "")[:64]),
        user_id=callback.from_user.id,
        chat_id=chat_id,
        state=state,
        conversation=conversation,
        sender=sender,
        callback=callback,
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message(F.text.startswith("/"))(on_unknown_command)
    router.message()(on_other_content)
    router.edited_message()(on_edited)
    router.callback_query()(on_unknown_tap)
    return router
