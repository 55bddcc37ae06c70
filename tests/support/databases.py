"""Throw-away PostgreSQL databases and a ready case store, for the tests and the benchmarks alike.

A ready store is migrated and knows the packaged municipalities: what `inburgerbot db upgrade` and
the first start leave behind on a real machine.
"""

from __future__ import annotations

import uuid

import asyncpg

from casestore.migrate import upgrade
from casestore.uow import CaseStore
from municipalities.config import load_municipalities


async def create_database(admin_dsn: str, prefix: str = "ib_test") -> tuple[str, str]:
    """A new empty database beside `admin_dsn`'s; returns (name, SQLAlchemy URL)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_dsn, timeout=10)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = admin_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return name, f"{base}/{name}"


async def drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def prepare_store(store: CaseStore) -> None:
    """Migrate to the newest schema and add the packaged municipalities."""
    await upgrade(store.engine)
    async with store.uow() as uow:
        await uow.municipalities.sync((m.code, m.name) for m in load_municipalities().values())
