"""Webhook delivery to a real receiver on loopback that checks the signature and fails twice first."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from casestore.models import Response, WebhookDelivery
from tests.web.conftest import logged_in
from web.webhooks import SIGNATURE_HEADER, WebhookDispatcher, backoff, sign, verify

SECRET = "test-secret-for-signing"


@dataclass
class Receiver:
    """Answers 500 to the first `fail_first` attempts for each response id, then 200."""

    fail_first: int = 2
    attempts: Counter[int] = field(default_factory=Counter)
    accepted: list[int] = field(default_factory=list)
    bad_signatures: int = 0
    url: str = ""

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        status = 200
        if not verify(SECRET, headers.get(SIGNATURE_HEADER.lower(), ""), body, time.time()):
            self.bad_signatures += 1
            status = 401
        else:
            response_id = json.loads(body)["id"]
            self.attempts[response_id] += 1
            if self.attempts[response_id] <= self.fail_first:
                status = 500
            elif response_id in self.accepted:
                status = 200  # a receiver dedupes by id: a repeat is acknowledged, not counted
            else:
                self.accepted.append(response_id)
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"ok" if status == 200 else b"no"})


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    target = Receiver()
    config = uvicorn.Config(target, host="127.0.0.1", port=0, log_level="error", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.02)
    assert server.started, "the test receiver did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    target.url = f"http://127.0.0.1:{port}/hook"
    yield target
    server.should_exit = True
    await asyncio.wait_for(task, 10)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


async def _responses(app, people, count: int) -> list[int]:
    ids = []
    async with app.store.uow() as uow:
        for index in range(count):
            answer = "coming" if index % 2 == 0 else "not_coming"
            response, _ = await uow.responses.record(
                appointment_id=people.appointment, client_id=people.client, answer=answer, channel="telegram"
            )
            ids.append(response.id)
    return ids


async def test_each_response_is_delivered_exactly_once_despite_two_failures(web, receiver: Receiver) -> None:
    app, web_app, people = web
    async with app.store.uow() as uow:
        await uow.webhooks.set_endpoint("demo", receiver.url, SECRET)
    ids = await _responses(app, people, 3)
    clock = Clock()
    async with httpx.AsyncClient() as http:
        dispatcher = WebhookDispatcher(app.store, http, clock=clock)
        for _ in range(8):  # bounded: 3 attempts are needed, each after its backoff
            await dispatcher.run_once()
            clock.now += timedelta(hours=1)
        # Rounds after delivery send nothing again.
        assert (await dispatcher.run_once()).delivered == 0
    assert receiver.bad_signatures == 0
    assert sorted(receiver.accepted) == ids  # each exactly once
    assert all(receiver.attempts[i] == 3 for i in ids)
    async with app.store.uow() as uow:
        deliveries = list(await uow.session.scalars(select(WebhookDelivery)))
        responses = list(await uow.session.scalars(select(Response)))
    assert {d.state for d in deliveries} == {"delivered"} and len(deliveries) == 3
    assert all(d.attempts == 3 and d.last_status == 200 for d in deliveries)
    assert {r.export_state for r in responses} == {"exported"}
    async with logged_in(web_app, "admin") as (client, _csrf):
        log = (await client.get("/admin")).text
    assert log.count("afgeleverd") >= 3


async def test_retries_follow_the_backoff_and_give_up_after_max_attempts(
    sqlite_web, receiver: Receiver
) -> None:
    app, web_app, people = sqlite_web
    receiver.fail_first = 100
    async with app.store.uow() as uow:
        await uow.webhooks.set_endpoint("demo", receiver.url, SECRET)
    (response_id,) = await _responses(app, people, 1)
    clock = Clock()
    async with httpx.AsyncClient() as http:
        dispatcher = WebhookDispatcher(app.store, http, clock=clock, max_attempts=3)
        await dispatcher.run_once()
        clock.now += backoff(1) - timedelta(seconds=1)
        assert (await dispatcher.run_once()).retrying == 0  # not due yet
        clock.now += timedelta(seconds=2)
        assert (await dispatcher.run_once()).retrying == 1
        clock.now += backoff(2) + timedelta(seconds=1)
        assert (await dispatcher.run_once()).failed == 1
        clock.now += timedelta(days=1)
        assert (await dispatcher.run_once()).failed == 0  # given up: no more attempts
    assert receiver.attempts[response_id] == 3
    async with app.store.uow() as uow:
        (delivery,) = await uow.webhooks.log("demo")
    assert delivery.state == "failed" and delivery.last_status == 500
    # The admin can try again from the delivery log.
    async with logged_in(web_app, "admin") as (client, csrf):
        retried = await client.post(
            f"/admin/webhook/deliveries/{delivery.id}/retry", data={"csrf_token": csrf}
        )
        assert retried.status_code == 303
    async with app.store.uow() as uow:
        (delivery,) = await uow.webhooks.log("demo")
    assert delivery.state == "pending"


async def test_two_dispatchers_never_send_one_response_twice(web, receiver: Receiver) -> None:
    app, _web_app, people = web
    receiver.fail_first = 0
    async with app.store.uow() as uow:
        await uow.webhooks.set_endpoint("demo", receiver.url, SECRET)
    ids = await _responses(app, people, 6)
    async with httpx.AsyncClient() as http:
        first, second = WebhookDispatcher(app.store, http), WebhookDispatcher(app.store, http)
        await asyncio.gather(first.run_once(), second.run_once())
    assert sorted(receiver.accepted) == ids
    assert sum(receiver.attempts.values()) == len(ids)


def test_signature_covers_timestamp_and_body() -> None:
    body = b'{"id":1}'
    now = int(time.time())
    header = sign(SECRET, now, body)
    assert verify(SECRET, header, body, now)
    assert not verify(SECRET, header, b'{"id":2}', now)
    assert not verify("other secret", header, body, now)
    assert not verify(SECRET, header, body, now + 3600)  # a replay an hour later
    assert not verify(SECRET, "garbage", body, now)
