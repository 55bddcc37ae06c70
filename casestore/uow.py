"""The unit of work: one session and transaction per update or request, with every repository on it."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from casestore.db import create_engine, session_factory
from casestore.errors import StoreUnavailableError
from casestore.repositories.appointments import AppointmentRepository, ResponseRepository
from casestore.repositories.audit import AuditRepository
from casestore.repositories.broadcasts import BroadcastRepository
from casestore.repositories.caseload import CaseloadRepository
from casestore.repositories.clients import ChatLinkRepository, ClientRepository, InviteRepository
from casestore.repositories.feedback import FeedbackRepository
from casestore.repositories.inbox import InboxRepository
from casestore.repositories.integration import ApiKeyRepository, CalendarFeedRepository, WebhookRepository
from casestore.repositories.municipalities import MunicipalityRepository
from casestore.repositories.notices import NoticeRepository
from casestore.repositories.partner_chats import PartnerChatRepository
from casestore.repositories.questions import QuestionRepository
from casestore.repositories.reminders import ReminderRepository
from casestore.repositories.staff import PartnerOrgRepository, SessionRepository, StaffRepository


class UnitOfWork:
    """`async with store.uow() as uow:` commits on success and rolls back on any error."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> UnitOfWork:
        self.session: AsyncSession = self._sessions()
        self.municipalities = MunicipalityRepository(self.session)
        self.clients = ClientRepository(self.session)
        self.invites = InviteRepository(self.session)
        self.chat_links = ChatLinkRepository(self.session)
        self.appointments = AppointmentRepository(self.session)
        self.responses = ResponseRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.questions = QuestionRepository(self.session)
        self.staff = StaffRepository(self.session)
        self.staff_sessions = SessionRepository(self.session)
        self.partner_orgs = PartnerOrgRepository(self.session)
        self.caseload = CaseloadRepository(self.session)
        self.inbox = InboxRepository(self.session)
        self.api_keys = ApiKeyRepository(self.session)
        self.webhooks = WebhookRepository(self.session)
        self.calendar_feeds = CalendarFeedRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.broadcasts = BroadcastRepository(self.session)
        self.notices = NoticeRepository(self.session)
        self.feedback = FeedbackRepository(self.session)
        self.partner_chats = PartnerChatRepository(self.session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is None:
                await self.session.commit()
            else:
                await self.session.rollback()
        except (OperationalError, DBAPIError, OSError) as err:
            raise StoreUnavailableError("the database did not accept the change") from err
        finally:
            await self.session.close()


class CaseStore:
    """Holds the engine; built once from settings and passed to whoever needs the database."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = session_factory(engine)

    @classmethod
    def from_url(cls, url: str, **engine_kwargs: Any) -> CaseStore:
        return cls(create_engine(url, **engine_kwargs))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._sessions)

    async def dispose(self) -> None:
        await self.engine.dispose()
