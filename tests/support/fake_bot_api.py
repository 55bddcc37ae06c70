"""A fake Telegram Bot API server for fault tests and the dispatch benchmark (loopback only).

It answers `sendMessage` like Telegram (a Message with a fresh message_id) and counts what each chat
received; `sendPhoto`, `sendVoice` and `sendAudio` are recorded per chat apart from the texts (`media`),
with a fresh file_id per upload and the given one when a file_id is reused. On demand it answers
the next requests with 429 + retry_after, 500 or 403, or hangs (before
or after counting the message, to model a lost request and a lost response); chats can be marked as
having blocked the bot. Control it in-process (`FakeBotApi` methods) or, when it runs as its own
process (`python -m tests.support.fake_bot_api --port 0`), over HTTP at `/_control/...`.

For a bot that polls (the soak and the bot fault tests), it also plays Telegram's side of getUpdates:
`push_update` queues an update, getUpdates hands out the unconfirmed ones (long polling, `offset`
confirms), and every visible answer to a chat (message, card, voice, file, edited message) is kept in
`chat_log` so a simulated user can wait for the reply to what it just sent (`wait_reply`).
getUpdates can be made to fail or hang too (`fail_next_polls`, `hang_next_polls`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Fault:
    """What to do with one upcoming sendMessage: an error status, or hang for `hang` seconds."""

    status: int = 0
    retry_after: int = 0
    hang: float = 0.0
    deliver: bool = False  # with `hang`: count the message before hanging (a lost response)


@dataclass
class Delivered:
    chat_id: int
    text: str
    callbacks: list[str]
    message_id: int
    at: float


@dataclass
class MediaDelivered:
    """A sendPhoto / sendVoice / sendAudio that arrived: `uploaded` is False when a file_id was reused."""

    chat_id: int
    kind: str
    file_id: str
    uploaded: bool
    size: int
    message_id: int
    at: float


MEDIA_METHODS = {"sendPhoto": "photo", "sendVoice": "voice", "sendAudio": "audio", "sendDocument": "document"}
EDIT_METHODS = {"editMessageText", "editMessageReplyMarkup"}

# How Telegram describes each error status a fault can carry.
DESCRIPTIONS = {
    400: "Bad Request: wrong file identifier/HTTP URL specified",
    403: "Forbidden: bot was blocked by the user",
}


@dataclass
class ChatReply:
    """Something the user sees appear in their chat: a message, card, voice note, file or an edit."""

    method: str
    at: float
    text: str
    callbacks: list[str]
    message_id: int = 0


@dataclass
class Attempt:
    chat_id: int
    at: float
    status: int


@dataclass
class FakeBotApi:
    delivered: list[Delivered] = field(default_factory=list)
    media: list[MediaDelivered] = field(default_factory=list)
    media_faults: dict[str, deque[Fault]] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    faults: deque[Fault] = field(default_factory=deque)
    blocked: set[int] = field(default_factory=set)
    failing: dict[int, int] = field(default_factory=dict)
    keep_texts: bool = True
    response_delay: float = 0.0  # seconds between counting a message and answering (a wider in-flight window)
    _next_id: int = 1
    _runner: web.AppRunner | None = None
    base_url: str = ""
    # --- Telegram's side of getUpdates (for a polling bot) ---
    pending_updates: deque[dict[str, Any]] = field(default_factory=deque)
    poll_faults: deque[Fault] = field(default_factory=deque)
    polls: int = 0
    poll_failures: int = 0
    chat_log: dict[int, list[ChatReply]] = field(default_factory=dict)
    callback_answers: int = 0
    _next_update_id: int = 1
    _updates_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _chat_signals: dict[int, asyncio.Event] = field(default_factory=dict)
    _callback_chats: dict[str, int] = field(default_factory=dict)

    # --- control -------------------------------------------------------------------------------

    def fail_next(self, count: int, status: int, retry_after: int = 0) -> None:
        self.faults.extend(Fault(status=status, retry_after=retry_after) for _ in range(count))

    def hang_next(self, count: int, seconds: float, deliver: bool = False) -> None:
        self.faults.extend(Fault(hang=seconds, deliver=deliver) for _ in range(count))

    def fail_next_media(self, method: str, count: int, status: int, retry_after: int = 0) -> None:
        """Answer the next `count` calls of `method` (e.g. "sendPhoto") with `status`."""
        queue = self.media_faults.setdefault(method, deque())
        queue.extend(Fault(status=status, retry_after=retry_after) for _ in range(count))

    def fail_next_polls(self, count: int, status: int) -> None:
        """Answer the next `count` getUpdates calls with `status` (e.g. 500, 502)."""
        self.poll_faults.extend(Fault(status=status) for _ in range(count))

    def hang_next_polls(self, count: int, seconds: float) -> None:
        """Let the next `count` getUpdates calls hang for `seconds` (the client should time out first)."""
        self.poll_faults.extend(Fault(hang=seconds) for _ in range(count))

    # --- updates from simulated users ----------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (without `update_id`); returns the id it was given."""
        update_id = self._next_update_id
        self._next_update_id += 1
        query = update.get("callback_query")
        if query is not None:
            self._callback_chats[str(query["id"])] = int(query["message"]["chat"]["id"])
        self.pending_updates.append({"update_id": update_id, **update})
        self._updates_arrived.set()
        return update_id

    def replies_to(self, chat_id: int) -> list[ChatReply]:
        return self.chat_log.setdefault(chat_id, [])

    async def wait_reply(self, chat_id: int, seen: int, within: float) -> ChatReply | None:
        """The first reply in `chat_id` after the first `seen` ones, or None after `within` seconds."""
        log = self.replies_to(chat_id)
        signal = self._chat_signals.setdefault(chat_id, asyncio.Event())
        deadline = time.monotonic() + within
        while len(log) <= seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            signal.clear()
            try:
                await asyncio.wait_for(signal.wait(), remaining)
            except TimeoutError:
                return None
        return log[seen]

    def _seen_in_chat(
        self, chat_id: int, method: str, at: float, text: str, callbacks: list[str], message_id: int = 0
    ) -> None:
        self.replies_to(chat_id).append(ChatReply(method, at, text, callbacks, message_id))
        signal = self._chat_signals.get(chat_id)
        if signal is not None:
            signal.set()

    async def _get_updates(self, form: dict[str, Any]) -> web.Response:
        self.polls += 1
        fault = self.poll_faults.popleft() if self.poll_faults else None
        if fault is not None:
            self.poll_failures += 1
        if fault is not None and fault.hang:
            await asyncio.sleep(fault.hang)
            return self._error(502, "Bad Gateway")
        if fault is not None and fault.status:
            return self._fault_error(fault)
        offset = int(str(form.get("offset") or 0))
        limit = min(max(int(str(form.get("limit") or 100)), 1), 100)
        timeout = min(float(str(form.get("timeout") or 0)), 50.0)
        while self.pending_updates and self.pending_updates[0]["update_id"] < offset:
            self.pending_updates.popleft()  # confirmed by the offset: Telegram forgets them
        if not self.pending_updates and timeout > 0:
            self._updates_arrived.clear()
            try:
                await asyncio.wait_for(self._updates_arrived.wait(), timeout)
            except TimeoutError:
                pass
        batch = [u for _, u in zip(range(limit), self.pending_updates, strict=False)]
        return web.json_response({"ok": True, "result": batch})

    def _edit(self, method: str, form: dict[str, Any]) -> web.Response:
        chat_id = int(str(form.get("chat_id", "0")))
        markup = form.get("reply_markup")
        callbacks = _callbacks(markup)
        self._seen_in_chat(chat_id, method, time.time(), str(form.get("text", "")), callbacks)
        return web.json_response({"ok": True, "result": True})

    def media_per_chat(self, kind: str) -> Counter[int]:
        """How many photos / voice notes / audio files each chat received."""
        return Counter(m.chat_id for m in self.media if m.kind == kind)

    def per_chat(self) -> Counter[int]:
        return Counter(d.chat_id for d in self.delivered)

    def reset(self) -> None:
        self.delivered.clear()
        self.media.clear()
        self.media_faults.clear()
        self.attempts.clear()
        self.faults.clear()
        self.blocked.clear()
        self.failing.clear()
        self.chat_log.clear()
        self.poll_faults.clear()

    def stats(self, full: bool = False) -> dict[str, Any]:
        counts = self.per_chat()
        data: dict[str, Any] = {
            "delivered": len(self.delivered),
            "chats": len(counts),
            "duplicates": sum(n - 1 for n in counts.values() if n > 1),
            "max_per_chat": max(counts.values(), default=0),
            "attempts": len(self.attempts),
            "statuses": dict(Counter(a.status for a in self.attempts)),
            "first_at": self.delivered[0].at if self.delivered else None,
            "last_at": self.delivered[-1].at if self.delivered else None,
        }
        if full:
            data["per_chat"] = {str(k): v for k, v in counts.items()}
            data["attempt_log"] = [asdict(a) for a in self.attempts]
            data["delivered_log"] = [
                {"chat_id": d.chat_id, "at": d.at, "callbacks": d.callbacks} for d in self.delivered
            ]
        return data

    # --- the Bot API -----------------------------------------------------------------------------

    @staticmethod
    def _fault_error(fault: Fault) -> web.Response:
        """The answer Telegram gives for `fault.status` (429 with its retry_after)."""
        if fault.status == 429:
            return FakeBotApi._error(
                429, f"Too Many Requests: retry after {fault.retry_after}", retry_after=fault.retry_after
            )
        return FakeBotApi._error(fault.status, DESCRIPTIONS.get(fault.status, "Internal Server Error"))

    @staticmethod
    def _error(status: int, description: str, **parameters: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = dict(await request.post()) if request.can_read_body else {}
        if method == "getMe":
            return web.json_response(
                {
                    "ok": True,
                    "result": {"id": 1, "is_bot": True, "first_name": "fake", "username": "fake_bot"},
                }
            )
        if method == "getUpdates":
            return await self._get_updates(form)
        if method in MEDIA_METHODS:
            return self._media(method, form)
        if method in EDIT_METHODS:
            return self._edit(method, form)
        if method == "answerCallbackQuery":
            self.callback_answers += 1
            return web.json_response({"ok": True, "result": True})
        if method != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        chat_id = int(str(form.get("chat_id", "0")))
        now = time.time()
        fault = self.faults.popleft() if self.faults else None
        if fault is None and chat_id in self.blocked:
            fault = Fault(status=403)
        if fault is None and chat_id in self.failing:
            fault = Fault(status=self.failing[chat_id])
        if fault is not None and fault.hang:
            if fault.deliver:
                self._deliver(chat_id, form, now)
            self.attempts.append(Attempt(chat_id, now, 0))
            await asyncio.sleep(fault.hang)
            return self._error(500, "Internal Server Error: too late")
        if fault is not None and fault.status:
            self.attempts.append(Attempt(chat_id, now, fault.status))
            return self._fault_error(fault)
        self.attempts.append(Attempt(chat_id, now, 200))
        message = self._deliver(chat_id, form, now)
        if self.response_delay:
            await asyncio.sleep(self.response_delay)
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": message.message_id,
                    "date": int(now),
                    "chat": {"id": chat_id, "type": "private"},
                    "text": message.text or "-",
                },
            }
        )

    def _media(self, method: str, form: dict[str, Any]) -> web.Response:
        """A photo, voice note or audio file: a fresh file_id per upload, a reused one kept as it is."""
        kind = MEDIA_METHODS[method]
        chat_id = int(str(form.get("chat_id", "0")))
        queue = self.media_faults.get(method)
        fault = queue.popleft() if queue else None
        if fault is None and chat_id in self.blocked:
            fault = Fault(status=403)
        if fault is not None and fault.status:
            return self._fault_error(fault)
        sent = form.get(kind)
        if isinstance(sent, str) and sent.startswith("attach://"):  # aiogram uploads by attachment name
            sent = form.get(sent.removeprefix("attach://"))
        uploaded = isinstance(sent, web.FileField)
        if uploaded:
            assert isinstance(sent, web.FileField)
            size = len(sent.file.read())
            file_id = f"{kind}-{self._next_id}"
        else:
            size, file_id = 0, str(sent or "")
            if not file_id.startswith(f"{kind}-"):
                return self._error(400, DESCRIPTIONS[400])
        now = time.time()
        self.media.append(MediaDelivered(chat_id, kind, file_id, uploaded, size, self._next_id, now))
        self._seen_in_chat(chat_id, method, now, "", [], self._next_id)
        result: dict[str, Any] = {
            "message_id": self._next_id,
            "date": int(now),
            "chat": {"id": chat_id, "type": "private"},
        }
        self._next_id += 1
        if kind == "photo":
            result["photo"] = [{"file_id": file_id, "file_unique_id": file_id, "width": 1080, "height": 1080}]
        elif kind == "document":
            result["document"] = {"file_id": file_id, "file_unique_id": file_id}
        else:
            result[kind] = {"file_id": file_id, "file_unique_id": file_id, "duration": 1}
        return web.json_response({"ok": True, "result": result})

    def _deliver(self, chat_id: int, form: dict[str, Any], now: float) -> Delivered:
        callbacks = _callbacks(form.get("reply_markup"))
        text = str(form.get("text", "")) if self.keep_texts else ""
        message = Delivered(chat_id, text, callbacks, self._next_id, now)
        self._next_id += 1
        self.delivered.append(message)
        self._seen_in_chat(chat_id, "sendMessage", now, text, callbacks, message.message_id)
        return message

    # --- HTTP control (for the separate-process mode) ----------------------------------------------

    async def _control(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        body = await request.json() if request.can_read_body else {}
        if action == "stats":
            return web.json_response(self.stats(full=bool(request.query.get("full"))))
        if action == "reset":
            self.reset()
        elif action == "fail":
            self.fail_next(int(body["count"]), int(body["status"]), int(body.get("retry_after", 0)))
        elif action == "hang":
            self.hang_next(int(body["count"]), float(body["seconds"]), bool(body.get("deliver", False)))
        elif action == "block":
            self.blocked.update(int(c) for c in body["chats"])
        else:
            return web.json_response({"ok": False}, status=404)
        return web.json_response({"ok": True})

    def app(self) -> web.Application:
        app = web.Application(client_max_size=16 << 20)  # room for card and voice uploads
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/bot{token}/{method}", self._method)
        app.router.add_route("*", "/_control/{action}", self._control)
        return app

    async def start(self, port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        bound = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{bound}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def _callbacks(markup: Any) -> list[str]:
    if not markup:
        return []
    rows = json.loads(str(markup)).get("inline_keyboard", [])
    return [b.get("callback_data", "") for row in rows for b in row]


async def _serve(port: int, keep_texts: bool) -> None:
    api = FakeBotApi(keep_texts=keep_texts)
    url = await api.start(port)
    print(f"listening on {url}", flush=True)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    await done.wait()
    await api.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-texts", action="store_true", help="do not keep message texts (long benchmarks)")
    args = parser.parse_args()
    try:
        import uvloop  # type: ignore[import-not-found]

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_serve(args.port, keep_texts=not args.no_texts))


if __name__ == "__main__":
    main()
