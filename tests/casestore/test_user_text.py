"""What people type is stored without bidi overrides, however it reaches the case store.

Every attribute in `casestore.models.USER_TEXT` is written once through the repository method the
bot, the web app or an import uses (constructor and later assignment), then read back from a new
unit of work, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from casestore.models import USER_TEXT, ApiKey, Broadcast, PartnerOrg, Question, Response, StaffUser
from casestore.repositories.caseload import Scope
from casestore.types import utcnow
from casestore.uow import CaseStore
from locales.bidi import FSI, LRE, PDF, PDI, RLE, RLM, RLO
from tests.support.bidi import has_embedding_or_override, isolates_balanced

FILENAME = f"{RLO}gnp.exe"
UNBALANCED = f"{RLE}لا أستطيع الحضور"
STRAY_PDI = f"Kom om 10 uur{PDI} mee"
ARABIC_DIGITS = f"مركز المدينة، شارع 12 رقم 4{RLM}."
KEPT_PAIR = f"Locatie {FSI}شارع 5{PDI}"


def _clean(value: object) -> bool:
    return isinstance(value, str) and not has_embedding_or_override(value) and isolates_balanced(value)


async def test_every_typed_field_is_stored_neutralised(store: CaseStore) -> None:
    start = utcnow() + timedelta(days=3)
    async with store.uow() as uow:
        org = await uow.partner_orgs.add("demo", f"{LRE}Vluchtelingenwerk{PDF}{PDF}")
        regisseur = await uow.staff.add(
            municipality_code="demo", username="r1", display_name=FILENAME, role="regisseur", password_hash=""
        )
        client = await uow.clients.add(municipality_code="demo", language="ar", display_name=FILENAME)
        appointment = await uow.appointments.add(
            client_id=client.id, kind="taalles", starts_at=start, location=ARABIC_DIGITS + RLO
        )
        response, _ = await uow.responses.record(
            appointment_id=appointment.id, client_id=client.id, answer="not_coming", channel="telegram"
        )
        await uow.responses.add_reason(response.id, client.id, UNBALANCED)
        question = await uow.questions.add(
            municipality_code="demo",
            language="ar",
            text=FILENAME + " " + UNBALANCED,
            channel="telegram",
            client_id=client.id,
            partner_org_id=org.id,
            text_nl=STRAY_PDI,
        )
        await uow.inbox.answer(Scope("demo"), question.id, regisseur.id, STRAY_PDI + RLO)
        await uow.broadcasts.create(
            municipality_code="demo",
            text_nl=STRAY_PDI,
            translations={"ar": UNBALANCED, "fa": KEPT_PAIR},
            segment={},
            scheduled_at=None,
            now=utcnow(),
        )
        await uow.api_keys.add("demo", FILENAME, "k1", "0" * 64)
        # Later assignments are neutralised too (a regisseur editing the client or the appointment).
        scope = Scope("demo")
        edited = await uow.caseload.update_client(scope, client.id, display_name=UNBALANCED)
        moved = await uow.caseload.update_appointment(scope, appointment.id, location=FILENAME)
    assert edited.display_name == "لا أستطيع الحضور" and moved.location == "gnp.exe"  # DTOs agree

    async with store.uow() as uow:
        s = uow.session
        stored = {
            "org": (await s.get(PartnerOrg, org.id)).name,  # type: ignore[union-attr]
            "staff": (await s.get(StaffUser, regisseur.id)).display_name,  # type: ignore[union-attr]
            "client": (await uow.clients.get(client.id)).display_name,
            "location": (await uow.appointments.get(appointment.id)).location,
            "reason": (await s.get(Response, response.id)).reason,  # type: ignore[union-attr]
            "question": (await s.get(Question, question.id)).text,  # type: ignore[union-attr]
            "question_nl": (await s.get(Question, question.id)).text_nl,  # type: ignore[union-attr]
            "answer": (await s.get(Question, question.id)).answer_nl,  # type: ignore[union-attr]
            "api_key": (await s.scalar(select(ApiKey.name))),
        }
        broadcast = await s.scalar(select(Broadcast))
    assert stored == {
        "org": "Vluchtelingenwerk",
        "staff": "gnp.exe",
        "client": "لا أستطيع الحضور",
        "location": "gnp.exe",
        "reason": "لا أستطيع الحضور",
        "question": "gnp.exe لا أستطيع الحضور",
        "question_nl": "Kom om 10 uur mee",
        "answer": "Kom om 10 uur mee",
        "api_key": "gnp.exe",
    }
    assert broadcast is not None and broadcast.text_nl == "Kom om 10 uur mee"
    # A matched isolate pair is legitimate and kept; the plain RLM in the Arabic address too.
    assert broadcast.translations == {"ar": "لا أستطيع الحضور", "fa": KEPT_PAIR}
    assert all(_clean(v) for v in [*stored.values(), *broadcast.translations.values()])
    assert len(USER_TEXT) == 10  # a new typed column joins the list, and this test


async def test_an_arabic_address_with_digits_and_marks_is_stored_as_typed(store: CaseStore) -> None:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        appointment = await uow.appointments.add(
            client_id=client.id,
            kind="taalles",
            starts_at=utcnow() + timedelta(days=1),
            location=ARABIC_DIGITS,
        )
    async with store.uow() as uow:
        assert (await uow.appointments.get(appointment.id)).location == ARABIC_DIGITS


async def test_repeating_a_hostile_reason_stores_nothing_new(store: CaseStore) -> None:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        appointment = await uow.appointments.add(
            client_id=client.id, kind="taalles", starts_at=utcnow() + timedelta(days=1)
        )
        first = await uow.responses.record(
            appointment_id=appointment.id,
            client_id=client.id,
            answer="not_coming",
            channel="telegram",
            reason=UNBALANCED,
        )
        again = await uow.responses.record(
            appointment_id=appointment.id,
            client_id=client.id,
            answer="not_coming",
            channel="telegram",
            reason=UNBALANCED,
        )
    assert first[1] is True and again == (first[0], False)
