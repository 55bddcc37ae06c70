"""CLI commands for appointments, broadcasts, responses and the reminder worker.

  inburgerbot appointment add --client ID --kind KIND --at ISO-DATETIME [--location ...] --json
  inburgerbot appointment move ID --at ISO-DATETIME --json
  inburgerbot appointment cancel ID --json
  inburgerbot appointment show ID --json
  inburgerbot broadcast send --municipality CODE --text TEXT [--translation ar=TEXT] [segment] [--at ISO]
                             --json
  inburgerbot broadcast status ID --json
  inburgerbot broadcast cancel ID --json
  inburgerbot responses [--pending] [--appointment ID] [--client ID] --json
  inburgerbot run worker

A time without a zone (`2026-12-03T14:30`) is read as Europe/Amsterdam (the municipality's zone).
Errors the user can fix raise CaseStoreError subclasses, which the CLI prints as one line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from casestore.enums import AppointmentKind
from casestore.errors import InvalidInputError
from inburgerbot.app import App, build_app, prepare_database
from inburgerbot.settings import Settings

KINDS = tuple(k.value for k in AppointmentKind)
LOCAL_ZONE = "Europe/Amsterdam"


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands to the main parser (`run worker` sits beside `run bot` in cli.py)."""
    appointment = sub.add_parser(
        "appointment", help="add, move or cancel appointments (with their reminders)"
    )
    a_sub = appointment.add_subparsers(dest="appointment_command", required=True)
    add = a_sub.add_parser("add", help="add an appointment and plan its reminders")
    add.add_argument("--client", type=int, required=True)
    add.add_argument("--kind", required=True, choices=KINDS, metavar="KIND", help=", ".join(KINDS))
    add.add_argument("--at", required=True, help="start, ISO 8601 (local Dutch time when no zone is given)")
    add.add_argument("--ends", default=None, help="end, ISO 8601")
    add.add_argument("--location", default=None)
    add.add_argument("--interpreter", default=None, help="interpreter language code")
    add.add_argument("--external-ref", default=None)
    add.add_argument("--json", action="store_true")
    move = a_sub.add_parser("move", help="reschedule an appointment; its reminders move with it")
    move.add_argument("id", type=int)
    move.add_argument("--at", required=True)
    move.add_argument("--json", action="store_true")
    for name, text in (
        ("cancel", "cancel an appointment and notify the client"),
        ("show", "an appointment with its reminders and responses"),
    ):
        p = a_sub.add_parser(name, help=text)
        p.add_argument("id", type=int)
        p.add_argument("--json", action="store_true")

    broadcast = sub.add_parser("broadcast", help="send a message to a segment of clients")
    b_sub = broadcast.add_subparsers(dest="broadcast_command", required=True)
    send = b_sub.add_parser("send", help="send now or at --at; prints the number of recipients")
    send.add_argument("--municipality", required=True)
    send.add_argument("--text", required=True, help="the message in Dutch")
    send.add_argument(
        "--translation",
        action="append",
        default=[],
        metavar="LANG=TEXT",
        help="the message in another language (repeatable)",
    )
    send.add_argument("--route", default=None, help="only clients on this route (b1, onderwijs, z)")
    send.add_argument("--lang", default=None, help="only clients who use this language")
    send.add_argument(
        "--kind", default=None, choices=KINDS, metavar="KIND", help="only clients with such an appointment"
    )
    send.add_argument("--on", default=None, help="only clients with an appointment on this day (YYYY-MM-DD)")
    send.add_argument("--at", default=None, help="send at this time instead of now")
    send.add_argument("--dry-run", action="store_true", help="count the recipients, store nothing")
    send.add_argument("--json", action="store_true")
    for name, text in (
        ("status", "progress: sent / failed / pending"),
        ("cancel", "stop sending what is not sent"),
    ):
        p = b_sub.add_parser(name, help=text)
        p.add_argument("id", type=int)
        p.add_argument("--json", action="store_true")

    responses = sub.add_parser("responses", help="answers on appointments (the export outbox)")
    responses.add_argument("--pending", action="store_true", help="only those not exported yet")
    responses.add_argument("--appointment", type=int, default=None)
    responses.add_argument("--client", type=int, default=None)
    responses.add_argument("--json", action="store_true")


def parse_moment(value: str, zone: str = LOCAL_ZONE) -> datetime:
    """An ISO 8601 date-time; without an offset it is Dutch time, read as RFC 5545 3.3.5 says.

    So a time the March night skips (02:30) gets the winter offset and one the October night has
    twice is the first (zoneinfo's fold=0), as in the web forms and the ICS import.
    """
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"{value[:40]!r} is not an ISO 8601 date-time (e.g. 2026-12-03T14:30)"
        ) from exc
    # Checked before the shift to UTC: year 1 or 9999 would overflow there, with a traceback.
    if not 2000 <= moment.year < 2100:
        raise InvalidInputError(f"{value[:40]!r} is not between the years 2000 and 2100")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    # In UTC: a local time in the skipped hour compares unequal to every other time (PEP 495).
    return moment.astimezone(UTC)


def parse_day(value: str) -> date:
    """A YYYY-MM-DD day (--on), or a one-line error instead of a traceback."""
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(f"{value[:40]!r} is not a day as YYYY-MM-DD (e.g. 2026-12-03)") from exc
    if not 2000 <= day.year < 2100:
        raise InvalidInputError(f"{value[:40]!r} is not between the years 2000 and 2100")
    return day


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _reminders_json(reminders: list[Any]) -> list[dict[str, Any]]:
    keep = ("id", "purpose", "due_at", "state", "attempts", "telegram_message_id", "sent_at", "last_error")
    return [{k: _plain(getattr(r, k)) for k in keep} for r in reminders]


async def _with_app(settings: Settings, work: Callable[[App], Awaitable[Any]]) -> Any:
    app = build_app(settings)
    try:
        await prepare_database(app)
        return await work(app)
    finally:
        await app.store.dispose()


async def _appointment(app: App, args: argparse.Namespace) -> dict[str, Any]:
    from reminders import scheduling

    command = args.appointment_command
    async with app.store.uow() as uow:
        if command == "add":
            starts = parse_moment(args.at)
            ends = parse_moment(args.ends) if args.ends else None
            appointment, reminders = await scheduling.add_appointment(
                uow,
                app.municipalities,
                client_id=args.client,
                kind=args.kind,
                starts_at=starts,
                ends_at=ends,
                location=args.location,
                interpreter_language=args.interpreter,
                external_ref=args.external_ref,
            )
            action = "appointment_created"
        elif command == "move":
            appointment, reminders = await scheduling.reschedule_appointment(
                uow, app.municipalities, args.id, parse_moment(args.at)
            )
            action = "appointment_rescheduled"
        elif command == "cancel":
            appointment, reminders = await scheduling.cancel_appointment(uow, app.municipalities, args.id)
            action = "appointment_cancelled"
        else:
            appointment = await uow.appointments.get(args.id)
            reminders = await uow.reminders.for_appointment(args.id)
            responses = await uow.responses.for_appointment(args.id)
            await uow.audit.record(  # an operator's read of client data is accountable too
                actor_kind="cli",
                actor_id=None,
                action="appointment_viewed",
                entity="appointment",
                entity_id=appointment.id,
                client_id=appointment.client_id,
            )
            return {
                **_plain(asdict(appointment)),
                "reminders": _reminders_json(reminders),
                "responses": [_plain(asdict(r)) for r in responses],
            }
        await uow.audit.record(
            actor_kind="cli",
            actor_id=None,
            action=action,
            entity="appointment",
            entity_id=appointment.id,
            client_id=appointment.client_id,
        )
    return {**_plain(asdict(appointment)), "reminders": _reminders_json(reminders)}


def _translations(pairs: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in pairs:
        lang, sep, text = pair.partition("=")
        if not sep:
            raise InvalidInputError(f"--translation needs LANG=TEXT, got '{pair[:20]}'")
        result[lang.strip()] = text
    return result


async def _broadcast(app: App, args: argparse.Namespace) -> dict[str, Any]:
    from reminders.broadcasts import create_broadcast

    command = args.broadcast_command
    async with app.store.uow() as uow:
        if command == "send":
            plan = await create_broadcast(
                uow,
                app.municipalities,
                municipality_code=args.municipality,
                text_nl=args.text,
                translations=_translations(args.translation),
                route=args.route,
                language=args.lang,
                appointment_kind=args.kind,
                on_day=parse_day(args.on) if args.on else None,
                scheduled_at=parse_moment(args.at) if args.at else None,
                dry_run=args.dry_run,
            )
            return {
                "id": plan.broadcast.id if plan.broadcast else None,
                "dry_run": args.dry_run,
                "recipients": plan.recipients,
                "not_linked": plan.not_linked,
                "unreachable": plan.unreachable,
                "send_at": plan.due_at.isoformat(),
                "state": (plan.broadcast.state if plan.recipients else "done") if plan.broadcast else None,
            }
        if command == "cancel":
            cancelled = await uow.broadcasts.cancel(args.id)
            return {**asdict(await uow.broadcasts.progress(args.id)), "cancelled_now": cancelled}
        return asdict(await uow.broadcasts.progress(args.id))


async def _responses(app: App, args: argparse.Namespace) -> list[dict[str, Any]]:
    async with app.store.uow() as uow:
        if args.appointment is not None:
            rows = await uow.responses.for_appointment(args.appointment)
        elif args.client is not None:
            rows = await uow.responses.for_client(args.client)
        else:
            rows = await uow.responses.all()
        shown = [r for r in rows if not args.pending or r.export_state == "pending"]
        # One row per client whose answers were shown: the audit viewer is per municipality and client.
        for client_id in sorted({r.client_id for r in shown}):
            await uow.audit.record(
                actor_kind="cli",
                actor_id=None,
                action="responses_listed",
                entity="client",
                entity_id=client_id,
                client_id=client_id,
                detail={"rows": sum(1 for r in shown if r.client_id == client_id)},
            )
    return [_plain(asdict(r)) for r in shown]


async def _run_worker(app: App) -> None:
    from reminders.worker import run_worker

    await run_worker(app, on_ready=lambda owner: print(f"worker {owner} running", flush=True))


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run one of this module's commands; returns the exit code."""
    if args.command == "run":
        asyncio.run(_with_app(settings, _run_worker))
        return 0
    work = {"appointment": _appointment, "broadcast": _broadcast, "responses": _responses}[args.command]
    result = asyncio.run(_with_app(settings, lambda app: work(app, args)))
    if getattr(args, "json", False):
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(_human(args, result))
    return 0


def _human(args: argparse.Namespace, result: Any) -> str:
    if args.command == "responses":
        return (
            "\n".join(
                f"#{r['id']} appointment {r['appointment_id']}: {r['answer']} ({r['export_state']})"
                for r in result
            )
            or "no responses"
        )
    if args.command == "appointment":
        due = ", ".join(f"{r['purpose']} {r['due_at']} {r['state']}" for r in result["reminders"]) or "none"
        return f"appointment {result['id']} ({result['status']}, {result['starts_at']}); reminders: {due}"
    if "recipients" in result:
        return (
            f"broadcast {result['id']}: {result['recipients']} recipients, sending from {result['send_at']}"
        )
    return (
        f"broadcast {result['broadcast_id']} ({result['state']}): {result['sent']} sent, "
        f"{result['failed']} failed, {result['pending']} pending of {result['total']}"
    )
