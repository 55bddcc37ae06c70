"""/start, with or without an invite code in the deep link (t.me/<bot>?start=<code>)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.respond import respond
from bot.sender import ReplySender
from dialogs.conversation import Conversation
from dialogs.events import Start


async def on_start(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    conversation: Conversation,
    sender: ReplySender,
) -> None:
    assert message.from_user is not None
    await respond(
        Start(payload=(command.args or "").strip() or None),
        user_id=message.from_user.id,
        chat_id=message.chat.id,
        state=state,
        conversation=conversation,
        sender=sender,
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message(CommandStart())(on_start)
    return router
