"""The audit log viewer for admins: who read or changed which client's data, filtered, paged, and as CSV.

An admin sees their own municipality's rows only (`audit_log.municipality_code`, filled in when a
row is written). Looking at the log and downloading it are themselves audited. A filter that does
not parse (a date like 2025-13-45, a client id with letters) is shown next to its field, with what
was typed kept; no rows are read then.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casestore.repositories.audit import AuditEntry, AuditFilter
from casestore.repositories.staff import StaffUserDTO
from web.audit_labels import ACTION_LABELS, action_label, actor_label, detail_text, entity_label
from web.deps import AdminUser, Staff, get_app
from web.labels import moment
from web.planning import local_moment
from web.spreadsheet import spreadsheet_cell
from web.templating import page

router = APIRouter()

PAGE_SIZE = 50
MAX_CSV_ROWS = 100_000
FIELDS = ("client", "user", "action", "from", "to")
_ID = re.compile(r"^[0-9]{1,9}$")
_ACTION = re.compile(r"^[a-z_]{1,40}$")


@dataclass(frozen=True)
class AuditQuery:
    """The filters as typed (`values`, shown again), as a query (`wanted`), and what was wrong."""

    values: dict[str, str]
    wanted: AuditFilter
    errors: dict[str, str]

    def link(self, **extra: object) -> str:
        """The query string for these filters, for the CSV link and the next page."""
        params = {k: v for k, v in self.values.items() if v}
        params.update({k: str(v) for k, v in extra.items()})
        return urlencode(params)

    def audit_detail(self, rows: int, *, truncated: bool = False) -> dict[str, Any]:
        """Ids, codes and dates only: what the admin asked for, for the row that audits the viewing."""
        detail: dict[str, Any] = {"rows": rows}
        if truncated:
            detail["truncated"] = True
        if self.wanted.staff_user_id is not None:
            detail["staff_user_id"] = self.wanted.staff_user_id
        if self.wanted.action is not None:
            detail["action"] = self.wanted.action
        for name in ("from", "to"):
            if self.values[name]:
                detail[name] = self.values[name]
        return detail


def _day(raw: str, name: str, label: str, errors: dict[str, str]) -> date | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year < 2100:
        # A date field cannot show what it cannot parse, so the message repeats it.
        errors[name] = f"{label} ({raw[:20]}) is geen geldige datum (jjjj-mm-dd)."
        return None
    return day


def read_query(params: Mapping[str, str], municipality_code: str, users: list[StaffUserDTO]) -> AuditQuery:
    """Check each filter on its own, so every mistake is reported at once."""
    values = {name: (params.get(name) or "").strip()[:100] for name in FIELDS}
    errors: dict[str, str] = {}
    client_id = user_id = None
    if values["client"]:
        if _ID.match(values["client"]):
            client_id = int(values["client"])
        else:
            errors["client"] = "Een cliënt-id is een getal: het nummer in het adres van de cliëntpagina."
    if values["user"]:
        if values["user"] in {str(u.id) for u in users}:
            user_id = int(values["user"])
        else:
            errors["user"] = "Kies een gebruiker uit de lijst."
    action = None
    if values["action"]:
        if _ACTION.match(values["action"]):
            action = values["action"]
        else:
            errors["action"] = "Kies een actie uit de lijst."
    first = _day(values["from"], "from", "De datum bij ‘Van’", errors)
    last = _day(values["to"], "to", "De datum bij ‘Tot en met’", errors)
    if first and last and last < first:
        errors["to"] = "‘Tot en met’ ligt vóór ‘Van’."
    if first:
        values["from"] = first.isoformat()
    if last:
        values["to"] = last.isoformat()
    wanted = AuditFilter(
        municipality_code=municipality_code,
        client_id=client_id,
        staff_user_id=user_id,
        action=action,
        # Whole days in Amsterdam time; 'to' includes its own day.
        since=local_moment(first, time(0, 0)) if first else None,
        until=local_moment(last + timedelta(days=1), time(0, 0)) if last else None,
    )
    return AuditQuery(values, wanted, errors)


@dataclass(frozen=True)
class AuditRow:
    """One audit row as the admin reads it."""

    id: int
    at: datetime
    actor: str
    action_code: str
    action: str
    entity: str
    client_id: int | None
    detail: str
    raw_detail: dict[str, Any]
    actor_kind: str
    actor_id: int | None


def _rows(entries: list[AuditEntry], usernames: dict[int, str], key_names: dict[int, str]) -> list[AuditRow]:
    return [
        AuditRow(
            id=e.id,
            at=e.at,
            actor=actor_label(e.actor_kind, e.actor_id, usernames, key_names),
            action_code=e.action,
            action=action_label(e.action),
            entity=entity_label(e.entity, e.entity_id),
            client_id=e.client_id,
            detail=detail_text(e.detail),
            raw_detail=e.detail,
            actor_kind=e.actor_kind,
            actor_id=e.actor_id,
        )
        for e in entries
    ]


async def _record(
    uow: Any, staff: Staff, action: str, query: AuditQuery, rows: int, *, truncated: bool = False
) -> None:
    await uow.audit.record(
        actor_kind="staff",
        actor_id=staff.id,
        action=action,
        entity="audit_log",
        client_id=query.wanted.client_id,
        detail=query.audit_detail(rows, truncated=truncated),
        # Said outright: a typed client id may belong to another municipality, whose log this is not.
        municipality_code=staff.municipality_code,
    )


async def _read(
    request: Request,
    staff: Staff,
    action: str,
    *,
    limit: int,
    shown: int,
    before: int | None = None,
    cut_is_truncation: bool = False,
) -> tuple[AuditQuery, list[AuditRow], list[StaffUserDTO]]:
    """The filtered rows (`limit` of them; `shown` is how many the admin gets to see, for the audit).

    With `cut_is_truncation`, more rows than `shown` means the admin gets an incomplete set (the
    CSV), which the audit row records; for the paged viewer it only means there is a next page.
    """
    async with get_app(request).store.uow() as uow:
        users = await uow.staff.in_municipality(staff.municipality_code)
        keys = await uow.api_keys.for_municipality(staff.municipality_code)
        query = read_query(request.query_params, staff.municipality_code, users)
        if query.errors:
            return query, [], users
        entries = await uow.audit.entries(query.wanted, limit=limit, before=before)
        truncated = cut_is_truncation and len(entries) > shown
        await _record(uow, staff, action, query, min(len(entries), shown), truncated=truncated)
    rows = _rows(entries, {u.id: u.username for u in users}, {k.id: k.name for k in keys})
    return query, rows, users


def _page(
    request: Request, query: AuditQuery, rows: list[AuditRow], users: list[StaffUserDTO], **extra: Any
) -> Response:
    actions = sorted(ACTION_LABELS.items(), key=lambda item: item[1].casefold())
    chosen = query.values["action"]
    if chosen and chosen not in ACTION_LABELS and not query.errors.get("action"):
        actions.append((chosen, chosen))  # an action without a label yet stays selectable
    extra.setdefault("more", False)
    extra.setdefault("paged", False)
    return page(
        request,
        "audit.html",
        status_code=422 if query.errors else 200,
        values=query.values,
        errors=query.errors,
        rows=rows,
        users=users,
        actions=actions,
        filter_query=query.link(),
        **extra,
    )


@router.get("/admin/audit", response_class=HTMLResponse, include_in_schema=False)
async def audit_log(request: Request, staff: AdminUser) -> Response:
    raw_before = request.query_params.get("before", "")
    before = int(raw_before) if _ID.match(raw_before) else None  # a broken cursor starts at the top
    # One row more than a page tells whether there is an older page.
    query, rows, users = await _read(
        request, staff, "audit_viewed", limit=PAGE_SIZE + 1, shown=PAGE_SIZE, before=before
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return _page(
        request,
        query,
        rows,
        users,
        more=more,
        paged=before is not None,
        next_query=query.link(before=rows[-1].id) if more else None,
    )


def truncation_notice(cap: int) -> str:
    """The CSV's last line when rows were left out (Dutch thousands separator: 100.000)."""
    regels = f"{cap:,}".replace(",", ".")
    return (
        f"Let op: dit bestand is afgebroken na {regels} regels; er zijn meer regels. "
        "Verfijn de filters (cliënt, gebruiker, actie, datums) en download opnieuw."
    )


@router.get("/admin/audit.csv", include_in_schema=False)
async def audit_csv(request: Request, staff: AdminUser) -> Response:
    # One row more than the cap tells whether the file is cut.
    query, rows, users = await _read(
        request, staff, "audit_exported", limit=MAX_CSV_ROWS + 1, shown=MAX_CSV_ROWS, cut_is_truncation=True
    )
    if query.errors:
        return _page(request, query, rows, users)
    truncated = len(rows) > MAX_CSV_ROWS
    rows = rows[:MAX_CSV_ROWS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "id",
            "tijd_amsterdam",
            "wie",
            "soort_actor",
            "actor_id",
            "actie",
            "omschrijving",
            "over",
            "client_id",
            "details",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                spreadsheet_cell(v)
                for v in (
                    row.id,
                    moment(row.at, "yyyy-MM-dd HH:mm:ss"),
                    row.actor,
                    row.actor_kind,
                    "" if row.actor_id is None else row.actor_id,
                    row.action_code,
                    row.action,
                    row.entity,
                    "" if row.client_id is None else row.client_id,
                    json.dumps(row.raw_detail, ensure_ascii=False, sort_keys=True) if row.raw_detail else "",
                )
            ]
        )
    if truncated:
        # Said in the file itself: a cut-off export must not pass for the whole log.
        writer.writerow([truncation_notice(MAX_CSV_ROWS)])
    # A BOM makes Excel read the file as UTF-8.
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="auditlog.csv"'},
    )
