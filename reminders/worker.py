"""`inburgerbot run worker`: APScheduler ticks the dispatcher and runs the daily digest and retention purge.

The scheduler holds three jobs, whatever the number of reminders: reminders are rows in the case
store, not scheduler jobs, so nothing is lost when a worker restarts and any number of workers can
run side by side. The tick only wakes the dispatch loop, so a long dispatch pass never overlaps
itself. SIGTERM/SIGINT: the message in flight is finished and recorded, claimed rows are given back.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from dialogs.answers import deliver_answers
from dialogs.render import render
from dialogs.reply import Reply
from inburgerbot.app import App
from reminders.digest import store_daily_digests
from reminders.dispatcher import Dispatcher, report_dict
from reminders.ratelimit import create_rate_limiter
from reminders.retention import purge_expired
from reminders.sending import MessageSender, SendError, SenderUnusableError, TelegramSender
from reminders.settings import DispatchSettings

log = logging.getLogger(__name__)
ZONE = ZoneInfo("Europe/Amsterdam")


def build_scheduler(
    settings: DispatchSettings,
    tick: Callable[[], object],
    digest: Callable[[], object],
    purge: Callable[[], object],
) -> AsyncIOScheduler:
    """The three periodic jobs; coroutine functions run on the event loop (AsyncIOExecutor)."""
    scheduler = AsyncIOScheduler(timezone=ZONE)
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=settings.tick_seconds, timezone=ZONE),
        id="dispatch-tick",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(ZONE),
    )
    scheduler.add_job(
        digest,
        CronTrigger(hour=settings.digest_hour, minute=0, timezone=ZONE),
        id="daily-digest",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    scheduler.add_job(
        purge,
        CronTrigger(hour=settings.purge_hour, minute=30, timezone=ZONE),
        id="retention-purge",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler


async def _deliver_staff_answers(app: App, sender: MessageSender) -> None:
    """Answers a regisseur wrote in the web inbox go out on the same tick as reminders.

    The question row is the outbox (dialogs.answers): a failed send stays for the next tick.
    """

    async def send(chat_id: int, reply: Reply, lang: str, mode: str) -> bool:
        try:
            await sender.send(chat_id, render(reply, lang, mode))
        except SendError as exc:
            log.warning("answer not delivered", extra={"chat_id": chat_id, "error": exc.__class__.__name__})
            return False
        return True

    try:
        delivered = await deliver_answers(app.store, send, translator=getattr(app, "translator", None))
    except Exception as exc:
        log.warning("answer delivery failed", extra={"error": exc.__class__.__name__})
        return
    if delivered:
        log.info("answers delivered", extra={"answers": delivered})


async def run_worker(
    app: App,
    *,
    settings: DispatchSettings | None = None,
    sender: MessageSender | None = None,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Run until `stop` is set (or SIGTERM/SIGINT). Sends through the configured Bot API by default."""
    settings = settings or DispatchSettings()
    bot = None
    if sender is None:
        from bot.factory import create_bot

        token = app.settings.bot_token
        if token is None:
            raise RuntimeError("INBURGERBOT_BOT_TOKEN is not set")
        bot = create_bot(token.get_secret_value(), app.settings.telegram_api_url)
        sender = TelegramSender(bot, settings.send_timeout)
    limiter = create_rate_limiter(
        app.settings.redis_url, settings.global_rate, settings.chat_interval, settings.redis_prefix
    )
    dispatcher = Dispatcher(
        app.store, sender, app.municipalities, settings, limiter, media=getattr(app, "media", None)
    )
    stop = stop or asyncio.Event()
    wake = asyncio.Event()

    async def tick() -> None:
        wake.set()

    async def digest() -> None:
        try:
            stored = await store_daily_digests(app.store, app.municipalities)
            log.info("daily digest stored", extra={"notices": stored})
        except Exception as exc:
            log.error("daily digest failed", extra={"error": exc.__class__.__name__})

    async def purge() -> None:
        try:
            log.info("retention purge done", extra=await purge_expired(app.store, app.municipalities))
        except Exception as exc:
            log.error("retention purge failed", extra={"error": exc.__class__.__name__})

    def request_stop() -> None:
        stop.set()
        dispatcher.stop()
        wake.set()

    loop = asyncio.get_running_loop()
    if handle_signals:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, request_stop)
    stop_watch = asyncio.create_task(_forward_stop(stop, request_stop))
    scheduler = build_scheduler(settings, tick, digest, purge)
    scheduler.start()
    if on_ready is not None:
        on_ready(dispatcher.owner)
    try:
        while not stop.is_set():
            await wake.wait()
            wake.clear()
            if stop.is_set():
                break
            try:
                report = await dispatcher.run_once()
            except SenderUnusableError:
                raise
            except Exception as exc:
                log.warning("dispatch pass failed", extra={"error": exc.__class__.__name__})
                continue
            if report.claimed:
                log.info("dispatch pass", extra=report_dict(report))
            await _deliver_staff_answers(app, sender)
    finally:
        stop_watch.cancel()
        scheduler.shutdown(wait=False)
        await dispatcher.close()
        if handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
        await limiter.close()
        if bot is not None:
            await bot.session.close()


async def _forward_stop(stop: asyncio.Event, request_stop: Callable[[], None]) -> None:
    await stop.wait()
    request_stop()
