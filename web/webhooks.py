"""Webhook delivery of responses to the municipal case system.

Each response becomes one delivery row per configured endpoint (a unique pair in the database), is
POSTed as JSON with an HMAC-SHA256 signature, retried with exponential backoff on failure, and
marked delivered after the first 2xx. Receivers still dedupe by the response id: a worker that
dies between the receiver's 2xx and our commit sends that one response again (at-least-once).

Signature header: `X-Inburgerbot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`.
The timestamp lets a receiver refuse replays older than a few minutes.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from casestore.repositories.caseload import ResponseExport
from casestore.types import utcnow
from casestore.uow import CaseStore

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Inburgerbot-Signature"
EVENT_HEADER = "X-Inburgerbot-Event"
DELIVERY_HEADER = "X-Inburgerbot-Delivery"
EVENT = "response.created"
MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)
LEASE = timedelta(minutes=2)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: float, tolerance: float = 300) -> bool:
    """What a receiver does: check the MAC in constant time and refuse old timestamps."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, ... at most 6 h."""
    return min(BASE_DELAY * (1 << max(attempts - 1, 0)), MAX_DELAY)


def payload(export: ResponseExport) -> dict[str, Any]:
    r = export.response
    return {
        "id": r.id,
        "event": EVENT,
        "created_at": r.created_at.isoformat(),
        "answer": r.answer,
        "reason": r.reason,
        "channel": r.channel,
        "client": {"id": r.client_id, "external_ref": export.client_external_ref},
        "appointment": {
            "id": r.appointment_id,
            "external_ref": export.appointment_external_ref,
            "kind": export.appointment_kind,
            "starts_at": export.appointment_starts_at.isoformat(),
        },
    }


@dataclass
class DispatchReport:
    enqueued: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


class WebhookDispatcher:
    """One `run_once` enqueues new responses and tries every due delivery once."""

    def __init__(
        self,
        store: CaseStore,
        client: httpx.AsyncClient,
        clock: Callable[[], datetime] = utcnow,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.store = store
        self.client = client
        # `clock` decides what is due (tests move it); signatures always carry the real time of sending,
        # since the receiver compares them with its own clock.
        self.clock = clock
        self.max_attempts = max_attempts

    async def run_once(self) -> DispatchReport:
        report = DispatchReport()
        now = self.clock()
        async with self.store.uow() as uow:
            report.enqueued = await uow.webhooks.enqueue_new(now)
        async with self.store.uow() as uow:
            claimed = await uow.webhooks.claim_due(LEASE, now)
        for delivery_id in claimed:
            outcome = await self._deliver(delivery_id)
            setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    async def _deliver(self, delivery_id: int) -> str:
        async with self.store.uow() as uow:
            delivery = await uow.webhooks.delivery(delivery_id)
            endpoint = await uow.webhooks.endpoint(delivery.endpoint_id) if delivery else None
            found = await uow.caseload.response_export(delivery.response_id) if delivery else None
        if delivery is None or endpoint is None or found is None:
            return "failed"
        body = json.dumps(payload(found[0]), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
            EVENT_HEADER: EVENT,
            DELIVERY_HEADER: str(delivery.id),
            "idempotency-key": f"response-{delivery.response_id}",
            "user-agent": "inburgerbot-webhook/1",
        }
        status: int | None = None
        error = ""
        try:
            response = await self.client.post(endpoint.url, content=body, headers=headers, timeout=TIMEOUT)
            status = response.status_code
            if 200 <= status < 300:
                async with self.store.uow() as uow:
                    await uow.webhooks.record_success(delivery.id, status, self.clock())
                log.info(
                    "webhook delivered",
                    extra={"delivery_id": delivery.id, "response_id": delivery.response_id},
                )
                return "delivered"
            error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        attempts = delivery.attempts + 1
        retry_at = None if attempts >= self.max_attempts else self.clock() + backoff(attempts)
        async with self.store.uow() as uow:
            await uow.webhooks.record_failure(delivery.id, status, error, retry_at)
        log.info(
            "webhook attempt failed",
            extra={"delivery_id": delivery.id, "attempts": attempts, "status": status, "error": error},
        )
        return "retrying" if retry_at else "failed"


async def run_webhook_worker(store: CaseStore, interval: float) -> None:
    """Runs inside the web process until cancelled; a failed round is logged, never fatal."""
    async with httpx.AsyncClient(follow_redirects=False) as client:
        dispatcher = WebhookDispatcher(store, client)
        while True:
            try:
                await dispatcher.run_once()
            except Exception:
                log.exception("webhook round failed")
            await asyncio.sleep(interval)
