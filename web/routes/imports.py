"""Import appointments from a CSV or ICS file with a row-by-row report.

All valid rows are written in one transaction, after every row has been checked: either the report
lists what was imported, or (format wrong, database error) nothing was imported at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from casestore.errors import CaseStoreError
from web import planning
from web.deps import CaseWorker, Staff, get_app, get_config
from web.importers import FileRefusedError, ParsedRow, parse_csv, parse_ics
from web.templating import page

log = logging.getLogger(__name__)
router = APIRouter()

OUTCOME_NAMES = {
    "created": "nieuw",
    "updated": "bijgewerkt",
    "unchanged": "ongewijzigd",
    "rejected": "geweigerd",
}


@dataclass(frozen=True)
class RowReport:
    line: int
    client_ref: str | None
    outcome: str
    reason: str | None
    appointment_id: int | None
    client_id: int | None


@router.get("/appointments/import", response_class=HTMLResponse, include_in_schema=False)
async def import_form(request: Request, staff: CaseWorker) -> Response:
    return page(request, "import.html", report=None, refused=None, filename=None)


@router.post("/appointments/import", response_class=HTMLResponse, include_in_schema=False)
async def import_file(request: Request, staff: CaseWorker) -> Response:
    config = get_config(request)
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return page(
            request,
            "import.html",
            status_code=422,
            report=None,
            filename=None,
            refused="Kies een bestand om te importeren.",
        )
    filename = upload.filename[:120]
    data = await upload.read(config.max_import_bytes + 1)
    try:
        if len(data) > config.max_import_bytes:
            raise FileRefusedError(f"Het bestand is groter dan {config.max_import_bytes // 1_000_000} MB.")
        rows = _parse(filename, data, config.max_import_rows)
    except FileRefusedError as refused:
        return page(
            request, "import.html", status_code=422, report=None, filename=filename, refused=str(refused)
        )
    try:
        report = await _apply(request, staff, rows)
    except CaseStoreError:
        log.exception("import rolled back", extra={"staff_user_id": staff.id})
        return page(
            request,
            "import.html",
            status_code=500,
            report=None,
            filename=filename,
            refused="De database gaf een fout. Er is niets geïmporteerd; probeer het later opnieuw.",
        )
    counts = {name: sum(1 for r in report if r.outcome == key) for key, name in OUTCOME_NAMES.items()}
    return page(
        request,
        "import.html",
        report=report,
        counts=counts,
        refused=None,
        filename=filename,
        outcome_names=OUTCOME_NAMES,
    )


def _parse(filename: str, data: bytes, max_rows: int) -> list[ParsedRow]:
    lowered = filename.lower()
    if lowered.endswith((".ics", ".ical", ".ifb")) or data.lstrip()[:15].upper().startswith(
        b"BEGIN:VCALENDAR"
    ):
        return parse_ics(data, max_rows)
    if lowered.endswith((".csv", ".txt")):
        return parse_csv(data, max_rows)
    raise FileRefusedError("Alleen .csv- en .ics-bestanden kunnen geïmporteerd worden.")


async def _apply(request: Request, staff: Staff, rows: list[ParsedRow]) -> list[RowReport]:
    scope = staff.scope()
    municipalities = get_app(request).municipalities
    report: list[RowReport] = []
    async with get_app(request).store.uow() as uow:
        for row in rows:
            if row.fields is None or row.client_ref is None:
                report.append(
                    RowReport(row.line, row.client_ref, "rejected", row.error or "ongeldig", None, None)
                )
                continue
            client = await uow.caseload.client_by_ref(scope, row.client_ref)
            if client is None:
                # Same words whether the number is unknown or someone else's client: nothing leaks.
                report.append(
                    RowReport(
                        row.line,
                        row.client_ref,
                        "rejected",
                        "klantnummer niet gevonden in je caseload",
                        None,
                        None,
                    )
                )
                continue
            if row.external_ref:
                appointment, outcome = await planning.upsert_by_ref(
                    uow, municipalities, scope, row.external_ref, client.id, row.fields
                )
            else:
                appointment, outcome = (
                    await planning.create(uow, municipalities, client.id, row.fields),
                    "created",
                )
            report.append(RowReport(row.line, row.client_ref, outcome, None, appointment.id, client.id))
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="appointments_imported",
            entity="appointment",
            detail={key: sum(1 for r in report if r.outcome == key) for key in OUTCOME_NAMES},
        )
    return report
