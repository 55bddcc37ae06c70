"""What every route needs: the App, the logged-in staff member with their role and scope, and CSRF.

Authorisation lives here and in casestore's `Scope`: a route declares the roles it allows with
`require(...)`, and reads client data only through scoped repository calls.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as PathParam

from casestore.enums import StaffRole
from casestore.repositories.caseload import Scope
from casestore.repositories.staff import StaffUserDTO
from inburgerbot.app import App
from web.config import WebConfig
from web.tokens import same, token_hash

SESSION_COOKIE = "ib_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequiredError(Exception):
    """No valid session: HTML routes redirect to the login page."""


class ForbiddenError(Exception):
    """Logged in, but this role may not use this route."""


class CsrfError(Exception):
    """A state-changing request without the session's CSRF token."""


class NotInScopeError(Exception):
    """The thing does not exist or lies outside the user's scope: both look the same (404)."""


@dataclass(frozen=True)
class Staff:
    user: StaffUserDTO
    csrf_token: str
    session_token_hash: str

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def municipality_code(self) -> str:
        return self.user.municipality_code

    @property
    def is_admin(self) -> bool:
        return self.user.role == StaffRole.ADMIN

    def scope(self) -> Scope:
        """Regisseur: own caseload. Admin: the whole municipality. Partners have no client scope."""
        if self.user.role == StaffRole.ADMIN:
            return Scope(self.user.municipality_code)
        if self.user.role == StaffRole.REGISSEUR:
            return Scope(self.user.municipality_code, regisseur_id=self.user.id)
        raise ForbiddenError("partners see no client data")


def get_app(request: Request) -> App:
    return request.app.state.ib  # type: ignore[no-any-return]


def get_config(request: Request) -> WebConfig:
    return request.app.state.web_config  # type: ignore[no-any-return]


async def optional_staff(request: Request) -> Staff | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    app = get_app(request)
    async with app.store.uow() as uow:
        found = await uow.staff_sessions.valid(token_hash(token))
    if found is None:
        return None
    session, user = found
    staff = Staff(user=user, csrf_token=session.csrf_token, session_token_hash=token_hash(token))
    request.state.staff = staff
    return staff


async def current_staff(request: Request) -> Staff:
    """The logged-in user; every non-GET request must also carry the session's CSRF token."""
    staff = await optional_staff(request)
    if staff is None:
        raise LoginRequiredError()
    if request.method not in SAFE_METHODS:
        await check_csrf(request, staff.csrf_token)
    return staff


async def check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not same(sent, expected):
        raise CsrfError()


def require(*roles: StaffRole) -> Callable[..., Awaitable[Staff]]:
    """A dependency that admits only the given roles."""
    allowed = {str(r) for r in roles}

    async def dependency(staff: Annotated[Staff, Depends(current_staff)]) -> Staff:
        if staff.role not in allowed:
            raise ForbiddenError()
        return staff

    return dependency


STAFF = (StaffRole.REGISSEUR, StaffRole.ADMIN)
require_caseworker = require(*STAFF)
require_regisseur = require(StaffRole.REGISSEUR)
require_admin = require(StaffRole.ADMIN)
require_partner = require(StaffRole.PARTNER)

# A row id in a URL. Id columns are PostgreSQL `integer`s: a larger number can name no row, and
# would overflow in the driver (a 500); refused here, web.app answers it as "not found".
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, PathParam(ge=1, le=MAX_ROW_ID)]

# Route parameters: `staff: CaseWorker` admits regisseurs and admins, and so on.
LoggedIn = Annotated[Staff, Depends(current_staff)]
CaseWorker = Annotated[Staff, Depends(require_caseworker)]
AdminUser = Annotated[Staff, Depends(require_admin)]
PartnerUser = Annotated[Staff, Depends(require_partner)]
