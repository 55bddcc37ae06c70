"""Question inbox, the regisseur's Dutch answer and its delivery hook, and partner forwarding."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from casestore.models import Question
from dialogs import matcher
from dialogs.answers import answer_reply, deliver_answers
from dialogs.render import render
from locales.catalogs import gettext_for
from tests.web.conftest import logged_in


async def test_regisseur_answers_in_dutch_and_the_bot_delivers_it_once(web) -> None:
    app, web_app, people = web
    async with app.store.uow() as uow:
        await uow.session.execute(
            Question.__table__.update()
            .where(Question.id == people.question)
            .values(text_nl="Waar is mijn afspraak?", text_nl_machine=True)
        )
        invite = await uow.invites.create(people.client, timedelta(days=1))
        await uow.invites.redeem(invite.code, telegram_user_id=777, chat_id=778)
    async with logged_in(web_app, "reg") as (client, csrf):
        inbox = (await client.get("/questions")).text
        assert f"/questions/{people.question}" in inbox and f"/questions/{people.other_question}" not in inbox
        page = (await client.get(f"/questions/{people.question}")).text
        assert "سؤال" in page and "machinevertaling" in page and "Waar is mijn afspraak?" in page
        empty = await client.post(
            f"/questions/{people.question}/answer", data={"csrf_token": csrf, "answer_nl": " "}
        )
        assert empty.status_code == 422
        saved = await client.post(
            f"/questions/{people.question}/answer",
            data={"csrf_token": csrf, "answer_nl": "Uw afspraak is in het stadhuis."},
        )
        assert saved.status_code == 303
    sent: list[tuple[int, str, str]] = []

    async def send(chat_id: int, reply, lang: str, mode: str) -> bool:  # type: ignore[no-untyped-def]
        sent.append((chat_id, render(reply, lang, mode).native, lang))
        return True

    assert await deliver_answers(app.store, send) == 1
    assert await deliver_answers(app.store, send) == 0  # never twice
    ((chat_id, text, lang),) = sent
    assert chat_id == 778 and lang == "ar"
    assert "Uw afspraak is in het stadhuis." in text
    intro = gettext_for("ar", "💬 Your case manager answered your question. The answer is in Dutch:")
    assert intro in text
    async with logged_in(web_app, "reg") as (client, _csrf):
        assert "afgeleverd bij de cliënt" in (await client.get(f"/questions/{people.question}")).text


async def test_a_failed_send_leaves_the_answer_for_the_next_round(sqlite_web) -> None:
    app, _web_app, people = sqlite_web
    async with app.store.uow() as uow:
        invite = await uow.invites.create(people.client, timedelta(days=1))
        await uow.invites.redeem(invite.code, telegram_user_id=9, chat_id=9)
        from casestore.repositories.caseload import Scope

        await uow.inbox.answer(Scope("demo"), people.question, people.regisseur, "Ja.")

    async def failing(chat_id: int, reply, lang: str, mode: str) -> bool:  # type: ignore[no-untyped-def]
        return False

    async def working(chat_id: int, reply, lang: str, mode: str) -> bool:  # type: ignore[no-untyped-def]
        return True

    assert await deliver_answers(app.store, failing) == 0
    assert await deliver_answers(app.store, working) == 1


def test_answer_reply_keeps_the_regisseurs_words_and_translates_the_frame() -> None:
    rendered = render(answer_reply("Kom om 10 uur."), "uk")
    assert "Kom om 10 uur." in rendered.native and rendered.dutch is None


TICKET_TEXT = "Graag terugbellen over dossier 12345."


async def test_partner_forwards_and_sees_only_their_own_status(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    assert matcher.best(TICKET_TEXT)[0] is None  # no topic fits: this one must become a ticket
    async with logged_in(web_app, "partner") as (client, csrf):
        page = (await client.get("/partner")).text
        assert "سؤال" not in page and "Nog niets doorgestuurd." in page
        forwarded = await client.post(
            "/partner/questions",
            data={"csrf_token": csrf, "language": "nl", "client_ref": "K-1", "text": TICKET_TEXT},
        )
        assert forwarded.status_code == 200
        answered = await client.post(
            "/partner/questions", data={"csrf_token": csrf, "language": "nl", "text": "boete"}
        )
        statuses = (await client.get("/partner")).text
    async with app.store.uow() as uow:
        rows = list(await uow.session.scalars(select(Question).where(Question.partner_org_id.is_not(None))))
    ticket, by_bot = sorted(rows, key=lambda q: q.id)
    if by_bot.topic_guess:  # the matcher was confident: answered at once, no ticket
        assert by_bot.state == "closed" and 'id="bot-answer"' in answered.text
    assert ticket.state == "open" and ticket.client_id is not None
    assert 'id="forwarded"' in forwarded.text
    assert "open" in statuses
    async with logged_in(web_app, "reg") as (client, _csrf):
        assert f"/questions/{ticket.id}" in (await client.get("/questions")).text


def test_with_a_translation_model_the_client_reads_a_labelled_translation_and_the_dutch() -> None:
    from translation.labels import machine_translation_note
    from translation.recipients import RecipientText

    translated = RecipientText("Приходьте о 10.", machine_translation_note("uk"))
    rendered = render(answer_reply("Kom om 10 uur.", translated), "uk")
    assert "Приходьте о 10." in rendered.native and machine_translation_note("uk") in rendered.native
    assert rendered.dutch is not None and "Kom om 10 uur." in rendered.dutch
    assert "Приходьте" not in rendered.dutch


async def test_deliver_answers_uses_the_translator(sqlite_web) -> None:
    from casestore.repositories.caseload import Scope
    from translation.results import Translation

    app, _web_app, people = sqlite_web

    class Translator:
        async def translate(self, text: str, src: str, dst: str) -> Translation:
            return Translation(text=f"[{dst}] {text}", src=src, dst=dst, route=(src, dst), machine=True)

    async with app.store.uow() as uow:
        invite = await uow.invites.create(people.client, timedelta(days=1))
        await uow.invites.redeem(invite.code, telegram_user_id=31, chat_id=31)
        await uow.inbox.answer(Scope("demo"), people.question, people.regisseur, "Ja, dat kan.")
    seen: list[str] = []

    async def send(chat_id: int, reply, lang: str, mode: str) -> bool:  # type: ignore[no-untyped-def]
        seen.append(render(reply, lang, mode).combined())
        return True

    assert await deliver_answers(app.store, send, translator=Translator()) == 1  # type: ignore[arg-type]
    # Both inside FSI…PDI (locales/bidi.py): the Dutch words on their own line, after the frame.
    assert "\u2068[ar] Ja, dat kan.\u2069" in seen[0] and "\n\u2068Ja, dat kan.\u2069" in seen[0]
