"""Free-text questions (FAQ), /vraag, and forwarding a question to the case manager."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.respond import forward_commands, forward_taps, respond
from bot.sender import ReplySender
from dialogs.conversation import Conversation
from dialogs.events import TextInput


async def on_text(
    message: Message, state: FSMContext, conversation: Conversation, sender: ReplySender
) -> None:
    assert message.from_user is not None and message.text is not None
    await respond(
        TextInput(message.text),
        user_id=message.from_user.id,
        chat_id=message.chat.id,
        state=state,
        conversation=conversation,
        sender=sender,
    )


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "vraag")
    forward_taps(router, "forward")
    router.message(F.text, ~F.text.startswith("/"))(on_text)
    return router
