"""A cap on request bodies, as a plain ASGI middleware: an oversized body is refused with 413.

A declared Content-Length over the cap is answered at once and the body is never read, so no form
parser, JSON decoder or upload spool ever holds it. A body without a length (chunked) is counted as
the app reads it; the read that crosses the cap raises HTTPException(413), which the app's error
handler answers in the same words. Either way the route has not run past reading its input, so
nothing is stored. The import gets room for its own file limit (`WebConfig.max_import_bytes`) plus
the multipart wrapping, so a file just over that limit still gets the import page's own message.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.config import WebConfig

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IMPORT_PATH = "/appointments/import"
# The multipart boundaries, part headers and the CSRF field around an uploaded file.
MULTIPART_ROOM = 64_000


def body_limit(config: WebConfig, path: str) -> int:
    """The largest body, in bytes, that a request to `path` may carry."""
    if path == IMPORT_PATH:
        return config.max_import_bytes + MULTIPART_ROOM
    return config.max_body_bytes


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimitMiddleware:
    """`refuse` renders the 413 (a Dutch page, or JSON for the API); web.app passes it in."""

    def __init__(self, app: ASGIApp, config: WebConfig, refuse: Callable[[Request], Response]) -> None:
        self.app = app
        self.config = config
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = body_limit(self.config, scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await self.refuse(Request(scope))(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413)
            return message

        await self.app(scope, counted_receive, send)
