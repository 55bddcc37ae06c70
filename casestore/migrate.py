"""Applies the Alembic migrations from code, for `inburgerbot db upgrade`, the demo and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from casestore.errors import StoreUnavailableError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str = "") -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision` in one transaction (PostgreSQL rolls back a failed step)."""

    def _upgrade(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
    except (OperationalError, DBAPIError, OSError) as exc:
        raise StoreUnavailableError(f"cannot reach the database: {_short(exc)}") from exc


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__
