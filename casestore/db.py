"""Engine and session factory for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from casestore.errors import StoreUnavailableError


class _NoContentBelowWarning(logging.Filter):
    """Drops a driver logger's DEBUG records: they carry SQL parameters and result rows (names, texts)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


_NO_CONTENT = _NoContentBelowWarning()
# Logger filters act where the record is made, whatever level an operator sets (even DEBUG).
# sqlalchemy.engine logs result rows at DEBUG; aiosqlite logs every call with its arguments at DEBUG.
CONTENT_LOGGERS = ("sqlalchemy.engine.Engine", "aiosqlite")


def _keep_content_out_of_logs() -> None:
    for name in CONTENT_LOGGERS:
        logger = logging.getLogger(name)
        if _NO_CONTENT not in logger.filters:
            logger.addFilter(_NO_CONTENT)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build the async engine; SQLite gets foreign keys, WAL and a busy timeout.

    SQL parameters never reach logs or error messages (`hide_parameters`): they hold names and texts.
    """
    parsed = make_url(url)
    kwargs.setdefault("hide_parameters", True)
    _keep_content_out_of_logs()
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_async_engine(url, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql":
        # pool_pre_ping: a restarted server leaves dead connections in the pool; test before use.
        kwargs.setdefault("pool_pre_ping", True)
        return create_async_engine(url, **kwargs)
    raise StoreUnavailableError(f"unsupported database URL scheme '{parsed.drivername}'")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[Any]:
    return async_sessionmaker(engine, expire_on_commit=False)
