"""A Telegram user, played through the emulator's client API: writes, taps, edits, and reads the bot.

Every action returns the bot's messages that answer it. It waits until the bot has finished with
the update (BotHarness counts handled updates), so there is no sleeping and no guessing how many
messages are coming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from tests.e2e.harness import BotHarness


class EmulatorError(AssertionError):
    """The emulator refused a client action (e.g. tapping a button that is not on the message)."""


@dataclass(frozen=True)
class BotMessage:
    """A bot message as the user's Telegram app shows it."""

    message_id: int
    text: str | None
    buttons: list[list[tuple[str, str]]]
    raw: dict[str, Any]

    @classmethod
    def from_api(cls, message: dict[str, Any]) -> BotMessage:
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        buttons = [[(b["text"], b.get("callback_data", "")) for b in row] for row in keyboard]
        return cls(message["message_id"], message.get("text"), buttons, message)

    @property
    def actions(self) -> list[str]:
        return [action for row in self.buttons for _, action in row]

    @property
    def document(self) -> dict[str, Any] | None:
        return self.raw.get("document")

    def action_for(self, label: str) -> str:
        """The callback data of the button with this exact label."""
        for row in self.buttons:
            for text, action in row:
                if text == label:
                    return action
        raise AssertionError(f"no button {label!r} on message {self.message_id}: {self.buttons}")


class EmulatorClient:
    """The emulator's client API (JSON POSTs) for one bot token."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token
        self.http = httpx.AsyncClient(base_url=url, timeout=30, trust_env=False)  # loopback, never a proxy

    async def call(self, route: str, **body: Any) -> Any:
        response = await self.http.post(route, json={"botToken": self.token, "token": self.token, **body})
        data = response.json()
        if not data.get("ok"):
            raise EmulatorError(f"{route}: {data.get('description')}")
        return data["result"]

    async def status(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("/getBotStatus")
        return result

    async def close(self) -> None:
        await self.http.aclose()


class TelegramUser:
    """One person in a private chat with the bot (chat id = user id, as in Telegram)."""

    def __init__(
        self, harness: BotHarness, user_id: int, first_name: str = "Test", language_code: str = "nl"
    ) -> None:
        self.harness = harness
        self.user_id = user_id
        self.sender = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat = {"id": user_id, "type": "private", "first_name": first_name}
        self.last_message_id: int | None = None  # of the user's own last message, to edit it

    @property
    def client(self) -> EmulatorClient:
        return self.harness.client

    async def send(self, text: str) -> list[BotMessage]:
        """Type and send a text; a leading /word is a command, as Telegram apps mark it."""
        route = "/sendCommand" if text.startswith("/") else "/sendMessage"
        ids = await self.client.call(route, **{"from": self.sender, "chat": self.chat, "text": text})
        self.last_message_id = ids["message_id"]
        return await self._answers_to(ids["update_id"])

    async def send_content(self, **fields: Any) -> list[BotMessage]:
        """Send a non-text message: sticker=..., photo=[...], voice=..., location=...."""
        ids = await self.client.call("/sendMessage", **{"from": self.sender, "chat": self.chat, **fields})
        return await self._answers_to(ids["update_id"])

    async def edit(self, message_id: int, text: str) -> list[BotMessage]:
        ids = await self.client.call(
            "/sendEditedMessage",
            **{"from": self.sender, "chat": self.chat, "message_id": message_id, "text": text},
        )
        return await self._answers_to(ids["update_id"])

    async def tap(self, message: BotMessage, action: str, *, force: bool = False) -> list[BotMessage]:
        """Tap the button with callback data `action`; `force` taps one that is no longer shown."""
        ids = await self.client.call(
            "/sendCallback",
            **{
                "from": self.sender,
                "chat": self.chat,
                "message_id": message.message_id,
                "data": action,
                "force": force,
            },
        )
        answers = await self._answers_to(ids["update_id"])
        state = await self.client.call("/getCallbackAnswer", callbackQueryId=ids["callback_query_id"])
        assert state["answered"], "every tap must be answered, or the user's app shows a spinner"
        return answers

    async def tap_label(self, message: BotMessage, label: str) -> list[BotMessage]:
        return await self.tap(message, message.action_for(label))

    async def current(self, message: BotMessage) -> BotMessage:
        """The message as the app shows it now, after the bot's edits."""
        raw = await self.client.call("/getMessage", chatId=self.user_id, messageId=message.message_id)
        return BotMessage.from_api(raw)

    async def received(self) -> list[BotMessage]:
        """Bot messages in this chat not seen yet (e.g. a reminder the bot sent on its own)."""
        entries = await self.client.call("/getUpdates", chatId=self.user_id)
        return [BotMessage.from_api(entry["message"]) for entry in entries]

    async def _answers_to(self, update_id: int) -> list[BotMessage]:
        await self.harness.wait_handled(update_id)
        return await self.received()
