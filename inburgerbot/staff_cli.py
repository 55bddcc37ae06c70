"""`inburgerbot user add`: staff and partner accounts for the web app.

A password never appears on the command line (it would show in `ps` and the shell history): it is
read from standard input with --password-stdin, or generated and printed once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
from typing import Any

from casestore.enums import StaffRole
from inburgerbot.app import App, build_app, prepare_database
from inburgerbot.settings import Settings
from web.passwords import hash_password, password_problem


class UserCommandError(Exception):
    """A problem the operator can fix; printed as one line."""


def add_user_parser(sub: Any) -> None:
    user = sub.add_parser("user", help="manage web app accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="add a regisseur, admin or partner user")
    add.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    add.add_argument("--municipality", required=True, help="municipality code, e.g. demo")
    add.add_argument("--username", required=True)
    add.add_argument("--name", default=None, help="display name (default: the username)")
    add.add_argument(
        "--partner-org", default=None, help="partner organisation name (role partner); made if new"
    )
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--json", action="store_true", help="print JSON")


def generated_password() -> str:
    return secrets.token_urlsafe(15)


async def add_user(
    app: App,
    *,
    role: str,
    municipality: str,
    username: str,
    name: str | None,
    partner_org: str | None,
    password: str,
) -> dict[str, Any]:
    if municipality not in app.municipalities:
        raise UserCommandError(
            f"unknown municipality '{municipality}'; known: {', '.join(sorted(app.municipalities))}"
        )
    if role == StaffRole.PARTNER and not partner_org:
        raise UserCommandError("a partner user needs --partner-org")
    if role != StaffRole.PARTNER and partner_org:
        raise UserCommandError("--partner-org is only for partner users")
    problem = password_problem(password)
    if problem:
        raise UserCommandError(problem)
    username = username.strip()
    if not username or len(username) > 80:
        raise UserCommandError("a username needs 1 to 80 characters")
    async with app.store.uow() as uow:
        org_id = None
        if partner_org:
            org_id = (await uow.partner_orgs.get_or_add(municipality, partner_org.strip())).id
        user = await uow.staff.add(
            municipality_code=municipality,
            username=username,
            display_name=(name or username).strip(),
            role=role,
            password_hash=hash_password(password),
            partner_org_id=org_id,
        )
        await uow.audit.record(
            actor_kind="cli",
            actor_id=None,
            action="staff_user_created",
            entity="staff_user",
            entity_id=user.id,
        )
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "municipality": user.municipality_code,
        "partner_org_id": user.partner_org_id,
    }


def run_user(args: argparse.Namespace, settings: Settings) -> int:
    from casestore.errors import InvalidInputError

    generated = not args.password_stdin
    password = generated_password() if generated else sys.stdin.readline().rstrip("\n")

    async def work() -> dict[str, Any]:
        app = build_app(settings)
        try:
            await prepare_database(app)
            return await add_user(
                app,
                role=args.role,
                municipality=args.municipality,
                username=args.username,
                name=args.name,
                partner_org=args.partner_org,
                password=password,
            )
        finally:
            await app.store.dispose()

    try:
        result = asyncio.run(work())
    except (UserCommandError, InvalidInputError) as exc:
        print(f"inburgerbot: {exc}", file=sys.stderr)
        return 1
    if generated:
        result["password"] = password
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            f"user {result['id']} '{result['username']}' ({result['role']}, {result['municipality']}) added"
        )
        if generated:
            print(f"password (shown once): {password}")
    return 0
