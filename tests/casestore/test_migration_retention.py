"""Migration 0006_retention on SQLite and PostgreSQL: existing audit rows get their municipality,
the schema then matches the models (columns and indexes), and the downgrade removes it all again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from casestore.db import create_engine
from casestore.migrate import alembic_config, upgrade
from casestore.models import Base
from tests.conftest import drop_pg_database, make_pg_database

BEFORE = "0005_faq_feedback"

SEED = [
    "INSERT INTO municipality (code, name) VALUES ('demo', 'Demodorp'), ('weert', 'Weert')",
    "INSERT INTO staff_user (id, municipality_code, username, display_name, role, password_hash,"
    " failed_logins, active, created_at)"
    " VALUES (1, 'demo', 'reg', 'R', 'regisseur', '', 0, :yes, CURRENT_TIMESTAMP)",
    "INSERT INTO api_key (id, municipality_code, name, key_prefix, key_hash, created_at)"
    " VALUES (1, 'weert', 'zaaksysteem', 'ib_', 'h', CURRENT_TIMESTAMP)",
    "INSERT INTO client (id, municipality_code, language, reply_mode, always_audio, route, status,"
    " unreachable, created_at)"
    " VALUES (1, 'weert', 'ar', 'bilingual', :no, 'b1', 'statushouder', :no, CURRENT_TIMESTAMP)",
]
# action: (actor_kind, actor_id, entity, entity_id, client_id) -> expected municipality
AUDIT = {
    "by_client": (("client", 1, "client", 1, 1), "weert"),
    "staff_read": (("staff", 1, "caseload", None, None), "demo"),
    "staff_on_client": (("staff", 1, "client", 1, 1), "weert"),  # the client's municipality wins
    "api_read": (("api", 1, "appointment", 5, None), "weert"),
    "cli_made_staff": (("cli", None, "staff_user", 1, None), "demo"),
    "cli_unknown": (("cli", None, "client", 99, None), None),
}


# name -> (table, columns): what the nightly purge and the audit viewer's paging need.
NEW_INDEXES = {
    "ix_question_client_id": ("question", ["client_id"]),
    "ix_staff_notice_client_id": ("staff_notice", ["client_id"]),
    "ix_webhook_delivery_response_id": ("webhook_delivery", ["response_id"]),
    "ix_audit_log_municipality_at_id": ("audit_log", ["municipality_code", "at", "id"]),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database (no migrations run) on each backend."""
    if request.param == "sqlite":
        sqlite = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'migrate.sqlite3'}")
        yield sqlite
        await sqlite.dispose()
        return
    name, url = await make_pg_database()
    pg = create_engine(url)
    try:
        yield pg
    finally:
        await pg.dispose()
        await drop_pg_database(name)


def _downgrade(connection: Connection, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.downgrade(cfg, revision)


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _columns(connection: Connection, table: str) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns(table)}


def _indexes(connection: Connection) -> dict[str, list[str | None]]:
    """Index name -> columns, for the tables 0006 adds indexes to."""
    found: dict[str, list[str | None]] = {}
    for table in NEW_INDEXES.values():
        for index in inspect(connection).get_indexes(table[0]):
            if index["name"] in NEW_INDEXES:
                found[index["name"]] = index["column_names"]
    return found


async def test_0006_backfills_audit_municipalities_and_matches_the_models(engine: AsyncEngine) -> None:
    await upgrade(engine, BEFORE)
    async with engine.begin() as conn:
        for statement in SEED:
            await conn.execute(text(statement), {"yes": True, "no": False})
        for action, ((kind, actor, entity, entity_id, client_id), _expected) in AUDIT.items():
            await conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor_kind, actor_id, action, entity, entity_id,"
                    " client_id, detail) VALUES (CURRENT_TIMESTAMP, :kind, :actor, :action, :entity,"
                    " :entity_id, :client_id, '{}')"
                ),
                {
                    "kind": kind,
                    "actor": actor,
                    "action": action,
                    "entity": entity,
                    "entity_id": entity_id,
                    "client_id": client_id,
                },
            )

    await upgrade(engine)

    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT action, municipality_code FROM audit_log"))
        found = {action: code for action, code in rows}
        closed = (await conn.execute(text("SELECT closed_at, reopened_at FROM client"))).one()
        differences = await conn.run_sync(_differences)
        indexes = await conn.run_sync(_indexes)
    assert found == {action: expected for action, (_row, expected) in AUDIT.items()}
    assert tuple(closed) == (None, None)
    assert differences == []
    assert indexes == {name: columns for name, (_table, columns) in NEW_INDEXES.items()}

    async with engine.begin() as conn:
        await conn.run_sync(_downgrade, BEFORE)
    async with engine.connect() as conn:
        assert not {"closed_at", "reopened_at"} & await conn.run_sync(_columns, "client")
        assert await conn.run_sync(_indexes) == {}
        assert "municipality_code" not in await conn.run_sync(_columns, "audit_log")
        # Nothing else was lost on the way down.
        assert (await conn.execute(text("SELECT count(*) FROM audit_log"))).scalar_one() == len(AUDIT)
