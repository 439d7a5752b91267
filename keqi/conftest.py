"""Shared fixtures: real database, real files, Debian chromium via Playwright."""

import json
import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls we make from
# the same thread are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DB_FIXTURES = {"db", "transactional_db", "live_server", "client", "admin_client", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush every table, migration data included: put it back when missing."""
    uses_db = request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)
    if not uses_db:
        yield
        return
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    from keqi.reference import loaders
    from keqi.reference.models import DictionaryEntry, Industry, IPType, Region

    if not Region.objects.exists():
        loaders.load_regions(Region)
        loaders.load_industries(Industry)
        loaders.load_dictionaries(DictionaryEntry, IPType)
    yield


@pytest.fixture(autouse=True)
def sms_outbox(request, tmp_path):
    """SMS go to a file the test can read, like the demo's console backend but inspectable."""
    if not request.config.pluginmanager.hasplugin("django"):  # pure tests, e.g. keqi.policy
        yield list
        return
    settings = request.getfixturevalue("settings")
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE = tmp_path / "sms.jsonl"

    def messages() -> list[dict]:
        if not settings.SMS_FILE.exists():
            return []
        return [json.loads(line) for line in settings.SMS_FILE.read_text(encoding="utf-8").splitlines()]

    yield messages


@pytest.fixture
def make_enterprise(db):
    from keqi.core.identifiers import make_uscc
    from keqi.enterprises.models import Enterprise
    from keqi.reference.models import Region

    counter = iter(range(1, 10_000))

    def create(region_code: str = "110114", name: str | None = None, zone_code: str | None = None, **fields):
        serial = next(counter)
        return Enterprise.objects.create(
            name=name or f"测试企业{region_code}-{serial}",
            uscc=make_uscc(region_code, 10_000_000 + serial * 37 + int(region_code) % 1000),
            region=Region.objects.get(code=region_code),
            zone=Region.objects.get(code=zone_code) if zone_code else None,
            **fields,
        )

    return create


PASSWORD = "Test@12345"


@pytest.fixture
def make_user(db):
    from keqi.accounts.models import Agency, Role, User
    from keqi.reference.models import Region

    counter = iter(range(1, 10_000))

    def create(
        role: str = Role.ENTERPRISE, region_code: str | None = None, enterprise=None, agency_name: str | None = None
    ):
        serial = next(counter)
        region = Region.objects.get(code=region_code) if region_code else None
        agency = Agency.objects.get_or_create(name=agency_name, defaults={"region": region})[0] if agency_name else None
        mobile = f"1370000{serial:04d}" if role == Role.ENTERPRISE else f"1360000{serial:04d}"
        user = User(
            username=mobile if role == Role.ENTERPRISE else f"{role.lower()}_{serial}",
            mobile=mobile,
            role=role,
            region=region,
            enterprise=enterprise,
            agency=agency,
            is_superuser=role == Role.ADMIN,
            is_staff=role == Role.ADMIN,
        )
        user.set_password(PASSWORD)
        user.save()
        return user

    return create


@pytest.fixture(scope="session")
def browser():
    """One Debian chromium per xdist worker."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def records_stay_intact(request):
    """After every browser journey the hash chains still verify (X4, issue 11 item 9)."""
    if "page" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("live_server")
    yield
    from keqi.core import records

    problem = records.verify()
    assert problem is None, f"verify_records after the journey: {problem}"


@pytest.fixture(autouse=True)
def fresh_library_columns():
    """The libraries' in-memory columns (ADR 0019) belong to one test's data."""
    from keqi.libraries import screen

    screen._cache.clear()
    yield
    screen._cache.clear()
