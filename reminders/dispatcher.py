"""The dispatcher: claim due outbox rows with a lease, render, send at Telegram's pace, record the result.

Why at most one message can be repeated when a worker dies: a worker has at most one message "in
flight" — sent to Telegram but not yet recorded as sent — because it records each message before it
sends the next. Rows it had claimed but not sent were never sent, so the worker that takes them over
after the lease runs out sends them for the first time. The Bot API has no idempotency key, so the
one in-flight message is the floor; see docs/reminders.md.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import secrets
import socket
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from aiogram import Bot

from casestore.repositories.reminders import ClaimedReminder, SentRecorder
from casestore.types import utcnow
from casestore.uow import CaseStore, UnitOfWork
from dialogs.render import RenderedReply
from media.outgoing import MediaService
from municipalities.config import Municipality, load_municipalities
from reminders.companions import ReminderCompanions
from reminders.messages import render_claimed
from reminders.policy import (
    BROADCAST_PURPOSE,
    CANCELLED_PURPOSE,
    awake_municipalities,
    is_appointment_reminder,
)
from reminders.ratelimit import LocalRateLimiter, RateLimiter
from reminders.sending import (
    BlockedError,
    MediaSender,
    MessageSender,
    PermanentSendError,
    RateLimitedError,
    SendError,
    SenderUnusableError,
    TransientSendError,
    as_sender,
)
from reminders.settings import DispatchSettings

log = logging.getLogger(__name__)
T = TypeVar("T")

# How long a worker keeps trying to record a message it has sent while the database is away.
RECORD_GIVE_UP = 600.0
# ...unless the worker is asked to stop: then it leaves after this long (that message may repeat).
STOP_GIVE_UP = 10.0


@dataclass
class DispatchReport:
    """What one `run_once` did. `unrecorded` counts messages sent but not recorded: they may repeat."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    blocked: int = 0
    rate_limited: int = 0
    released: int = 0
    lost_lease: int = 0
    unrecorded: int = 0
    cards: int = 0
    voice_notes: int = 0
    elapsed: float = 0.0
    message_ids: dict[int, int] = field(default_factory=dict)

    def merge(self, other: DispatchReport) -> None:
        for name in (
            "claimed",
            "sent",
            "retried",
            "failed",
            "cancelled",
            "blocked",
            "rate_limited",
            "released",
            "lost_lease",
            "unrecorded",
            "cards",
            "voice_notes",
            "elapsed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.message_ids.update(other.message_ids)


def new_owner_id() -> str:
    """Unique per worker process and start, readable in the table: host:pid:random."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


class Dispatcher:
    """One worker's sending lane. Safe to run in many processes against one database at once."""

    def __init__(
        self,
        store: CaseStore,
        sender: MessageSender | Bot,
        municipalities: Mapping[str, Municipality],
        settings: DispatchSettings | None = None,
        limiter: RateLimiter | None = None,
        owner: str | None = None,
        keep_message_ids: bool = False,
        media: MediaService | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or DispatchSettings()
        self.sender = as_sender(sender, self.settings.send_timeout)
        self.municipalities = dict(municipalities)
        self.limiter = limiter or LocalRateLimiter(self.settings.global_rate, self.settings.chat_interval)
        self.owner = owner or new_owner_id()
        self._stopping = False
        self._failures = 0
        self._keep_ids = keep_message_ids
        self.recorder = SentRecorder(store, self.settings.record_sync_commit)
        self._rendered: dict[int, RenderedReply | None] = {}
        # Cards and voice notes with appointment reminders: when there is media, the setting allows
        # it, and the sender can send them (a plain MessageSender sends text only).
        self.companions: ReminderCompanions | None = None
        if media is not None and self.settings.media and isinstance(self.sender, MediaSender):
            self.companions = ReminderCompanions(media, self.sender)
        # Rows whose card went out (or was given up) while their text did not yet: after a 429 or a
        # retry the text goes again, the card does not. Bounded; dropped when the row is final.
        self._carded: OrderedDict[int, None] = OrderedDict()

    async def close(self) -> None:
        """Release the recorder's connection (the worker calls this when it stops)."""
        await self.recorder.close()

    def stop(self) -> None:
        """Finish the message in flight, give back what is claimed, and return from `run_once`."""
        self._stopping = True

    # --- the loop -----------------------------------------------------------------------------

    async def run_once(self, now: datetime | None = None, limit: int | None = None) -> DispatchReport:
        """Claim and send due rows until none is left (or `limit` rows were claimed).

        `now` fixes the clock (tests, emulator runs); by default the real time is used.
        """
        report = DispatchReport()
        started = time.perf_counter()
        clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
        while not self._stopping and (limit is None or report.claimed < limit):
            size = (
                self.settings.batch_size
                if limit is None
                else min(self.settings.batch_size, limit - report.claimed)
            )
            batch = await self._claim(clock(), size)
            if not batch:
                break
            report.claimed += len(batch)
            await self._process(batch, report, clock)
        report.elapsed = time.perf_counter() - started
        return report

    async def _claim(self, now: datetime, size: int) -> list[ClaimedReminder]:
        awake: set[str] | None = None
        if self.settings.quiet_hours:
            awake = awake_municipalities(self.municipalities, now)
            if awake == set(self.municipalities):
                awake = None
            elif not awake:
                return []
        async with self.store.uow() as uow:
            batch = await uow.reminders.claim(
                owner=self.owner,
                now=now,
                lease=timedelta(seconds=self.settings.lease_seconds),
                limit=size,
                municipalities=awake,
            )
            await uow.broadcasts.mark_sending(sorted({b.broadcast.id for b in batch if b.broadcast}))
        if batch:
            log.debug("claimed", extra={"owner": self.owner, "count": len(batch)})
        return batch

    async def _process(
        self, batch: list[ClaimedReminder], report: DispatchReport, clock: Callable[[], datetime]
    ) -> None:
        queue: deque[tuple[float, ClaimedReminder]] = deque((0.0, item) for item in batch)
        broadcasts = {item.broadcast.id for item in batch if item.broadcast is not None}
        try:
            while queue:
                if self._stopping:
                    break
                ready_at, item = queue.popleft()
                mono = time.monotonic()
                if ready_at > mono:
                    # This chat had a message less than chat_interval ago: try another chat first.
                    if all(r > mono for r, _ in queue):
                        await asyncio.sleep(min([ready_at, *(r for r, _ in queue)]) - mono)
                    queue.append((ready_at, item))
                    continue
                now = clock()
                if (item.lease_until - now).total_seconds() < self.settings.lease_margin:
                    held = await self._renew([item, *(i for _, i in queue)], now)
                    report.lost_lease += 1 + len(queue) - len(held)
                    queue = deque((r, held[i.id]) for r, i in queue if i.id in held)
                    if item.id not in held:
                        continue
                    item = held[item.id]
                upcoming = queue[0][1] if queue else None
                next_step = await self._handle(item, now, report, upcoming)
                if next_step == "again":
                    queue.appendleft((0.0, item))
                elif isinstance(next_step, float):
                    queue.append((time.monotonic() + next_step, item))
        finally:
            self._rendered.clear()
            left = [item for _, item in queue]
            if left:
                await self._give_back(left, clock(), report)
            if broadcasts:
                await self._db(lambda uow: uow.broadcasts.finish_complete(sorted(broadcasts)), give_up=30)

    def _render(self, item: ClaimedReminder, now: datetime) -> RenderedReply | None:
        """Render once per row: the next row is rendered while this one's send or record is in flight."""
        if item.id not in self._rendered:
            municipality = self.municipalities.get(item.municipality_code)
            self._rendered[item.id] = (
                render_claimed(item, municipality, now) if municipality is not None else None
            )
        return self._rendered[item.id]

    async def _overlapped(self, work: Awaitable[T], upcoming: ClaimedReminder | None, now: datetime) -> T:
        """Await `work` and use the wait (network, database) to render the next row."""
        task = asyncio.ensure_future(work)
        if (
            upcoming is not None
            and upcoming.id not in self._rendered
            and self._precheck(upcoming, now) is None
        ):
            await asyncio.sleep(0)  # let the request go out first
            self._render(upcoming, now)
        return await task

    async def _handle(
        self,
        item: ClaimedReminder,
        now: datetime,
        report: DispatchReport,
        upcoming: ClaimedReminder | None = None,
    ) -> str | float | None:
        """Send one row. Returns "again" (retry now), a delay in seconds (another chat first), or None."""
        verdict = self._precheck(item, now)
        if verdict is not None:
            state, reason = verdict
            await self._finish(item, state, reason)
            if state == "failed":
                report.failed += 1
            else:
                report.cancelled += 1
            return None
        rendered = self._render(item, now)
        if rendered is None:
            await self._finish(item, "failed", "nothing to render")
            report.failed += 1
            return None
        assert item.chat_id is not None
        wait = await self.limiter.try_acquire(item.chat_id)
        if not wait.go:
            if wait.reason == "chat":
                return wait.seconds
            await asyncio.sleep(wait.seconds)
            return "again"
        try:
            if self.companions is not None and item.id not in self._carded:
                if await self.companions.send_card(item, now):
                    report.cards += 1
                self._mark_carded(item.id)
            message_id = await self._overlapped(self.sender.send(item.chat_id, rendered), upcoming, now)
        except RateLimitedError as exc:
            report.rate_limited += 1
            log.warning(
                "telegram asked to slow down", extra={"retry_after": exc.retry_after, "owner": self.owner}
            )
            await self.limiter.pause(exc.retry_after)
            return "again"
        except BlockedError:
            await self._blocked(item, now)
            report.blocked += 1
            return None
        except TransientSendError as exc:
            self._failures += 1
            if item.attempts >= self.settings.max_attempts:
                await self._finish(item, "failed", str(exc))
                report.failed += 1
            else:
                await self._retry_later(item, now, str(exc))
                report.retried += 1
            # Back off the whole lane too while Telegram or the network is failing.
            await asyncio.sleep(min(self.settings.backoff_base / 10 * 2 ** (self._failures - 1), 5.0))
            return None
        except PermanentSendError as exc:
            await self._finish(item, "failed", str(exc))
            report.failed += 1
            return None
        except SenderUnusableError:
            log.error(
                "the Bot API rejects the bot token; the worker stops sending", extra={"owner": self.owner}
            )
            raise
        self._failures = 0
        self._rendered.pop(item.id, None)
        await self._overlapped(self._record_sent(item, message_id, report), upcoming, now)
        if self.companions is not None:
            await self._send_voice_notes(item, now, report)
        return None

    def _mark_carded(self, reminder_id: int) -> None:
        self._carded[reminder_id] = None
        while len(self._carded) > 10_000:
            self._carded.popitem(last=False)

    async def _send_voice_notes(self, item: ClaimedReminder, now: datetime, report: DispatchReport) -> None:
        """After the text is recorded: a failure here costs the client the audio, never the reminder."""
        assert self.companions is not None
        try:
            report.voice_notes += await self.companions.send_voice_notes(item, now)
        except RateLimitedError as exc:
            report.rate_limited += 1
            await self.limiter.pause(exc.retry_after)
            log.warning("voice notes skipped: rate limited", extra={"reminder_id": item.id})
        except SendError as exc:  # blocked or bad token: the next send finds out and handles it
            log.warning(
                "voice notes not sent", extra={"reminder_id": item.id, "error": exc.__class__.__name__}
            )

    def _precheck(self, item: ClaimedReminder, now: datetime) -> tuple[str, str] | None:
        """Why this row must not be sent now, as (final state, reason); None to send it."""
        if item.purpose == BROADCAST_PURPOSE:
            if item.broadcast is None or item.broadcast.state == "cancelled":
                return "cancelled", "broadcast cancelled"
        elif item.appointment is None:
            return "cancelled", "appointment deleted"
        elif is_appointment_reminder(item.purpose):
            if item.appointment.status != "planned":
                return "cancelled", "appointment cancelled"
            if item.appointment.starts_at <= now:
                return "cancelled", "appointment already started"
        elif item.purpose == CANCELLED_PURPOSE:
            if item.appointment.status != "cancelled":
                return "cancelled", "appointment no longer cancelled"
            if item.appointment.starts_at <= now:
                return "cancelled", "appointment time passed"
        if item.chat_id is None:
            return "failed", "client has no linked chat"
        if item.unreachable:
            return "failed", "client unreachable"
        return None

    # --- recording outcomes ------------------------------------------------------------------

    async def _db(self, work: Callable[[UnitOfWork], Awaitable[T]], give_up: float) -> T | None:
        """Run `work` in a unit of work, retrying while the database is unreachable."""

        async def attempt() -> T:
            async with self.store.uow() as uow:
                return await work(uow)

        return await self._retrying(attempt, give_up)

    async def _retrying(self, attempt: Callable[[], Awaitable[T]], give_up: float) -> T | None:
        """Retry a database operation through a restart or failover; None when it never succeeded."""
        began = time.monotonic()
        deadline = began + give_up
        delay = 0.05
        warned = False
        while True:
            try:
                return await attempt()
            except Exception as exc:  # any database failure: keep the result and retry
                now = time.monotonic()
                if now > deadline or (self._stopping and now - began > STOP_GIVE_UP):
                    log.error(
                        "database still unreachable; giving up",
                        extra={"owner": self.owner, "error": exc.__class__.__name__},
                    )
                    return None
                if not warned:
                    log.warning(
                        "database unreachable; retrying",
                        extra={"owner": self.owner, "error": exc.__class__.__name__},
                    )
                    warned = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    async def _record_sent(self, item: ClaimedReminder, message_id: int, report: DispatchReport) -> None:
        now = utcnow()
        self._carded.pop(item.id, None)
        recorded = await self._retrying(
            lambda: self.recorder.mark_sent(item.id, self.owner, message_id, now), give_up=RECORD_GIVE_UP
        )
        if recorded:
            report.sent += 1
            if self._keep_ids:
                report.message_ids[item.id] = message_id
            return
        report.unrecorded += 1
        log.warning(
            "sent but not recorded (lease lost): this message may be repeated",
            extra={"reminder_id": item.id, "owner": self.owner},
        )

    async def _finish(self, item: ClaimedReminder, state: str, reason: str) -> None:
        self._carded.pop(item.id, None)
        await self._db(lambda uow: uow.reminders.finish(item.id, self.owner, state, reason), give_up=60)
        log.info("reminder not sent", extra={"reminder_id": item.id, "state": state, "reason": reason})

    async def _retry_later(self, item: ClaimedReminder, now: datetime, error: str) -> None:
        delay = min(self.settings.backoff_base * 2 ** max(item.attempts - 1, 0), self.settings.backoff_max)
        delay *= random.uniform(0.8, 1.2)
        due = now + timedelta(seconds=delay)
        await self._db(lambda uow: uow.reminders.release(item.id, self.owner, due, error), give_up=60)
        log.info(
            "send failed; retry later",
            extra={"reminder_id": item.id, "attempt": item.attempts, "delay": round(delay, 2)},
        )

    async def _blocked(self, item: ClaimedReminder, now: datetime) -> None:
        """403: the user blocked the bot. Stop trying, mark the client, tell the regisseur."""
        self._carded.pop(item.id, None)

        async def work(uow: UnitOfWork) -> None:
            await uow.reminders.finish(item.id, self.owner, "failed", "blocked by the user")
            await uow.clients.set_unreachable(item.client_id, True)
            await uow.notices.add_once(
                municipality_code=item.municipality_code,
                kind="unreachable",
                dedup_key=f"unreachable:{item.client_id}:{now:%Y-%m-%d}",
                now=now,
                regisseur_id=item.regisseur_id,
                client_id=item.client_id,
                payload={
                    "reminder_id": item.id,
                    "purpose": item.purpose,
                    "appointment_id": item.appointment.id if item.appointment else None,
                },
            )
            await uow.audit.record(
                actor_kind="system",
                actor_id=None,
                action="client_unreachable",
                entity="client",
                entity_id=item.client_id,
                client_id=item.client_id,
                detail={"reminder_id": item.id},
            )

        await self._db(work, give_up=60)
        log.warning("client blocked the bot", extra={"client_id": item.client_id, "reminder_id": item.id})

    async def _renew(self, items: list[ClaimedReminder], now: datetime) -> dict[int, ClaimedReminder]:
        until = now + timedelta(seconds=self.settings.lease_seconds)
        held = await self._db(
            lambda uow: uow.reminders.renew([i.id for i in items], self.owner, until), give_up=30
        )
        return {i.id: replace(i, lease_until=until) for i in items if held and i.id in held}

    async def _give_back(self, items: list[ClaimedReminder], now: datetime, report: DispatchReport) -> None:
        """Rows claimed but not sent (stopping, or an error): pending again at once, no attempt counted."""

        async def work(uow: UnitOfWork) -> None:
            for item in items:
                await uow.reminders.release(item.id, self.owner, now, None, count_attempt=False)

        await self._db(work, give_up=30)
        report.released += len(items)


async def dispatch_due(
    store: CaseStore,
    bot_api_sender: MessageSender | Bot,
    now: datetime | None = None,
    limit: int | None = None,
    *,
    municipalities: Mapping[str, Municipality] | None = None,
    settings: DispatchSettings | None = None,
    limiter: RateLimiter | None = None,
    media: MediaService | None = None,
) -> DispatchReport:
    """Send every reminder/broadcast row that is due at `now` (default: the real time), once; see module doc.

    `bot_api_sender` is an aiogram `Bot` (pointed at Telegram, a local Bot API or an emulator) or
    any `MessageSender`. Municipalities default to the packaged files. With `media` (and
    `settings.media` on) appointment reminders bring their card, and voice notes for always-audio clients.
    """
    dispatcher = Dispatcher(
        store,
        bot_api_sender,
        municipalities if municipalities is not None else load_municipalities(),
        settings=settings,
        limiter=limiter,
        keep_message_ids=True,
        media=media,
    )
    try:
        return await dispatcher.run_once(now=now, limit=limit)
    finally:
        await dispatcher.close()


def report_dict(report: DispatchReport) -> dict[str, Any]:
    data = {k: v for k, v in report.__dict__.items() if k != "message_ids"}
    data["elapsed"] = round(report.elapsed, 3)
    return data
