"""What a user can do (events), who they are (context) and where they are in a dialog (state)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from casestore.dto import ClientDTO
from municipalities.config import Municipality


@dataclass(frozen=True)
class Start:
    """`/start`, possibly with a deep-link payload (an invite code)."""

    payload: str | None = None


@dataclass(frozen=True)
class Command:
    name: str
    args: str = ""


@dataclass(frozen=True)
class TextInput:
    text: str


@dataclass(frozen=True)
class Tap:
    action: str


@dataclass(frozen=True)
class Unsupported:
    """Anything that is not text: sticker, photo, document, voice, location, an edited message...

    `ref` is a transport reference (e.g. Telegram's file id of a voice message), never content.
    """

    kind: str
    ref: str | None = None


Event = Start | Command | TextInput | Tap | Unsupported


@dataclass
class ChatState:
    """Per-chat dialog state, kept by the transport (aiogram FSM storage, or memory in the console).

    It holds no case data: who the user is comes from the chat link in the case store on every
    update, so a lost or stale state can never show one person's data to another.
    """

    lang: str | None = None
    stage: str = "new"
    pending_code: str | None = None
    pending: dict[str, Any] = field(default_factory=dict)
    # "Always send audio" for a chat not linked to a client yet (a linked client's choice is stored).
    always_audio: bool = False
    # bilingual / native / dutch for a chat not linked yet (a linked client's choice is stored).
    reply_mode: str = "bilingual"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ChatState:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class ChatContext:
    """Who is talking: the transport's user id, and the linked client if there is one."""

    user_id: int
    chat_id: int
    client: ClientDTO | None
    municipality: Municipality
    channel: str = "telegram"

    @property
    def linked(self) -> bool:
        return self.client is not None
