"""The `inburgerbot` command. Errors the user can fix print one line and exit non-zero, no traceback."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from casestore import invite_codes
from casestore.errors import CaseStoreError
from dialogs.reply import Msg
from inburgerbot.app import App, build_app, prepare_database
from inburgerbot.logs import configure as configure_logging
from inburgerbot.settings import Settings
from locales.languages import UnknownLanguageError, normalize_language
from media.commands import add_media_parsers, run_media_command
from municipalities.config import ConfigError
from translation.cli import add_translate_parser, run_translate

EXIT_USAGE = 2
EXIT_FAILURE = 1


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _language(value: str) -> str:
    try:
        return normalize_language(value)
    except UnknownLanguageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inburgerbot", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log more (never message texts)")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the migrations")

    demo = sub.add_parser("demo", help="set up the demo municipality and start what runs locally")
    demo.add_argument("--no-serve", action="store_true", help="only seed the demo data, then exit")

    run = sub.add_parser("run", help="run a long-lived part (bot, ...)")
    run_sub = run.add_subparsers(dest="run_command", required=True)
    run_bot = run_sub.add_parser("bot", help="the Telegram bot: long polling, or --webhook URL")
    run_bot.add_argument(
        "--webhook",
        metavar="URL",
        default=None,
        help="public https URL of POST /telegram/webhook; registers it, then serves the web app",
    )
    run_bot.add_argument(
        "--register-only",
        action="store_true",
        help="with --webhook: only call setWebhook (the web app runs elsewhere)",
    )
    run_sub.add_parser("worker", help="reminders and broadcasts: dispatcher, daily digest, retention purge")

    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument(
        "--lang", type=_language, default=None, help="language code (nl en ar ti fa tr so uk ku)"
    )

    explain = sub.add_parser("explain", help="print a rights-and-obligations topic")
    explain.add_argument("topic", help="topic id, e.g. boetes; 'list' prints all ids")
    explain.add_argument("--lang", type=_language, default="nl")
    explain.add_argument("--municipality", default=None, help="municipality code (default: the demo)")
    explain.add_argument("--more", action="store_true", help="the 'tell me more' part")
    explain.add_argument("--json", action="store_true", help="print JSON")

    client = sub.add_parser("client", help="manage clients")
    client_sub = client.add_subparsers(dest="client_command", required=True)
    add = client_sub.add_parser("add", help="add a client and make an invite code")
    add.add_argument("--municipality", required=True)
    add.add_argument("--lang", type=_language, required=True)
    add.add_argument("--name", default=None)
    add.add_argument("--external-ref", default=None)
    add.add_argument("--json", action="store_true", help="print JSON")
    add_translate_parser(sub, _language)
    from inburgerbot.cli_answer import add_answer_parser

    add_answer_parser(sub, _language)
    add_media_parsers(sub, _language)
    from inburgerbot.staff_cli import add_user_parser

    add_user_parser(sub)
    from inburgerbot.cli_reminders import add_commands as add_reminder_commands

    add_reminder_commands(sub)
    return parser


async def _with_app(settings: Settings, work: Callable[[App], Awaitable[Any]]) -> Any:
    app = build_app(settings)
    try:
        await prepare_database(app)
        return await work(app)
    finally:
        await app.store.dispose()


async def _client_add(app: App, args: argparse.Namespace) -> dict[str, Any]:
    if args.municipality not in app.municipalities:
        raise CliError(
            f"unknown municipality '{args.municipality}'; known: {', '.join(sorted(app.municipalities))}"
        )
    async with app.store.uow() as uow:
        client = await uow.clients.add(
            municipality_code=args.municipality,
            language=args.lang,
            display_name=args.name,
            external_ref=args.external_ref,
        )
        invite = await uow.invites.create(client.id, timedelta(days=app.settings.invite_ttl_days))
        await uow.audit.record(
            actor_kind="cli",
            actor_id=None,
            action="client_created",
            entity="client",
            entity_id=client.id,
            client_id=client.id,
        )
    return {
        "id": client.id,
        "municipality": client.municipality_code,
        "language": client.language,
        "invite_code": invite_codes.display(invite.code),
        "invite_link": invite_codes.deep_link(app.settings.bot_username, invite.code),
        "invite_expires_at": invite.expires_at.isoformat(),
    }


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(
            f"inburgerbot: invalid setting {'.'.join(map(str, first['loc']))}: {first['msg']}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        return _dispatch(args, settings)
    except (CliError, ConfigError, CaseStoreError) as exc:
        print(f"inburgerbot: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        asyncio.run(_with_app(settings, _noop))
        print("database is up to date")
        return 0
    if args.command == "client":
        result = asyncio.run(_with_app(settings, lambda app: _client_add(app, args)))
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(f"client {result['id']}: invite code {result['invite_code']} ({result['invite_link']})")
        return 0
    if args.command == "explain":
        return _explain(args, settings)
    if args.command == "user":
        from inburgerbot.staff_cli import run_user

        return run_user(args, settings)
    if args.command == "answer":
        from inburgerbot.cli_answer import run_answer

        return run_answer(args, settings)
    if args.command == "translate":
        return run_translate(args, settings)
    if args.command in ("card", "voice"):
        return run_media_command(args, settings)
    if args.command == "run" and args.run_command == "bot":
        if settings.bot_token is None:  # the commonest mistake, said before anything is loaded
            raise CliError("INBURGERBOT_BOT_TOKEN is not set; get a token from @BotFather and set it")
        from bot.runner import BotSetupError, bot_token, run_bot

        try:
            bot_token(settings)
            asyncio.run(_with_app(settings, lambda app: run_bot(app, args.webhook, args.register_only)))
        except BotSetupError as exc:
            raise CliError(str(exc)) from exc
        return 0
    if args.command in ("appointment", "broadcast", "responses") or (
        args.command == "run" and args.run_command == "worker"
    ):
        from inburgerbot.cli_reminders import run_command

        return run_command(args, settings)
    if args.command == "chat":
        from inburgerbot.console_chat import run_console

        asyncio.run(_with_app(settings, lambda app: run_console(app, args.lang)))
        return 0
    if args.command == "demo":
        from inburgerbot.demo import run_demo

        asyncio.run(run_demo(settings, serve=not args.no_serve))
        return 0
    raise CliError(f"unknown command {args.command}")


def _explain(args: argparse.Namespace, settings: Settings) -> int:
    """Needs no database: content plus municipality configuration only."""
    from dialogs.explainers import TOPICS_BY_ID, topic_lines
    from dialogs.render import render_line
    from municipalities.config import load_municipalities

    if args.topic == "list":
        print("\n".join(TOPICS_BY_ID))
        return 0
    municipalities = load_municipalities(settings.municipalities_dir)
    code = args.municipality or settings.default_municipality
    if code not in municipalities:
        raise CliError(f"unknown municipality '{code}'; known: {', '.join(sorted(municipalities))}")
    if args.topic not in TOPICS_BY_ID:
        raise CliError(f"unknown topic '{args.topic}'; see: inburgerbot explain list")
    lines = topic_lines(args.topic, municipalities[code], more=args.more)
    texts = {lang: "\n\n".join(render_line(line, lang) for line in lines) for lang in (args.lang, "nl")}
    result = {
        "topic": args.topic,
        "lang": args.lang,
        "municipality": code,
        "title": render_line(Msg(TOPICS_BY_ID[args.topic].label), args.lang),
        "text": texts[args.lang],
        "text_nl": texts["nl"],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(f"{result['title']}\n\n{result['text']}\n\n— — —\n{result['text_nl']}")
    return 0


async def _noop(app: App) -> None:
    return None


def main() -> None:
    sys.exit(run())
