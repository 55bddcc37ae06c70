"""`inburgerbot card ...` and `inburgerbot voice ...`: cards and voice notes for operators and tests.

    inburgerbot card timeline --client ID --out FILE.png [--lang LANG] [--today YYYY-MM-DD]
    inburgerbot card topic TOPIC --lang LANG --out FILE.png [--municipality CODE]
    inburgerbot card appointment --id ID --out FILE.png [--lang LANG]
    inburgerbot voice TOPIC --lang LANG --out FILE.ogg [--more] [--municipality CODE]

Problems the operator can fix (unknown client, topic or language without a voice) print one line and
exit 1, like the other commands.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from casestore.errors import NotFoundError
from casestore.migrate import upgrade
from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs import explainers, pictures
from dialogs.render import render_line
from dialogs.reply import Picture
from inburgerbot.settings import Settings
from media.cards import CardPainter
from media.ogg import read_ogg_opus
from media.voice import NoVoiceError, SynthesisError, VoiceMaker
from municipalities.config import load_municipalities


class MediaCommandError(Exception):
    """A problem the operator can fix; printed as one line."""


def add_media_parsers(sub: Any, language: Callable[[str], str]) -> None:
    """Adds `card` and `voice` to the `inburgerbot` command line."""
    card = sub.add_parser("card", help="draw a picture card as PNG")
    card_sub = card.add_subparsers(dest="card_command", required=True)
    timeline = card_sub.add_parser("timeline", help="a client's trajectory, with their dates")
    timeline.add_argument("--client", type=int, required=True)
    timeline.add_argument("--lang", type=language, default=None, help="default: the client's language")
    timeline.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    timeline.add_argument("--out", type=Path, required=True)
    topic = card_sub.add_parser("topic", help="a key topic: pvt, map, boetes, missed_appointment")
    topic.add_argument("topic")
    topic.add_argument("--lang", type=language, default="nl")
    topic.add_argument("--municipality", default=None)
    topic.add_argument("--out", type=Path, required=True)
    appointment = card_sub.add_parser("appointment", help="the card that comes with a reminder")
    appointment.add_argument("--id", type=int, required=True)
    appointment.add_argument("--lang", type=language, default=None, help="default: the client's language")
    appointment.add_argument("--out", type=Path, required=True)

    voice = sub.add_parser("voice", help="a topic as an OGG/Opus voice note")
    voice.add_argument("topic")
    voice.add_argument("--lang", type=language, default="nl")
    voice.add_argument("--more", action="store_true", help="the 'tell me more' part")
    voice.add_argument("--municipality", default=None)
    voice.add_argument("--out", type=Path, required=True)
    voice.add_argument("--json", action="store_true", help="print JSON")


def run_media_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command == "voice":
            result = asyncio.run(_voice(args, settings))
            if args.json:
                print(json.dumps(result, ensure_ascii=False))
            else:
                print(
                    f"{result['out']}: OGG/Opus, {result['duration_s']} s, "
                    f"{result['source']}, {result['lang']}"
                )
            return 0
        result = asyncio.run(_card(args, settings))
        print(f"{result['out']}: PNG {result['width']}×{result['height']}, {result['lang']}")
        return 0
    except MediaCommandError as exc:
        print(f"inburgerbot: {exc}", file=sys.stderr)
        return 1


def _municipality(settings: Settings, code: str | None) -> Any:
    municipalities = load_municipalities(settings.municipalities_dir)
    code = code or settings.default_municipality
    if code not in municipalities:
        raise MediaCommandError(f"unknown municipality '{code}'; known: {', '.join(sorted(municipalities))}")
    return municipalities[code]


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise MediaCommandError(f"cannot write {path}: {exc.strerror}") from exc


async def _voice(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    if args.topic not in explainers.TOPICS_BY_ID:
        raise MediaCommandError(f"unknown topic '{args.topic}'; see: inburgerbot explain list")
    municipality = _municipality(settings, args.municipality)
    lines = explainers.topic_reply(args.topic, municipality, more=args.more).body
    text = "\n".join(render_line(line, args.lang) for line in lines)
    recording = f"{args.topic}/more" if args.more else args.topic
    maker = VoiceMaker(settings.data_dir / "voice-cache", settings.recordings_dir)
    try:
        note = await maker.speak(text, args.lang, recording)
    except NoVoiceError as exc:
        where = maker.recordings_dir / recording / f"{args.lang}.ogg"
        raise MediaCommandError(
            f"no voice for '{args.lang}': espeak-ng has none and there is no recording at {where}; "
            "use --lang nl, or put a recording there"
        ) from exc
    except SynthesisError as exc:
        raise MediaCommandError(str(exc)) from exc
    _write(args.out, note.audio)
    info = read_ogg_opus(note.audio)
    return {
        "out": str(args.out),
        "lang": args.lang,
        "source": note.source,
        "cached": note.cached,
        "duration_s": round(info.duration_s, 2),
        "bytes": len(note.audio),
    }


async def _card(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    if args.card_command == "topic":
        picture = pictures.topic_picture(args.topic, _municipality(settings, args.municipality))
        if picture is None:
            raise MediaCommandError(
                f"no card for topic '{args.topic}'; cards exist for: {', '.join(pictures.CARD_TOPICS)}"
            )
        return _paint(picture, args.lang, args.out)
    store = CaseStore.from_url(settings.resolved_database_url())
    try:
        await upgrade(store.engine)
        async with store.uow() as uow:
            if args.card_command == "timeline":
                client = await uow.clients.get(args.client)
                appointments = await uow.appointments.all_for_client(client.id)
                today = args.today or utcnow().astimezone(pictures.AMSTERDAM).date()
                picture = pictures.timeline_picture(client, appointments, today)
            else:
                appointment = await uow.appointments.get(args.id)
                client = await uow.clients.get(appointment.client_id)
                picture = pictures.appointment_picture(appointment)
    except NotFoundError as exc:
        raise MediaCommandError(str(exc)) from exc
    finally:
        await store.dispose()
    return _paint(picture, args.lang or client.language, args.out)


def _paint(picture: Picture, lang: str, out: Path) -> dict[str, Any]:
    image = CardPainter().paint(picture, lang)
    _write(out, image.png)
    return {"out": str(out), "lang": lang, "width": image.width, "height": image.height}
