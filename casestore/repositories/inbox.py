"""The question inbox as staff and partners see it, and the outbox of answers for the bot to deliver.

A question answered by a regisseur keeps `answer_delivered_at` empty until the bot has sent the
answer to the client: the question row itself is the outbox (see dialogs.answers.deliver_answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update

from casestore.models import ChatLink, Client, Question
from casestore.repositories.base import Repository, to_dto
from casestore.repositories.caseload import Scope
from casestore.types import utcnow


@dataclass(frozen=True)
class InboxItem:
    id: int
    municipality_code: str
    client_id: int | None
    partner_org_id: int | None
    language: str
    text: str
    text_nl: str | None
    text_nl_machine: bool
    topic_guess: str | None
    state: str
    answer_nl: str | None
    answered_by: int | None
    channel: str
    created_at: datetime
    answered_at: datetime | None
    answer_delivered_at: datetime | None


@dataclass(frozen=True)
class PendingAnswer:
    """An answer waiting for the bot: where to send it and in which language."""

    question_id: int
    client_id: int
    chat_id: int
    language: str
    reply_mode: str
    answer_nl: str


class InboxRepository(Repository):
    def _visible(self, scope: Scope):  # type: ignore[no-untyped-def]
        """Admins: the municipality. Regisseurs: their clients' questions and those tied to no client."""
        clause = Question.municipality_code == scope.municipality_code
        if scope.regisseur_id is None:
            return clause
        own = select(Client.id).where(Client.regisseur_id == scope.regisseur_id)
        return clause & or_(Question.client_id.in_(own), Question.client_id.is_(None))

    async def for_staff(self, scope: Scope, state: str | None = None, limit: int = 500) -> list[InboxItem]:
        query = select(Question).where(self._visible(scope))
        if state:
            query = query.where(Question.state == state)
        rows = await self.session.scalars(
            query.order_by(Question.created_at.desc(), Question.id.desc()).limit(limit)
        )
        return [to_dto(InboxItem, r) for r in rows]

    async def get_for_staff(self, scope: Scope, question_id: int) -> InboxItem | None:
        row = await self.session.scalar(
            select(Question).where(Question.id == question_id, self._visible(scope))
        )
        return to_dto(InboxItem, row) if row else None

    async def for_partner(self, partner_org_id: int, limit: int = 500) -> list[InboxItem]:
        rows = await self.session.scalars(
            select(Question)
            .where(Question.partner_org_id == partner_org_id)
            .order_by(Question.created_at.desc(), Question.id.desc())
            .limit(limit)
        )
        return [to_dto(InboxItem, r) for r in rows]

    async def for_client(self, client_id: int) -> list[InboxItem]:
        rows = await self.session.scalars(
            select(Question).where(Question.client_id == client_id).order_by(Question.id)
        )
        return [to_dto(InboxItem, r) for r in rows]

    async def answer(
        self, scope: Scope, question_id: int, staff_user_id: int, answer_nl: str
    ) -> InboxItem | None:
        row = await self.session.scalar(
            select(Question).where(Question.id == question_id, self._visible(scope))
        )
        if row is None:
            return None
        row.answer_nl = answer_nl
        row.answered_by = staff_user_id
        row.answered_at = utcnow()
        row.state = "answered"
        row.answer_delivered_at = None  # a corrected answer is sent again
        await self.session.flush()
        return to_dto(InboxItem, row)

    async def close(self, scope: Scope, question_id: int) -> bool:
        result = await self.session.execute(
            update(Question).where(Question.id == question_id, self._visible(scope)).values(state="closed")
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def pending_answers(self, limit: int = 50) -> list[PendingAnswer]:
        """Answered questions of linked clients whose answer has not been delivered yet."""
        rows = await self.session.execute(
            select(Question, Client, ChatLink.chat_id)
            .join(Client, Client.id == Question.client_id)
            .join(ChatLink, ChatLink.client_id == Client.id)
            .where(
                Question.state == "answered",
                Question.answer_delivered_at.is_(None),
                Question.answer_nl.is_not(None),
            )
            .order_by(Question.answered_at, Question.id)
            .limit(limit)
        )
        return [
            PendingAnswer(q.id, c.id, chat_id, c.language, c.reply_mode, q.answer_nl or "")
            for q, c, chat_id in rows
        ]

    async def mark_answer_delivered(self, question_id: int, at: datetime | None = None) -> bool:
        """Conditional, so two dispatchers cannot both claim one answer."""
        result = await self.session.execute(
            update(Question)
            .where(Question.id == question_id, Question.answer_delivered_at.is_(None))
            .values(answer_delivered_at=at or utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
