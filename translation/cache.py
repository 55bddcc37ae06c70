"""A small thread-safe LRU cache for translations.

A broadcast sends the same Dutch text to many recipients of one language, and a regisseur's answer
is previewed before it is sent: each (text, direction) is translated once. The cache lives in
memory only, so nobody's words outlive the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    size: int
    maxsize: int


class LRUCache(Generic[K, V]):
    """Read from the event loop, written from the translation thread, hence the lock."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, key: K, *, count: bool = True) -> V | None:
        """The cached value or None; `count=False` looks without touching the hit/miss numbers."""
        with self._lock:
            if key not in self._items:
                self._misses += count
                return None
            self._hits += count
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._maxsize:
                self._items.popitem(last=False)

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self._hits, self._misses, len(self._items), self._maxsize)
