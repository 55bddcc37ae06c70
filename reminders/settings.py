"""Dispatcher settings from the environment (prefix INBURGERBOT_DISPATCH_), kept apart from the app settings.

Telegram's published limits are the defaults: about 30 messages a second over all chats and one a
second per chat (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class DispatchSettings(BaseSettings):
    """How fast, how often and how patiently the dispatcher works. Built once, passed down."""

    model_config = SettingsConfigDict(env_prefix="INBURGERBOT_DISPATCH_", env_file=".env", extra="ignore")

    global_rate: float = Field(default=30.0, ge=0, description="messages/s over all chats; 0 = no limit")
    chat_interval: float = Field(default=1.0, ge=0, description="seconds between two messages to one chat")
    tick_seconds: float = Field(default=2.0, gt=0, description="how often the worker looks for due rows")
    batch_size: int = Field(default=50, ge=1, le=1000, description="rows claimed per claim")
    lease_seconds: float = Field(default=60.0, gt=0, description="how long a claim holds a row")
    send_timeout: float = Field(default=10.0, gt=0, description="seconds before a Bot API call is given up")
    max_attempts: int = Field(default=8, ge=1, description="failed sends (5xx, network) before a row fails")
    backoff_base: float = Field(
        default=2.0, gt=0, description="first retry delay in seconds, doubled each time"
    )
    backoff_max: float = Field(default=600.0, gt=0)
    record_sync_commit: bool = Field(
        default=False,
        description="wait for the WAL flush when recording a sent message (see docs/reminders.md)",
    )
    quiet_hours: bool = Field(
        default=True, description="hold messages during each municipality's quiet hours"
    )
    media: bool = Field(
        default=True,
        description="send the appointment card (and voice notes for always-audio clients) with reminders",
    )
    redis_prefix: str = "inburgerbot:dispatch:"
    digest_hour: int = Field(default=7, ge=0, le=23, description="local hour of the daily digest")
    purge_hour: int = Field(default=3, ge=0, le=23, description="local hour of the retention purge")

    @property
    def lease_margin(self) -> float:
        """A row is only sent while its lease has at least this long to run: one send plus slack.

        Keep `lease_seconds` above twice `send_timeout + 5` so the margin never shrinks below a send.
        """
        return min(self.send_timeout + 5.0, self.lease_seconds / 2)
