"""Random secrets (session tokens, API keys, feed URLs) and the hashes stored in their place."""

from __future__ import annotations

import hashlib
import hmac
import secrets

API_KEY_PREFIX = "ibk_"


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def new_api_key() -> tuple[str, str]:
    """(the key shown once to the admin, its short public prefix for recognising it in lists)."""
    prefix = secrets.token_hex(4)
    return f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix
