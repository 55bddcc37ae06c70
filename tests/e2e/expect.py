"""What the user must see: the dialog's Reply rendered for their language, compared exactly.

Expected texts are never written out here: they are the dialog core's Reply, rendered by
dialogs.render in the user's language plus Dutch, as ReplySender sends them (one message per
reply, the buttons on it, an attachment as a document after it). Picture cards and voice notes that
media/ adds to a reply are left out of the comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from casestore.dto import ClientDTO
from casestore.uow import CaseStore
from dialogs import linking
from dialogs.events import ChatContext
from dialogs.render import render
from dialogs.reply import Reply
from municipalities.config import load_municipalities
from tests.e2e.telegram_user import BotMessage, TelegramUser

TELEGRAM_TEXT_LIMIT = 4096


def shown(reply: Reply, lang: str, mode: str = "bilingual") -> tuple[str, list[list[tuple[str, str]]]]:
    rendered = render(reply, lang, mode)
    text = rendered.combined()
    assert len(text) <= TELEGRAM_TEXT_LIMIT, "expected reply would be split; compare its parts instead"
    return text, [list(row) for row in rendered.buttons]


def assert_replies(
    messages: Sequence[BotMessage], replies: Sequence[Reply], lang: str, mode: str = "bilingual"
) -> None:
    """The bot's messages are exactly these replies, in this order, with their buttons and files."""
    expected: list[tuple[str | None, list[list[tuple[str, str]]], str | None]] = []
    for reply in replies:
        text, buttons = shown(reply, lang, mode)
        expected.append((text, buttons, None))
        if reply.attachment is not None:
            expected.append((None, [], reply.attachment[0]))
    actual = [
        (m.text, m.buttons, m.document["file_name"] if m.document else None)
        for m in messages
        if not is_media_extra(m)
    ]
    assert actual == expected


def is_media_extra(message: BotMessage) -> bool:
    """A picture card or voice note sent with a reply (media/, when installed); not compared here."""
    return any(kind in message.raw for kind in ("photo", "voice", "audio"))


# --- case store fixtures for the conversations ------------------------------------------------

MUNICIPALITIES = load_municipalities()


async def new_client(
    store: CaseStore, lang: str = "nl", name: str = "Demo Person", municipality: str = "demo"
) -> tuple[ClientDTO, str]:
    """A client with a fresh invite code; returns (client, the code as in the deep link)."""
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code=municipality, language=lang, display_name=name)
        invite = await uow.invites.create(client.id, timedelta(days=30))
    return client, invite.code


async def context_of(store: CaseStore, user: TelegramUser) -> ChatContext:
    """The dialog context the bot builds for this user now (linked client or none)."""
    async with store.uow() as uow:
        link = await uow.chat_links.for_telegram_user(user.user_id)
        client = await uow.clients.get(link.client_id) if link else None
    municipality = MUNICIPALITIES[client.municipality_code if client else "demo"]
    return ChatContext(user_id=user.user_id, chat_id=user.user_id, client=client, municipality=municipality)


async def link(store: CaseStore, user: TelegramUser, code: str, lang: str) -> ChatContext:
    """The deep-link way in: /start <code>, choose the language, consent. Returns the linked context."""
    [languages] = await user.send(f"/start {code}")
    [consent] = await user.tap(languages, f"lang:{lang}")
    [welcome] = await user.tap(consent, "consent:yes")
    ctx = await context_of(store, user)
    assert ctx.client is not None
    assert_replies([welcome], [linking.linked_welcome(ctx)], lang)
    return ctx
