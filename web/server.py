"""Runs the web app with uvicorn inside the current event loop."""

from __future__ import annotations

import uvicorn

from inburgerbot.app import App
from web.app import create_web_app


async def serve_web(app: App) -> None:
    config = uvicorn.Config(
        create_web_app(app), host=app.settings.web_host, port=app.settings.web_port, log_level="warning"
    )
    await uvicorn.Server(config).serve()
