"""Runs the web app with uvicorn inside the current event loop."""

from __future__ import annotations

import uvicorn

from inburgerbot.app import App
from web.app import create_web_app
from web.config import WebConfig


async def serve_web(app: App, demo: bool = False) -> None:
    """Serve until stopped; the webhook dispatcher runs alongside. `demo` adds the phone preview."""
    config = uvicorn.Config(
        create_web_app(app, WebConfig(demo=demo, run_webhook_worker=True)),
        host=app.settings.web_host,
        port=app.settings.web_port,
        log_level="warning",
        # X-Forwarded-Proto from a local TLS proxy makes cookies Secure; only trusted from loopback.
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
    await uvicorn.Server(config).serve()
