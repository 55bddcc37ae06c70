"""`inburgerbot chat`: the same dialogs as the Telegram bot, in a terminal.

Buttons are numbered; type the number to tap one, `/command` for a command, anything else as text.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from dialogs.events import ChatState, Command, Event, Start, Tap, TextInput
from dialogs.keyboards import parse_number
from dialogs.render import RenderedReply, render
from inburgerbot.app import App
from media.preview import preview

CONSOLE_USER_ID = -1  # negative: never collides with a Telegram user id


def format_reply(rendered: RenderedReply) -> str:
    lines = [rendered.combined()]
    number = 1
    for row in rendered.buttons:
        cells = []
        for label, _action in row:
            cells.append(f"[{number}] {label}")
            number += 1
        lines.append("   ".join(cells))
    return "\n".join(lines)


def parse_input(text: str, buttons: list[str]) -> Event:
    stripped = text.strip()
    number = parse_number(stripped)  # not int(): "²" and 5,000 digits make it raise
    if number is not None and 1 <= number <= len(buttons):
        return Tap(buttons[number - 1])
    if stripped.startswith("/"):
        name, _, args = stripped[1:].partition(" ")
        if name == "start":
            return Start(args.strip() or None)
        return Command(name, args.strip())
    return TextInput(text)


async def run_console(
    app: App,
    lang: str | None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    user_id: int = CONSOLE_USER_ID,
) -> None:
    """Talk until end of input or /quit. With `lang`, the language question is skipped."""
    state = ChatState(lang=lang)
    buttons: list[str] = []

    async def act(event: Event) -> None:
        nonlocal buttons
        turn = await app.conversation.turn(user_id, user_id, state, event, channel="console")
        for item in turn.replies:
            rendered = render(item, turn.lang, turn.mode)
            if item.body:  # a 🔊 Listen answer has only voice notes
                write(format_reply(rendered))
            if item.attachment is not None:
                write(f"[file {item.attachment[0]}, {len(item.attachment[1])} bytes]")
            if app.media is not None and (item.picture is not None or item.speech is not None):
                folder = app.settings.data_dir / "console"
                for line in await preview(app.media, item, turn.lang, turn.mode, folder):
                    write(line)
            write("")
            if rendered.buttons:
                buttons = [action for row in rendered.buttons for _label, action in row]

    await act(Start())
    while True:
        try:
            text = await asyncio.to_thread(read, "> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if text.strip() in {"/quit", "/exit"}:
            return
        if not text.strip():
            continue
        await act(parse_input(text, buttons))


def main_sync(app: App, lang: str | None) -> None:
    asyncio.run(run_console(app, lang))
    sys.stdout.flush()
