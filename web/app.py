"""The FastAPI application: the regisseur and partner web app, the REST API, feeds and the demo preview.

Everything is built from the `App` handed in; nothing is created at import time. Which roles may
use a route is declared on the route (web.deps.require); which rows they see is decided by
casestore's scoped repositories.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from inburgerbot.app import App
from web.body_limit import IMPORT_PATH, BodyLimitMiddleware
from web.config import WebConfig
from web.deps import CsrfError, ForbiddenError, LoginRequiredError, NotInScopeError, optional_staff
from web.security import SecurityHeadersMiddleware
from web.templating import build_templates, page

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


def create_web_app(app: App, config: WebConfig | None = None) -> FastAPI:
    config = config or WebConfig()

    @contextlib.asynccontextmanager
    async def lifespan(_web: FastAPI) -> AsyncIterator[None]:
        worker: asyncio.Task[None] | None = None
        if config.run_webhook_worker:
            from web.webhooks import run_webhook_worker

            worker = asyncio.create_task(run_webhook_worker(app.store, config.webhook_interval_seconds))
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker

    web = FastAPI(
        title="inburgerbot API",
        version="1",
        description=(
            "REST API for municipal case systems: upsert appointments by external reference, read "
            "clients' link status, read responses since a cursor. Authenticate with the `X-API-Key` header; "
            "a key belongs to one municipality and sees only its data."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    web.state.ib = app
    web.state.web_config = config
    web.state.templates = build_templates()
    # Added first, so it runs inside the security headers: a refused body gets them too.
    web.add_middleware(BodyLimitMiddleware, config=config, refuse=_too_large)
    web.add_middleware(SecurityHeadersMiddleware)
    web.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    from web.api.routes import router as api_router
    from web.routes import (
        admin,
        appointments,
        audit,
        auth,
        broadcasts,
        calendar,
        clients,
        imports,
        partner,
        questions,
        responses,
    )

    web.include_router(api_router)
    for module in (
        auth,
        clients,
        imports,
        appointments,
        responses,
        questions,
        partner,
        calendar,
        admin,
        audit,
        broadcasts,
    ):
        web.include_router(module.router)
    if config.demo:
        from web.routes import phone

        web.include_router(phone.router)
    from web.telegram_webhook import telegram_webhook_router, webhook_enabled

    if webhook_enabled(app):  # Telegram's webhook mode: POST /telegram/webhook
        web.include_router(telegram_webhook_router(app))
    _install_error_pages(web)

    @web.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        async with app.store.uow() as uow:
            await uow.session.execute(text("SELECT 1"))
        return {"status": "ok"}

    @web.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        staff = await optional_staff(request)
        if staff is not None:
            return RedirectResponse("/partner" if staff.role == "partner" else "/caseload", status_code=303)
        names = ", ".join(sorted(m.name for m in app.municipalities.values()))
        return page(request, "home.html", municipalities=names)

    @web.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    async def api_docs(request: Request) -> Response:
        """The API reference rendered from the OpenAPI document: no third-party scripts or CDN."""
        from web.api.docs import operations

        return page(request, "api_docs.html", operations=operations(web.openapi()))

    return web


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _too_large(request: Request) -> Response:
    """The answer to a body over the cap (web/body_limit.py): nothing was read, nothing stored."""
    config: WebConfig = request.app.state.web_config
    if _wants_json(request):
        return JSONResponse({"detail": "request body too large"}, status_code=413)
    if request.url.path == IMPORT_PATH:
        megabytes = config.max_import_bytes // 1_000_000
        message = f"Het bestand is groter dan {megabytes} MB. Er is niets geïmporteerd; splits het op."
        return page(request, "error.html", status_code=413, title="Bestand te groot", message=message)
    return page(
        request,
        "error.html",
        status_code=413,
        title="Te veel tekst",
        message=f"Wat je verstuurde is groter dan {config.max_body_bytes // 1_000_000} MB en is niet "
        "opgeslagen. Ga terug, maak de tekst korter en probeer het opnieuw.",
    )


def _install_error_pages(web: FastAPI) -> None:
    wants_json = _wants_json

    @web.exception_handler(LoginRequiredError)
    async def login_required(request: Request, _exc: LoginRequiredError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "not authenticated"}, status_code=401)
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @web.exception_handler(ForbiddenError)
    async def forbidden(request: Request, _exc: ForbiddenError) -> Response:
        return page(
            request,
            "error.html",
            status_code=403,
            title="Geen toegang",
            message="Met je rol kun je deze pagina niet gebruiken.",
        )

    @web.exception_handler(CsrfError)
    async def csrf_failed(request: Request, _exc: CsrfError) -> Response:
        return page(
            request,
            "error.html",
            status_code=403,
            title="Formulier verlopen",
            message="Het formulier was verlopen of kwam niet van deze site. Ga terug, laad de pagina "
            "opnieuw en probeer het nog eens.",
        )

    @web.exception_handler(NotInScopeError)
    async def not_found(request: Request, _exc: NotInScopeError) -> Response:
        return page(
            request,
            "error.html",
            status_code=404,
            title="Niet gevonden",
            message="Deze gegevens bestaan niet, of je hebt er geen toegang toe.",
        )

    @web.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """A page's path or form value FastAPI refused: a Dutch page, never the API's JSON."""
        if wants_json(request):
            return await request_validation_exception_handler(request, exc)
        if all(tuple(error.get("loc", ()))[:1] == ("path",) for error in exc.errors()):  # no such row
            return await not_found(request, NotInScopeError())
        return page(
            request,
            "error.html",
            status_code=422,
            title="Ongeldige invoer",
            message="Een waarde in het formulier of het adres klopt niet of is te lang. Er is niets "
            "opgeslagen. Ga terug en probeer het opnieuw.",
        )

    @web.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 413:  # a chunked body that crossed the cap while it was read
            return _too_large(request)
        if not wants_json(request) and exc.status_code == 400:  # Starlette's form parser refused
            return page(
                request,
                "error.html",
                status_code=400,
                title="Formulier niet te lezen",
                message="Het formulier kon niet gelezen worden (te veel velden, of een veld is te groot). "
                "Er is niets opgeslagen. Ga terug en probeer het opnieuw.",
            )
        if wants_json(request) or exc.status_code not in (404, 405):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return page(
            request,
            "error.html",
            status_code=exc.status_code,
            title="Niet gevonden",
            message="Deze pagina bestaat niet.",
        )
