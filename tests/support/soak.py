"""The soak: many simulated users chatting with the real bot process at once, measured.

Shared by the short form in the suite (tests/bot/test_soak.py) and the long form (bench/soak.py), so
both drive the same thing: `inburgerbot run bot` as its own process, long polling a fake Bot API
(tests/support/fake_bot_api.py) on loopback, with the case store on the given database and its dialog
state in Redis. Before the users start, the real reminder dispatcher sends each of them a reminder
with its answer buttons.

Each simulated user is a linked client. They first answer their reminder (mostly "I'm coming", some
"I can't come" plus a typed reason), then, with a pause of a few seconds between steps like a person,
ask questions in their language, open the menu, tap buttons from the bot's last message, send a
sticker or an unknown command, and sometimes tap their reminder answer a second time. A user waits for
the bot's reply before the next step; the time from handing the update to the Bot API until the first
visible reply is the latency. A reply that is the bot's "something went wrong" notice counts as an
error notice, and a step without any reply within `reply_timeout` as a lost reply; a person would try
again, and so do these users for their reminder answer.

At the end every answer the bot confirmed is looked up in the database: `lost_confirmations` must be 0.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.factory import ERROR_NOTICE, create_bot
from casestore.models import Response
from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs.matcher import NONE, load_examples
from dialogs.render import render
from dialogs.reply import reply
from municipalities.config import load_municipalities
from reminders.dispatcher import dispatch_due
from reminders.settings import DispatchSettings
from tests.support.bulk_seed import insert_due_reminders
from tests.support.fake_bot_api import ChatReply, FakeBotApi

LANGS = ("ar", "ti", "fa", "tr", "so", "uk", "ku", "en", "nl")
CHAT_BASE = 7_000_000
# Taps a soak user leaves alone: privacy (deleting the link would end the user's part of the test),
# voice (espeak-ng per tap is a benchmark of its own: bench/voice.py) and reminder answers (done apart).
SKIPPED_TAPS = ("privacy", "listen", "ra", "feedback")
REASONS = (
    "Mijn kind is ziek",
    "ابني مريض",
    "Hastane randevum var",
    "Я на роботі",
    "Ilmahaygu waa jiran yahay",
)


@dataclass(frozen=True)
class SoakConfig:
    users: int = 200
    duration: float = 30.0  # seconds of chatting after the first reminder answers started
    think: tuple[float, float] = (2.0, 6.0)  # pause between a user's steps, seconds
    reply_timeout: float = 30.0
    answer_retries: int = 3  # how often a user tries their reminder answer again after an error
    seed: int = 2026


@dataclass
class SoakStats:
    updates: int = 0
    replies: int = 0
    lost_replies: int = 0
    latencies: list[float] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    confirmed: dict[int, str] = field(default_factory=dict)  # appointment id → answer the bot confirmed
    reasons_confirmed: set[int] = field(default_factory=set)  # appointment ids whose reason was confirmed
    final_ok: int = 0  # users who got a proper answer to /menu after the run (the bot still answers)


@dataclass
class SoakReport:
    users: int
    seconds: float
    updates: int
    replies: int
    lost_replies: int
    error_notices: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    confirmed: int
    lost_confirmations: int
    lost_reasons: int
    rss_start_mb: float
    rss_end_mb: float
    rss_peak_mb: float
    log_errors: int
    kinds: dict[str, int]
    final_ok: int = 0
    error_log: list[str] = field(default_factory=list)
    rss_curve_mb: list[float] = field(default_factory=list)  # at each quarter of the run

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        return [
            f"users {self.users}, {self.seconds:.1f} s, updates {self.updates} ({self.updates_per_s:.1f}/s), "
            f"replies {self.replies}",
            f"reply latency p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, "
            f"max {self.max_ms:.0f} ms",
            f"errors: lost replies {self.lost_replies}, error notices {self.error_notices}, "
            f"error log lines {self.log_errors}",
            f"reminder answers confirmed {self.confirmed}, lost {self.lost_confirmations}, "
            f"reasons lost {self.lost_reasons}; answering /menu after the run: {self.final_ok}/{self.users}",
            f"bot RSS {self.rss_start_mb:.0f} MB before, {self.rss_end_mb:.0f} MB after, "
            f"peak {self.rss_peak_mb:.0f} MB; by quarter of the run: "
            + " → ".join(f"{mb:.0f}" for mb in self.rss_curve_mb),
            "steps: " + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items())),
        ]


# --- the bot process ------------------------------------------------------------------------------


class BotProcess:
    """`python -m inburgerbot run bot` with its settings in the environment; output goes to a log file."""

    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("INBURGERBOT_")} | dict(env)
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "inburgerbot", "-v", "run", "bot"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    async def wait_polling(self, api: FakeBotApi, within: float = 60.0) -> None:
        """Until the bot's first getUpdates (it warms its models up before polling)."""
        deadline = time.monotonic() + within
        while api.polls == 0:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"the bot ended ({self.process.returncode}):\n{self.log_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not poll within {within:.0f} s:\n{self.log_text()}")
            await asyncio.sleep(0.1)

    def _status_kb(self, key: str) -> int:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def rss_mb(self) -> float:
        return self._status_kb("VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        return self._status_kb("VmHWM") / 1024

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def error_lines(self, ignore: Sequence[str] = ()) -> list[str]:
        return [
            line
            for line in self.log_text().splitlines()
            if (" ERROR " in line or "Traceback" in line) and not any(i in line for i in ignore)
        ]

    async def stop(self) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.to_thread(self.process.wait, 30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return await asyncio.to_thread(self.process.wait, 10)


def bot_env(
    database_url: str, api_url: str, token: str, data_dir: Path, redis_url: str | None, **extra: str
) -> dict[str, str]:
    env = {
        "INBURGERBOT_DATA_DIR": str(data_dir),
        "INBURGERBOT_DATABASE_URL": database_url,
        "INBURGERBOT_BOT_TOKEN": token,
        "INBURGERBOT_TELEGRAM_API_URL": api_url,
        "INBURGERBOT_TELEGRAM_POLL_TIMEOUT": "5",
        **extra,
    }
    if redis_url:
        env["INBURGERBOT_REDIS_URL"] = redis_url
    return env


def new_token() -> str:
    return f"{random.randint(10**9, 9 * 10**9)}:{uuid.uuid4().hex}"


# --- data -------------------------------------------------------------------------------------------


async def seed_users(store: CaseStore, count: int) -> dict[int, tuple[int, str]]:
    """Linked clients, each with an appointment tomorrow and a due reminder.

    Returns chat id → (appointment id, language).
    """
    now = utcnow()
    ids = range(1, count + 1)
    async with store.uow() as uow:
        await insert_due_reminders(uow.session, ids, now, CHAT_BASE, LANGS, location="Stadhuis, Markt 1")
    return {CHAT_BASE + i: (i, LANGS[i % len(LANGS)]) for i in ids}


async def send_reminders(store: CaseStore, api_url: str, token: str) -> int:
    """The real dispatcher sends every due reminder (text and buttons) to the fake Bot API."""
    bot = create_bot(token, api_url)
    settings = DispatchSettings(  # type: ignore[call-arg]
        _env_file=None, global_rate=0, chat_interval=0, media=False, quiet_hours=False
    )
    try:
        report = await dispatch_due(store, bot, municipalities=load_municipalities(), settings=settings)
    finally:
        await bot.session.close()
    return report.sent


async def stored_answers(store: CaseStore) -> dict[int, tuple[str, str | None]]:
    """appointment id → (latest answer, reason) as the database has them."""
    async with store.uow() as uow:
        rows = (await uow.session.execute(select(Response).order_by(Response.id))).scalars().all()
        return {r.appointment_id: (r.answer, r.reason) for r in rows}


def error_notice_text() -> str:
    """The bot's "something went wrong, try again" message as a chat shows it (always in Dutch)."""
    return render(reply(ERROR_NOTICE), "nl").combined()


def questions_by_language() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for example in load_examples():
        if example.topic_id != NONE:
            out.setdefault(example.lang, []).append(example.text)
    return out


# --- one simulated user -------------------------------------------------------------------------


class SimUser:
    def __init__(
        self,
        chat_id: int,
        appointment_id: int,
        lang: str,
        api: FakeBotApi,
        config: SoakConfig,
        stats: SoakStats,
        questions: Sequence[str],
        rng: random.Random,
    ) -> None:
        self.chat_id = chat_id
        self.appointment_id = appointment_id
        self.lang = lang
        self.api = api
        self.config = config
        self.stats = stats
        self.questions = questions
        self.rng = rng
        self.error_text = error_notice_text()
        self.user = {"id": chat_id, "is_bot": False, "first_name": "Soak", "language_code": lang}

    # the updates a Telegram client would produce

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message": {
                "message_id": self.rng.randrange(1, 2**31),
                "date": int(time.time()),
                "chat": {"id": self.chat_id, "type": "private"},
                "from": self.user,
                **content,
            }
        }

    def text(self, text: str) -> dict[str, Any]:
        if text.startswith("/"):
            command = text.split()[0]
            return self._message(
                text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(command)}]
            )
        return self._message(text=text)

    def sticker(self) -> dict[str, Any]:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "sticker-1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self._message(sticker=sticker)

    def tap(self, data: str, message_id: int) -> dict[str, Any]:
        return {
            "callback_query": {
                "id": uuid.uuid4().hex,
                "from": self.user,
                "chat_instance": str(self.chat_id),
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": self.chat_id, "type": "private"},
                    "text": "-",
                },
                "data": data,
            }
        }

    # steps

    async def step(self, kind: str, update: dict[str, Any]) -> ChatReply | None:
        seen = len(self.api.replies_to(self.chat_id))
        started = time.perf_counter()
        self.api.push_update(update)
        self.stats.updates += 1
        self.stats.kinds[kind] = self.stats.kinds.get(kind, 0) + 1
        answer = await self.api.wait_reply(self.chat_id, seen, self.config.reply_timeout)
        if answer is None:
            self.stats.lost_replies += 1
            return None
        self.stats.replies += 1
        self.stats.latencies.append(time.perf_counter() - started)
        return answer

    def _last_buttons(self) -> ChatReply | None:
        for item in reversed(self.api.replies_to(self.chat_id)):
            if item.callbacks:
                return item
        return None

    def _reminder_message(self) -> ChatReply | None:
        for item in self.api.replies_to(self.chat_id):
            if any(c.startswith(f"ra:{self.appointment_id}:") for c in item.callbacks):
                return item
        return None

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.config.think))

    async def answer_reminder(self) -> None:
        message = self._reminder_message()
        if message is None:
            return
        code = "c" if self.rng.random() < 0.7 else "n"
        answer = "coming" if code == "c" else "not_coming"
        for _ in range(1 + self.config.answer_retries):
            got = await self.step(
                "reminder_answer", self.tap(f"ra:{self.appointment_id}:{code}", message.message_id)
            )
            if got is not None and got.text != self.error_text:
                self.stats.confirmed[self.appointment_id] = answer
                break
            await self.pause()
        if code == "n" and self.appointment_id in self.stats.confirmed:
            await self.pause()
            got = await self.step("reason", self.text(self.rng.choice(REASONS)))
            if got is not None and got.text != self.error_text:
                self.stats.reasons_confirmed.add(self.appointment_id)

    async def chat_step(self) -> None:
        roll = self.rng.random()
        if roll < 0.45 and self.questions:
            await self.step("question", self.text(self.rng.choice(self.questions)))
        elif roll < 0.60:
            await self.step("command", self.text(self.rng.choice(("/start", "/menu", "/help"))))
        elif roll < 0.85:
            message = self._last_buttons()
            taps = [
                c for c in (message.callbacks if message else []) if c.partition(":")[0] not in SKIPPED_TAPS
            ]
            if message is None or not taps:
                await self.step("command", self.text("/menu"))
            else:
                await self.step("tap", self.tap(self.rng.choice(taps), message.message_id))
        elif roll < 0.95:
            update = self.sticker() if self.rng.random() < 0.5 else self.text("/doesnotexist")
            await self.step("odd_input", update)
        else:
            message = self._reminder_message()
            answer = self.stats.confirmed.get(self.appointment_id)
            if message is not None and answer is not None:
                code = "c" if answer == "coming" else "n"
                await self.step(
                    "double_tap", self.tap(f"ra:{self.appointment_id}:{code}", message.message_id)
                )
                if code == "n":  # the bot asks for the reason again; leave it
                    await self.step("reason_skip", self.text("/menu"))

    async def final_check(self) -> None:
        """After the run: does the bot still answer this user properly?"""
        got = await self.step("final_menu", self.text("/menu"))
        if got is not None and got.text != self.error_text:
            self.stats.final_ok += 1

    async def run(self, deadline: float, keep_going: asyncio.Event | None = None) -> None:
        """Chat until `deadline`, and past it until `keep_going` is set (a fault injector still at work)."""

        def more() -> bool:
            return time.monotonic() < deadline or (keep_going is not None and not keep_going.is_set())

        await asyncio.sleep(self.rng.uniform(0, self.config.think[1]))
        await self.answer_reminder()
        while more():
            await self.pause()
            if not more():
                break
            await self.chat_step()


# --- the whole run --------------------------------------------------------------------------------


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def run_users(
    api: FakeBotApi,
    users: Mapping[int, tuple[int, str]],
    config: SoakConfig,
    keep_going: asyncio.Event | None = None,
) -> tuple[SoakStats, float]:
    stats = SoakStats()
    questions = questions_by_language()
    master = random.Random(config.seed)
    sims = [
        SimUser(
            chat,
            appointment,
            lang,
            api,
            config,
            stats,
            questions.get(lang, []),
            random.Random(master.random()),
        )
        for chat, (appointment, lang) in users.items()
    ]
    started = time.monotonic()
    deadline = started + config.duration
    await asyncio.gather(*(sim.run(deadline, keep_going) for sim in sims))
    seconds = time.monotonic() - started
    await asyncio.gather(*(sim.final_check() for sim in sims))
    return stats, seconds


async def soak(
    store: CaseStore,
    database_url: str,
    work_dir: Path,
    config: SoakConfig,
    redis_url: str | None = None,
    bot_extra_env: Mapping[str, str] | None = None,
    during: Callable[[FakeBotApi], Awaitable[object]] | None = None,
) -> SoakReport:
    """Seed, start the bot, send the reminders, let the users loose, stop the bot, check the database.

    `during` runs beside the users (a fault injector: Bot API errors, a database outage).
    """
    api = FakeBotApi(keep_texts=True)
    api_url = await api.start()
    token = new_token()
    users = await seed_users(store, config.users)
    bot = BotProcess(
        bot_env(database_url, api_url, token, work_dir, redis_url, **dict(bot_extra_env or {})),
        work_dir / "bot.log",
    )
    try:
        sent = await send_reminders(store, api_url, token)
        assert sent == config.users, f"the dispatcher sent {sent} reminders for {config.users} users"
        bot.start()
        await bot.wait_polling(api)
        rss_start = bot.rss_mb()
        curve: list[float] = []

        async def sample_memory() -> None:
            for _ in range(4):
                await asyncio.sleep(config.duration / 4)
                curve.append(bot.rss_mb())

        sampler = asyncio.create_task(sample_memory())
        if during is None:
            stats, seconds = await run_users(api, users, config)
        else:
            injector_done = asyncio.Event()

            async def inject() -> None:
                try:
                    await during(api)
                finally:
                    injector_done.set()

            (stats, seconds), _ = await asyncio.gather(run_users(api, users, config, injector_done), inject())
        await sampler
        rss_end, rss_peak = bot.rss_mb(), bot.peak_rss_mb()
    finally:
        await bot.stop()
        await api.stop()
    stored = await stored_answers(store)
    lost = sum(1 for a, answer in stats.confirmed.items() if stored.get(a, ("", None))[0] != answer)
    lost_reasons = sum(1 for a in stats.reasons_confirmed if not stored.get(a, ("", None))[1])
    latencies = sorted(stats.latencies)
    # Every "something went wrong" anywhere in the chats, also one that came after a step's first reply.
    error_text = error_notice_text()
    notices = sum(1 for chat in users for item in api.replies_to(chat) if item.text == error_text)
    return SoakReport(
        users=config.users,
        seconds=seconds,
        updates=stats.updates,
        replies=stats.replies,
        lost_replies=stats.lost_replies,
        error_notices=notices,
        p50_ms=_percentile(latencies, 50) * 1000,
        p95_ms=_percentile(latencies, 95) * 1000,
        p99_ms=_percentile(latencies, 99) * 1000,
        max_ms=(latencies[-1] if latencies else 0.0) * 1000,
        confirmed=len(stats.confirmed),
        lost_confirmations=lost,
        lost_reasons=lost_reasons,
        rss_start_mb=rss_start,
        rss_end_mb=rss_end,
        rss_peak_mb=rss_peak,
        log_errors=len(bot.error_lines()),
        kinds=dict(stats.kinds),
        final_ok=stats.final_ok,
        error_log=bot.error_lines(),
        rss_curve_mb=curve,
    )
