"""Demo accounts for the web app: a regisseur with the demo clients, an admin and a partner.

Passwords are new on every `inburgerbot demo` run and printed once, so a demo left running on a
reachable machine does not carry a password anyone could look up.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import update

from casestore.models import Client
from inburgerbot.app import App
from web.passwords import hash_password

DEMO_MUNICIPALITY = "demo"
DEMO_PARTNER_ORG = "Welzijn Demodorp"
ACCOUNTS = (
    ("demo-regisseur", "Demo Regisseur", "regisseur"),
    ("demo-admin", "Demo Beheerder", "admin"),
    ("demo-partner", "Demo Welzijnswerker", "partner"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


async def seed_demo_staff(app: App) -> list[DemoLogin]:
    """Create (or reset the passwords of) the demo accounts; the demo clients go to the demo regisseur."""
    logins: list[DemoLogin] = []
    async with app.store.uow() as uow:
        org = await uow.partner_orgs.get_or_add(DEMO_MUNICIPALITY, DEMO_PARTNER_ORG)
        regisseur_id = None
        for username, name, role in ACCOUNTS:
            password = secrets.token_urlsafe(9)
            existing = await uow.staff.by_username(username)
            if existing is None:
                user = await uow.staff.add(
                    municipality_code=DEMO_MUNICIPALITY,
                    username=username,
                    display_name=name,
                    role=role,
                    password_hash=hash_password(password),
                    partner_org_id=org.id if role == "partner" else None,
                )
            else:
                user = existing
                await uow.staff.set_password(user.id, hash_password(password))
            if role == "regisseur":
                regisseur_id = user.id
            logins.append(DemoLogin(username, password, role))
        await uow.session.execute(
            update(Client)
            .where(
                Client.municipality_code == DEMO_MUNICIPALITY,
                Client.regisseur_id.is_(None),
                Client.external_ref.like("DEMO-%"),
            )
            .values(regisseur_id=regisseur_id)
        )
    return logins


def describe_logins(app: App, logins: list[DemoLogin]) -> str:
    base = f"http://{app.settings.web_host}:{app.settings.web_port}"
    lines = ["", f"Web app login ({base}/login), new passwords on every start:"]
    lines += [f"  {login.role:<10} user {login.username:<15} password {login.password}" for login in logins]
    lines.append(f"Phone preview (chat as a demo client in the browser): {base}/demo/phone")
    return "\n".join(lines)
