"""The shared path of every handler: event in, dialog turn, replies out, dialog state saved."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.sender import ReplySender
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Event, Tap
from dialogs.events import Command as DialogCommand

STATE_KEY = "chat"


async def respond(
    event: Event,
    *,
    user_id: int,
    chat_id: int,
    state: FSMContext,
    conversation: Conversation,
    sender: ReplySender,
    callback: CallbackQuery | None = None,
) -> None:
    chat_state = ChatState.from_dict((await state.get_data()).get(STATE_KEY))
    turn = await conversation.turn(user_id, chat_id, chat_state, event)
    await state.update_data({STATE_KEY: chat_state.to_dict()})
    if callback is not None:
        await callback.answer()
        previous = callback.message
        if previous is not None and any(r.close_previous for r in turn.replies):
            await sender.close_keyboard(chat_id, previous.message_id)
    for reply in turn.replies:
        await sender.send(chat_id, reply, turn.lang, turn.mode)


def forward_commands(router: Router, *names: str) -> None:
    """Register `/name` commands on a feature router; the dialogs decide what they do."""

    @router.message(Command(*names))
    async def on_command(
        message: Message,
        command: CommandObject,
        state: FSMContext,
        conversation: Conversation,
        sender: ReplySender,
    ) -> None:
        assert message.from_user is not None
        await respond(
            DialogCommand(command.command, (command.args or "").strip()[:200]),
            user_id=message.from_user.id,
            chat_id=message.chat.id,
            state=state,
            conversation=conversation,
            sender=sender,
        )


def forward_taps(router: Router, *prefixes: str) -> None:
    """Register inline-button taps whose action starts with one of `prefixes` on a feature router."""

    @router.callback_query(F.data.func(lambda data: data.partition(":")[0] in prefixes))
    async def on_tap(
        callback: CallbackQuery, state: FSMContext, conversation: Conversation, sender: ReplySender
    ) -> None:
        chat_id = callback.message.chat.id if callback.message is not None else callback.from_user.id
        await respond(
            Tap(callback.data or ""),
            user_id=callback.from_user.id,
            chat_id=chat_id,
            state=state,
            conversation=conversation,
            sender=sender,
            callback=callback,
        )
