"""The FastAPI application. For now: a status page and a health check for the demo and deployments."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from inburgerbot.app import App


def create_web_app(app: App) -> FastAPI:
    web = FastAPI(title="inburgerbot", docs_url="/api/docs", openapi_url="/api/openapi.json")

    @web.get("/healthz")
    async def healthz() -> dict[str, str]:
        async with app.store.uow() as uow:
            await uow.session.execute(text("SELECT 1"))
        return {"status": "ok"}

    @web.get("/", response_class=HTMLResponse)
    async def home() -> str:
        names = ", ".join(sorted(m.name for m in app.municipalities.values()))
        return (
            "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>inburgerbot</title></head><body><main>"
            "<h1>inburgerbot</h1><p>De inburgeringsassistent draait.</p>"
            f"<p>Gemeenten: {names}</p>"
            "<p>Probeer de chat in een terminal: <code>.venv/bin/inburgerbot chat --lang ar</code></p>"
            "</main></body></html>"
        )

    return web
