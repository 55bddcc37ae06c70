"""👍/👎 on answers to free-text questions, per topic and language, for the web app's overview."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from casestore.models import AnswerFeedback
from casestore.repositories.base import Repository
from casestore.types import utcnow

VOTES = ("up", "down")


@dataclass(frozen=True)
class FeedbackCount:
    """How often the answer on `topic_id` shown in `language` got `vote`."""

    topic_id: str
    language: str
    vote: str
    count: int


class FeedbackRepository(Repository):
    async def record(self, *, municipality_code: str, topic_id: str, language: str, vote: str) -> None:
        """One vote; nothing that identifies the person or their question is stored."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
        self.session.add(
            AnswerFeedback(
                municipality_code=municipality_code,
                topic_id=topic_id[:40],
                language=language[:8],
                vote=vote,
                created_at=utcnow(),
            )
        )
        await self.session.flush()

    async def counts(self, municipality_code: str | None = None) -> list[FeedbackCount]:
        """Votes per topic × language × vote (all municipalities when None), sorted by topic."""
        query = select(
            AnswerFeedback.topic_id, AnswerFeedback.language, AnswerFeedback.vote, func.count()
        ).group_by(AnswerFeedback.topic_id, AnswerFeedback.language, AnswerFeedback.vote)
        if municipality_code is not None:
            query = query.where(AnswerFeedback.municipality_code == municipality_code)
        rows = await self.session.execute(query)
        return sorted(
            (FeedbackCount(topic, lang, vote, int(n)) for topic, lang, vote, n in rows),
            key=lambda c: (c.topic_id, c.language, c.vote),
        )
