"""Whatever else a user sends gets a kind answer in their language, and nothing crashes the bot."""

from __future__ import annotations

from casestore.uow import CaseStore
from dialogs import faq
from dialogs.events import ChatContext
from dialogs.menu import help_reply
from dialogs.reply import Msg, Reply, reply
from tests.e2e.conftest import StartBot
from tests.e2e.expect import assert_replies, context_of, link, new_client
from tests.e2e.harness import BotHarness
from tests.e2e.telegram_user import TelegramUser

STICKER = {
    "file_id": "CAACAgIAAxkBAAE",
    "file_unique_id": "AgADsticker",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
    "emoji": "👍",
}
PHOTO = [{"file_id": "AgACAgQAAxkBAAE", "file_unique_id": "AQADphoto", "width": 90, "height": 60}]
VOICE = {
    "file_id": "AwACAgQAAxkBAAE-voice",
    "file_unique_id": "AgADvoice",
    "duration": 4,
    "mime_type": "audio/ogg",
}
DOCUMENT = {"file_id": "BQACAgQAAxkBAAE", "file_unique_id": "AgADdoc", "file_name": "brief.pdf"}
LOCATION = {"latitude": 51.2452, "longitude": 5.7063}
# The id of the dialog's answer to an over-long text (dialogs/conversation.py, MAX_TEXT_LENGTH).
TOO_LONG = Msg("Your message is very long. Please write it shorter, in a few sentences.")


def _unsupported(harness: BotHarness, ctx: ChatContext, kind: str) -> Reply:
    return harness.app.conversation._unsupported(ctx, kind)


async def test_stickers_photos_voice_edits_long_texts_and_unknown_commands(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    client, code = await new_client(store, lang="tr")
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=760_001, first_name="Ayse")
    ctx = await link(store, user, code, "tr")

    for content, kind in (
        ({"sticker": STICKER}, "sticker"),
        ({"photo": PHOTO, "caption": "kijk"}, "photo"),
        ({"document": DOCUMENT}, "document"),
        ({"location": LOCATION}, "location"),
    ):
        assert_replies(await user.send_content(**content), [_unsupported(harness, ctx, kind)], "tr")

    # A voice message is offered to the case manager; only its Telegram file id is kept.
    [offer] = await user.send_content(voice=VOICE)
    assert_replies([offer], [faq.offer_voice_forward()], "tr")
    assert_replies(await user.tap(offer, "forward:yes"), [faq.forwarded()], "tr")
    async with store.uow() as uow:
        [question] = await uow.questions.for_client(client.id)
    assert VOICE["file_id"] in question.text

    assert_replies(await user.send("x" * 4096), [reply(TOO_LONG)], "tr")
    assert user.last_message_id is not None
    assert_replies(
        await user.edit(user.last_message_id, "korter"), [_unsupported(harness, ctx, "edited")], "tr"
    )
    assert_replies(await user.send("/bestaatniet"), [harness.app.conversation._unknown_command(ctx)], "tr")
    [menu] = await user.send("/menu")
    stale = await user.tap(menu, "verouderd:1", force=True)
    assert_replies(stale, [harness.app.conversation._unknown_action(ctx)], "tr")

    # Still answering normally afterwards.
    assert_replies(await user.send("/help"), [help_reply(ctx)], "tr")


async def test_unlinked_users_get_the_same_kind_answers(sqlite_store: CaseStore, start_bot: StartBot) -> None:
    harness = await start_bot(sqlite_store)
    user = TelegramUser(harness, user_id=760_002, first_name="Nieuw")
    [languages] = await user.send("/start")
    await user.tap(languages, "lang:ku")
    ctx = await context_of(sqlite_store, user)
    assert_replies(await user.send_content(sticker=STICKER), [_unsupported(harness, ctx, "sticker")], "ku")
    # Without a link, a voice message cannot go anywhere: the general answer, no forward offer.
    assert_replies(await user.send_content(voice=VOICE), [_unsupported(harness, ctx, "voice")], "ku")
