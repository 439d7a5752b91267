"""Read replica for statistics and exports (issue 11 item 12, ADR 0017).

With DATABASE_REPLICA_URL set, settings add the "replica" alias and this router. Only reads made
inside `reads()` go to the replica: the statistics pages and the rows of an export, which read
much and can stand a replica's lag of a second or two. Everything else, and every write or
`select_for_update`, stays on the primary, so a page always sees what its user just saved.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

ALIAS = "replica"
_reading = ContextVar("keqi_replica_reads", default=False)


@contextmanager
def reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reporting(view):
    """A view whose reads may come from the replica (a statistics page)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with reads():
            return view(*args, **kwargs)

    return wrapper


def configured() -> bool:
    return ALIAS in settings.DATABASES


def active() -> bool:
    return _reading.get() and configured()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return ALIAS if active() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two connections

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
