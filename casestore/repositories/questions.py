"""Questions and tickets for the regisseur: forwarded by the bot for a client, or by a partner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update

from casestore.dto import QuestionDTO
from casestore.models import Question
from casestore.repositories.base import Repository, to_dto
from casestore.types import utcnow

MAX_QUESTION_LENGTH = 4000


class QuestionRepository(Repository):
    async def add(
        self,
        *,
        municipality_code: str,
        language: str,
        text: str,
        channel: str,
        client_id: int | None = None,
        partner_org_id: int | None = None,
        topic_guess: str | None = None,
        text_nl: str | None = None,
        text_nl_machine: bool = False,
    ) -> QuestionDTO:
        row = Question(
            municipality_code=municipality_code,
            client_id=client_id,
            partner_org_id=partner_org_id,
            language=language,
            text=text[:MAX_QUESTION_LENGTH],
            text_nl=text_nl,
            text_nl_machine=text_nl_machine,
            topic_guess=topic_guess,
            state="open",
            channel=channel,
            created_at=utcnow(),
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(QuestionDTO, row)

    async def for_client(self, client_id: int) -> list[QuestionDTO]:
        rows = await self.session.scalars(
            select(Question).where(Question.client_id == client_id).order_by(Question.id)
        )
        return [to_dto(QuestionDTO, r) for r in rows]

    async def open_for_municipality(self, municipality_code: str) -> list[QuestionDTO]:
        rows = await self.session.scalars(
            select(Question)
            .where(Question.municipality_code == municipality_code, Question.state == "open")
            .order_by(Question.created_at)
        )
        return [to_dto(QuestionDTO, r) for r in rows]

    async def erase_client_texts(self, client_id: int) -> int:
        """Remove what the client wrote; the ticket stays (answered or not) without its words."""
        result = await self.session.execute(
            update(Question)
            .where(Question.client_id == client_id)
            .values(text="", text_nl=None, client_id=None, state="closed")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_before(self, municipality_code: str, before: datetime) -> int:
        """Retention: delete the municipality's questions asked, and answered if at all, before `before`."""
        result = await self.session.execute(
            delete(Question).where(
                Question.municipality_code == municipality_code,
                Question.created_at < before,
                or_(Question.answered_at.is_(None), Question.answered_at < before),
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def delete_for_clients(self, client_ids: list[int]) -> int:
        """Delete every question of these clients (before the client rows themselves go)."""
        deleted = 0
        for start in range(0, len(client_ids), 500):
            chunk = client_ids[start : start + 500]
            result = await self.session.execute(delete(Question).where(Question.client_id.in_(chunk)))
            deleted += int(result.rowcount or 0)  # type: ignore[attr-defined]
        return deleted
