"""How replies are shown: in the user's language and Dutch (default), only their language, or only Dutch.

Practising Dutch is part of integration, so "only Dutch" is offered next to "only my language".
"""

from __future__ import annotations

from dataclasses import dataclass

from casestore.uow import CaseStore
from dialogs.events import ChatContext, ChatState
from dialogs.keyboards import back_to_menu
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_

MODES: dict[str, str] = {
    "bilingual": N_("🌐+🇳🇱 My language and Dutch"),
    "native": N_("🌐 Only my language"),
    "dutch": N_("🇳🇱 Only Dutch"),
}


def mode_menu(current: str) -> Reply:
    rows = tuple((Button(Msg(label), f"mode:{mode}"),) for mode, label in MODES.items() if mode != current)
    return reply(Msg(N_("How do you want to read my messages?")), buttons=(*rows, back_to_menu()))


def mode_changed(mode: str) -> Reply:
    return reply(
        Msg(N_("Done. From now on: {choice}."), {"choice": Msg(MODES[mode])}), buttons=(back_to_menu(),)
    )


@dataclass(frozen=True)
class DisplayModeDialogs:
    store: CaseStore

    async def choose(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        current = ctx.client.reply_mode if ctx.client else state.reply_mode
        if arg not in MODES:
            return [mode_menu(current)]
        if ctx.client is not None:
            async with self.store.uow() as uow:
                await uow.clients.update_preferences(ctx.client.id, reply_mode=arg)
        state.reply_mode = arg
        return [mode_changed(arg)]
