"""Who may lock the enterprise's own profile page. A recognised enterprise, for one, edits only
through 信息更新 (S3.6), which the recognitions app knows; enterprises sits below it (ADR 0024),
so that app registers a lock here in its AppConfig.ready() instead of enterprises importing it.

A lock is lock(enterprise, day) -> None (not locked) or {"open": bool, "message": str, "url": str}:
whether the other way to edit is open today, what the page says about it and where it is."""

_locks: list = []


def register(lock) -> None:
    _locks.append(lock)


def lock_for(enterprise, day) -> dict | None:
    for lock in _locks:
        found = lock(enterprise, day)
        if found is not None:
            return found
    return None
