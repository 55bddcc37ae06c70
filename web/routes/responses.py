"""Who is coming, who is not and why, who did not answer: filtered by date, kind and answer; CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casestore.repositories.caseload import AttendanceRow
from casestore.types import utcnow
from web.deps import CaseWorker, Staff, get_app
from web.forms import parse_day_start
from web.labels import ANSWER_NAMES, APPOINTMENT_STATUS_NAMES, CHANNEL_NAMES, kind_name, moment
from web.planning import KINDS
from web.spreadsheet import spreadsheet_cell
from web.templating import page

router = APIRouter()

ANSWER_FILTERS = ("coming", "not_coming", "question", "none")
MAX_SPAN = timedelta(days=366)


@dataclass(frozen=True)
class Filters:
    since: datetime
    until: datetime
    kind: str | None
    answer: str | None

    def query(self) -> dict[str, str]:
        from web.labels import iso_local

        return {
            "from": iso_local(self.since, "date"),
            "to": iso_local(self.until - timedelta(days=1), "date"),
            "kind": self.kind or "",
            "answer": self.answer or "",
        }


def _filters(request: Request) -> Filters:
    params = request.query_params
    now = utcnow()
    since = parse_day_start(params.get("from"), now - timedelta(days=7))
    # 'to' is inclusive for people: up to the end of that day.
    until = parse_day_start(params.get("to"), now + timedelta(days=29)) + timedelta(days=1)
    if until <= since:
        until = since + timedelta(days=1)
    until = min(until, since + MAX_SPAN)
    kind = params.get("kind") if params.get("kind") in KINDS else None
    answer = params.get("answer") if params.get("answer") in ANSWER_FILTERS else None
    return Filters(since, until, kind, answer)


async def _rows(request: Request, staff: Staff, filters: Filters, action: str) -> list[AttendanceRow]:
    async with get_app(request).store.uow() as uow:
        rows = await uow.caseload.attendance(
            staff.scope(), since=filters.since, until=filters.until, kind=filters.kind, answer=filters.answer
        )
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action=action,
            entity="response",
            detail={"rows": len(rows)},
        )
    return rows


@router.get("/responses", response_class=HTMLResponse, include_in_schema=False)
async def responses(request: Request, staff: CaseWorker) -> Response:
    filters = _filters(request)
    rows = await _rows(request, staff, filters, "responses_viewed")
    summary = {
        key: sum(1 for r in rows if (r.response.answer if r.response else "none") == key)
        for key in ANSWER_FILTERS
    }
    return page(
        request,
        "responses.html",
        rows=rows,
        filters=filters.query(),
        summary=summary,
        kinds=KINDS,
        export_query=str(request.url.query),
    )


@router.get("/responses.csv", include_in_schema=False)
async def responses_csv(request: Request, staff: CaseWorker) -> Response:
    filters = _filters(request)
    rows = await _rows(request, staff, filters, "responses_exported")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "afspraak_id",
            "client_id",
            "klantnummer",
            "naam",
            "soort",
            "wanneer",
            "status_afspraak",
            "antwoord",
            "reden",
            "kanaal",
            "geantwoord_op",
        ]
    )
    for row in rows:
        r = row.response
        writer.writerow(
            [
                spreadsheet_cell(v)
                for v in (
                    row.appointment.id,
                    row.client.id,
                    row.client.external_ref or "",
                    row.client.display_name or "",
                    kind_name(row.appointment.kind),
                    moment(row.appointment.starts_at, "yyyy-MM-dd HH:mm"),
                    APPOINTMENT_STATUS_NAMES.get(row.appointment.status, row.appointment.status),
                    ANSWER_NAMES.get(r.answer, r.answer) if r else "geen antwoord",
                    (r.reason or "") if r else "",
                    CHANNEL_NAMES.get(r.channel, r.channel) if r else "",
                    moment(r.created_at, "yyyy-MM-dd HH:mm") if r else "",
                )
            ]
        )
    filename = f"reacties-{filters.query()['from']}-tot-{filters.query()['to']}.csv"
    # A BOM makes Excel read the file as UTF-8 (names in Arabic script, accents).
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
