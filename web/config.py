"""Web app settings that are not deployment settings: lifetimes, limits and the demo switch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WebConfig:
    session_lifetime: timedelta = timedelta(hours=8)
    # None: Secure cookies whenever the request came over HTTPS (uvicorn honours X-Forwarded-Proto
    # from trusted proxies). True forces them, e.g. behind a proxy that does not say so.
    secure_cookies: bool | None = None
    # The demo adds the phone preview, where a visitor chats as a demo client without logging in.
    demo: bool = False
    # Upload limits for the appointment import.
    max_import_bytes: int = 2_000_000
    max_import_rows: int = 5_000
    # Any other request body (a form, an API call, a Telegram update) larger than this is refused with
    # 413 before it is read (web/body_limit.py). The largest real form, a broadcast with all its
    # translations, is under 200 kB; this also keeps every field under Starlette's 1 MiB part limit.
    max_body_bytes: int = 1_000_000
    # Run the webhook dispatcher inside the web process (serve_web turns it on; tests drive it).
    run_webhook_worker: bool = False
    webhook_interval_seconds: float = 10.0
