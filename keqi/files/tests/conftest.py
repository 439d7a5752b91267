import pytest


@pytest.fixture(autouse=True)
def stand_in_host_takes_anonymous_bodies(settings):
    """The stand-in host (keqi.files.tests.urls) has no login; every real host does. Lift the
    anonymous body limit of accounts.middleware.BodyLimitMiddleware here, so these tests see the
    upload machinery's own caps and messages (the middleware is tested in core/tests)."""
    settings.KEQI_BODY_LIMITS = {**settings.KEQI_BODY_LIMITS, "anonymous": 2**40, "upload": 2**40}
