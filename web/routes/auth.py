"""Login and logout for staff and partner users.

Login CSRF uses a double-submit cookie (there is no session yet); after login every form carries
the session's own token. A failed login never says whether the name exists or the account is locked.
"""

from __future__ import annotations

import logging
from datetime import datetime

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from casestore.types import utcnow
from web.config import WebConfig
from web.deps import SESSION_COOKIE, LoggedIn, Staff, get_app, get_config, optional_staff
from web.passwords import hash_password, needs_rehash, verify_password
from web.templating import page
from web.tokens import new_token, same, token_hash

log = logging.getLogger(__name__)
router = APIRouter()

LOGIN_CSRF_COOKIE = "ib_login_csrf"
LOGIN_FAILED = (
    "Inloggen is niet gelukt. Controleer je gebruikersnaam en wachtwoord. "
    "Na vijf mislukte pogingen is het account een kwartier geblokkeerd."
)
# As the form's maxlength says. Longer is no account (usernames are 80 long at most) and is refused
# before any lookup: hashing a megabyte "password" with argon2 would cost the server, not the sender.
MAX_USERNAME, MAX_PASSWORD = 80, 200
TOO_LONG = (
    f"De gebruikersnaam mag hoogstens {MAX_USERNAME} en het wachtwoord hoogstens {MAX_PASSWORD} "
    "tekens lang zijn."
)
# A `next` longer than this is no page of ours; it would only make a huge Location header.
MAX_NEXT = 2000


def secure_cookies(request: Request, config: WebConfig) -> bool:
    if config.secure_cookies is not None:
        return config.secure_cookies
    return request.url.scheme == "https"


def safe_next(target: str | None) -> str:
    """Only a local path: an open redirect after login would be a phishing tool.

    Browsers drop tabs and newlines inside URLs ("/<tab>/evil" becomes "//evil"), so any control
    character or space refuses the target, as do "//" and backslashes.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if len(target) > MAX_NEXT:
        return "/"
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in target):
        return "/"
    return target


def home_for(staff: Staff) -> str:
    return "/partner" if staff.role == "partner" else "/caseload"


@router.get("/login", include_in_schema=False)
async def login_form(request: Request, next: str = "/") -> Response:
    staff = await optional_staff(request)
    if staff is not None:
        return RedirectResponse(home_for(staff), status_code=303)
    return _login_page(request, next, error=None)


def _login_page(request: Request, next_url: str, error: str | None, status_code: int = 200) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
    response = page(
        request,
        "login.html",
        status_code=status_code,
        login_csrf=token,
        next_url=safe_next(next_url),
        error=error,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, get_config(request)),
        max_age=3600,
        path="/login",
    )
    return response


@router.post("/login", include_in_schema=False)
async def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not csrf_token or not same(cookie, csrf_token):
        return _login_page(request, next, "Het formulier was verlopen. Probeer het opnieuw.", status_code=403)
    if len(username) > MAX_USERNAME or len(password) > MAX_PASSWORD:
        return _login_page(request, next, TOO_LONG, status_code=422)
    app, config = get_app(request), get_config(request)
    now = utcnow()
    async with app.store.uow() as uow:
        found = await uow.staff.credentials(username.strip())
        # Verify even for unknown or locked users: the time taken must not tell which it was.
        ok = verify_password(found.password_hash if found else None, password)
        locked = found is not None and _locked(found.user.locked_until, now)
        if found is None or not found.user.active or locked or not ok:
            if found is not None and found.user.active and not locked:
                await uow.staff.record_failed_login(found.user.id, now)
            await uow.audit.record(
                actor_kind="staff",
                actor_id=found.user.id if found else None,
                action="login_failed",
                entity="staff_user",
                entity_id=found.user.id if found else None,
            )
            log.info("login failed", extra={"staff_user_id": found.user.id if found else None})
            failed = True
        else:
            failed = False
            user = found.user
            token = new_token()
            session = await uow.staff_sessions.create(
                user.id, token_hash(token), new_token(), config.session_lifetime, now
            )
            await uow.staff.record_login(user.id)
            await uow.staff_sessions.purge_expired(now)  # housekeeping: no job needed for it
            if needs_rehash(found.password_hash):
                await uow.staff.set_password(user.id, hash_password(password))
            await uow.audit.record(
                actor_kind="staff", actor_id=user.id, action="login", entity="staff_user", entity_id=user.id
            )
    if failed:
        return _login_page(request, next, LOGIN_FAILED, status_code=401)
    target = safe_next(next)
    if target == "/":
        target = "/partner" if user.role == "partner" else "/caseload"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request, config),
        max_age=int(session.expires_at.timestamp() - now.timestamp()),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


@router.post("/logout", include_in_schema=False)
async def logout(request: Request, staff: LoggedIn) -> Response:
    app = get_app(request)
    async with app.store.uow() as uow:
        await uow.staff_sessions.delete(staff.session_token_hash)
        await uow.audit.record(
            actor_kind="staff", actor_id=staff.id, action="logout", entity="staff_user", entity_id=staff.id
        )
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
