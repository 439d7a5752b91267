"""Figures computed from the database once and kept per process under a version (ADR 0026).

A `Shelf` holds one value per key (e.g. a report year) together with the version it was built
at (a stamp the caller reads per request, or a time bucket). A request whose version matches
reads the kept value. When the version has moved, a copy at most KEQI_LIBRARY_MAX_STALE seconds
behind keeps serving while one thread rebuilds it, so a review rush does not make every request
pay a rebuild; an older copy, or any copy when the window is 0 (tests), is rebuilt inline."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection


def max_stale() -> float:
    return float(getattr(settings, "KEQI_LIBRARY_MAX_STALE", 0))


@dataclass
class _Kept:
    value: Any
    version: int
    stale_at: float | None = None  # monotonic time it was first found behind


class Shelf:
    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._kept: dict[Hashable, _Kept] = {}
        self._building: set[Hashable] = set()

    def get(self, key: Hashable, version: int, build: Callable[[], Any], max_gap: int | None = None) -> Any:
        """The value for `key` at `version`; `max_gap` (time buckets) refuses to serve a copy more
        than that many versions behind, however recently it was found stale."""
        kept = self._kept.get(key)
        if kept is not None and kept.version == version:
            return kept.value
        window = max_stale()
        close_enough = kept is not None and (max_gap is None or version - kept.version <= max_gap)
        if close_enough and window > 0:
            now = time.monotonic()
            if kept.stale_at is None:
                kept.stale_at = now
            if now - kept.stale_at < window:
                self._build_in_background(key, version, build)
                return kept.value
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept.version != version:
                kept = self._kept[key] = _Kept(build(), version)  # built at the version just read
        return kept.value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def _store_built_behind(self, key: Hashable, version: int, value: Any) -> None:
        current = self._kept.get(key)
        if current is None or current.version <= version:  # a slow thread never replaces a newer copy
            self._kept[key] = _Kept(value, version)

    def _build_in_background(self, key: Hashable, version: int, build: Callable[[], Any]) -> None:
        with self._lock:
            if key in self._building:
                return
            self._building.add(key)

        def run():
            try:
                value = build()
                with self._lock:
                    self._store_built_behind(key, version, value)
            finally:
                connection.close()  # the thread's own connection
                with self._lock:
                    self._building.discard(key)

        threading.Thread(target=run, name=f"{self.name}-{key}", daemon=True).start()


def time_bucket(seconds: float) -> int:
    """A version that moves every `seconds` (the same in every process); with 0 it moves on every
    call, so the value is rebuilt each time."""
    if seconds <= 0:
        return time.monotonic_ns()
    return int(time.time() // seconds)
