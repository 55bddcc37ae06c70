"""Demo only: a 'phone preview' where a visitor chats with the dialog core as a demo client.

The same Conversation.turn and dialogs.render as the Telegram bot. A visitor can link the preview
to a demo client with an invite code from the client page, receive a reminder for that client's
next appointment, and answer it; the answer shows up in the regisseur's responses list.

The chat state lives in this process's memory (bounded), keyed by a random cookie: the demo has
one process. Forms are protected with a double-submit CSRF cookie, as there is no login here.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casestore.types import utcnow
from dialogs.conversation import MAX_TEXT_LENGTH
from dialogs.events import ChatState, Command, Event, Start, Tap, TextInput
from dialogs.reminders import reminder_reply
from dialogs.render import render
from dialogs.reply import Reply
from locales.languages import LANGUAGES
from web.deps import get_app
from web.forms import clean_text
from web.routes.auth import secure_cookies
from web.templating import page
from web.tokens import new_token, same

router = APIRouter()

COOKIE = "ib_phone"
MAX_SESSIONS = 200
MAX_HISTORY = 60
MAX_COMMAND_ARGS = 200
CHANNEL = "web"


@dataclass
class Bubble:
    mine: bool
    native: str
    dutch: str | None
    lang: str
    rtl: bool
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()


@dataclass
class PhoneSession:
    user_id: int
    csrf: str
    state: ChatState = field(default_factory=ChatState)
    history: list[Bubble] = field(default_factory=list)


def _offered(session: PhoneSession) -> set[str]:
    """Only actions of buttons the visitor was shown can be tapped (as in Telegram)."""
    return {action for bubble in session.history for row in bubble.buttons for _label, action in row}


def _sessions(request: Request) -> OrderedDict[str, PhoneSession]:
    store: OrderedDict[str, PhoneSession] | None = getattr(request.app.state, "phone_sessions", None)
    if store is None:
        store = OrderedDict()
        request.app.state.phone_sessions = store
    return store


def _session(request: Request) -> tuple[str, PhoneSession, bool]:
    sessions = _sessions(request)
    key = request.cookies.get(COOKIE, "")
    if key in sessions:
        sessions.move_to_end(key)
        return key, sessions[key], False
    key = new_token()
    # Negative ids never collide with Telegram users; random so that two visitors never share one.
    session = PhoneSession(user_id=-(10_000_000 + secrets.randbelow(2**40)), csrf=new_token())
    sessions[key] = session
    while len(sessions) > MAX_SESSIONS:
        sessions.popitem(last=False)
    return key, session, True


def _add_replies(session: PhoneSession, replies: list[Reply], lang: str, mode: str) -> None:
    for item in replies:
        rendered = render(item, lang, mode)
        session.history.append(
            Bubble(
                False,
                rendered.native,
                rendered.dutch,
                rendered.lang,
                LANGUAGES[rendered.lang].rtl,
                rendered.buttons,
            )
        )
    del session.history[:-MAX_HISTORY]


async def _act(request: Request, session: PhoneSession, event: Event) -> None:
    app = get_app(request)
    turn = await app.conversation.turn(
        session.user_id, session.user_id, session.state, event, channel=CHANNEL
    )
    _add_replies(session, turn.replies, turn.lang, turn.mode)


def _respond(request: Request, key: str, session: PhoneSession, response: Response) -> Response:
    response.set_cookie(
        COOKIE,
        key,
        httponly=True,
        samesite="strict",
        path="/demo",
        secure=secure_cookies(request, request.app.state.web_config),
        max_age=6 * 3600,
    )
    return response


@router.get("/demo/phone", response_class=HTMLResponse, include_in_schema=False)
async def phone(request: Request) -> Response:
    key, session, new = _session(request)
    if new or not session.history:
        await _act(request, session, Start())
    return _respond(request, key, session, page(request, "phone.html", session=session))


@router.post("/demo/phone", include_in_schema=False)
async def phone_input(request: Request) -> Response:
    key, session, _new = _session(request)
    form = await request.form()
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not same(sent, session.csrf):
        return _respond(request, key, session, RedirectResponse("/demo/phone", status_code=303))
    tap = form.get("tap")
    text = form.get("text")
    event: Event | None = None
    if isinstance(tap, str) and tap in _offered(session):
        label = next(
            (lbl for b in reversed(session.history) for row in b.buttons for lbl, act in row if act == tap),
            tap,
        )
        session.history.append(Bubble(True, label, None, "nl", False))
        event = Tap(tap)
    elif isinstance(text, str) and clean_text(text):
        typed = clean_text(text)
        # The bubble is cut (the history lives in memory); the dialog gets it whole, so an over-long
        # message meets its kind "please write it shorter" instead of being cut without a word.
        shown = typed if len(typed) <= MAX_TEXT_LENGTH else typed[:MAX_TEXT_LENGTH] + "…"
        session.history.append(Bubble(True, shown, None, "nl", False))
        if typed.startswith("/"):
            name, _, args = typed[1:].partition(" ")
            args = args.strip()[:MAX_COMMAND_ARGS]  # as the bot (bot/respond.py)
            event = Start(args or None) if name == "start" else Command(name[:40], args)
        else:
            event = TextInput(typed)
    if event is not None:
        await _act(request, session, event)
    return _respond(request, key, session, RedirectResponse("/demo/phone#end", status_code=303))


@router.post("/demo/phone/reminder", include_in_schema=False)
async def phone_reminder(request: Request) -> Response:
    """Show the reminder the dispatcher would send for the linked demo client's next appointment."""
    key, session, _new = _session(request)
    form = await request.form()
    sent = form.get("csrf_token")
    if isinstance(sent, str) and same(sent, session.csrf):
        app = get_app(request)
        ctx = await app.conversation.context_for(session.user_id, session.user_id, CHANNEL)
        if ctx.client is not None:
            async with app.store.uow() as uow:
                upcoming = await uow.appointments.upcoming_for_client(ctx.client.id)
            if upcoming:
                _add_replies(
                    session,
                    [reminder_reply(upcoming[0], utcnow())],
                    ctx.client.language,
                    ctx.client.reply_mode,
                )
            else:
                session.history.append(
                    Bubble(False, "(Geen komende afspraken voor deze demo-cliënt.)", None, "nl", False)
                )
        else:
            session.history.append(
                Bubble(
                    False,
                    "(Koppel eerst met een uitnodigingscode: tik op de knop "
                    "voor een code en typ de code van de cliëntpagina.)",
                    None,
                    "nl",
                    False,
                )
            )
    return _respond(request, key, session, RedirectResponse("/demo/phone#end", status_code=303))


@router.post("/demo/phone/reset", include_in_schema=False)
async def phone_reset(request: Request) -> Response:
    key, session, _new = _session(request)
    form = await request.form()
    sent = form.get("csrf_token")
    if isinstance(sent, str) and same(sent, session.csrf):
        _sessions(request).pop(key, None)
    return RedirectResponse("/demo/phone", status_code=303)
