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
    # Run the webhook dispatcher inside the web process (serve_web turns it on; tests drive it).
    run_webhook_worker: bool = False
    webhook_interval_seconds: float = 10.0
