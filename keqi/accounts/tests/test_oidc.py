"""P3 统一身份认证 (issue 11 item 11): legal-person login through a real OpenID Connect provider.

The provider is django-oidc-provider in a test project (oidc_provider_project), run by this module
as its own process on 127.0.0.1 with its own database; Keqi (live_server, on the suite's own
database: SQLite or PostgreSQL) reaches it over HTTP only. The browser and a plain HTTP client go
authorize → provider login → callback → Keqi session.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from keqi.accounts.models import LoginLog, Role, User
from keqi.core.identifiers import make_uscc
from keqi.enterprises.models import Enterprise

ROOT = Path(__file__).resolve().parents[3]
NEW_USCC = make_uscc("110114", 40_000_001)  # 昌平: not on the platform yet
KNOWN_USCC = make_uscc("110114", 40_000_002)
LOCKED_USCC = make_uscc("110114", 40_000_003)
PEOPLE = [
    {"username": "fr-new", "password": "Op@pass-1", "uscc": NEW_USCC, "org_name": "统一认证新开户科技有限公司"},
    {"username": "fr-known", "password": "Op@pass-2", "uscc": KNOWN_USCC, "org_name": "已注册科技有限公司"},
    {"username": "fr-locked", "password": "Op@pass-3", "uscc": LOCKED_USCC, "org_name": "被锁定科技有限公司"},
    {"username": "fr-bad", "password": "Op@pass-4", "uscc": "91110114ABCDEFGHIJ", "org_name": "代码有误公司"},
    {"username": "fr-none", "password": "Op@pass-5", "org_name": "没有代码的单位"},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """Start the identity provider with Keqi's callback as its client's redirect URI."""
    data = tmp_path_factory.mktemp("oidc_provider")
    people = data / "people.json"
    people.write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "OP_DATA_DIR": str(data), "OP_PEOPLE_FILE": str(people)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    redirect_uri = f"{live_server.url}/accounts/oidc/callback/"
    command = [sys.executable, "-m", "keqi.accounts.tests.oidc_provider_project.run", str(port), redirect_uri]
    log = open(data / "provider.log", "wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}/openid"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail("the identity provider did not start:\n" + (data / "provider.log").read_text()[-2000:])
        time.sleep(0.2)
    yield issuer
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def oidc_settings(settings, provider):
    settings.OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID = "keqi-test"
    settings.OIDC_RP_CLIENT_SECRET = "keqi-test-secret"
    settings.OIDC_RP_SCOPES = "openid profile legal_person"
    settings.OIDC_USCC_CLAIM = "uscc"
    settings.OIDC_NAME_CLAIM = "org_name"
    return settings


def sign_in_over_http(
    base: str, username: str, password: str, next_url: str = ""
) -> tuple[requests.Session, requests.Response]:
    """What a browser does, with a plain HTTP client: Keqi → provider login → provider → Keqi."""
    http = requests.Session()
    start = http.get(f"{base}/accounts/oidc/start/" + (f"?next={next_url}" if next_url else ""), timeout=10)
    assert "/login/" in start.url and start.url.startswith("http://127.0.0.1"), start.url  # at the provider
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', start.text).group(1)
    login_next = re.search(r'name="next" value="([^"]*)"', start.text).group(1).replace("&amp;", "&")
    done = http.post(
        start.url.split("?")[0],
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": login_next},
        timeout=20,
    )
    return http, done


def test_login_page_offers_unified_login_only_when_configured(client, settings):
    settings.OIDC_ISSUER = ""
    assert "统一身份认证登录" not in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/oidc/start/").status_code == 404
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404
    settings.OIDC_ISSUER, settings.OIDC_RP_CLIENT_ID = "https://idp.example.cn/openid", "keqi"
    page = client.get("/accounts/login/?next=/workbench/").content.decode()
    assert "统一身份认证登录" in page and 'href="/accounts/oidc/start/?next=/workbench/"' in page


def test_first_login_in_the_browser_opens_the_enterprise_account(page, live_server, oidc_settings):
    """P3: the button on the login page, the provider's own login page, back to Keqi logged in."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="统一身份认证登录").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/login/"))
    page.fill("#op-username", "fr-new")
    page.fill("#op-password", "Op@pass-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/enterprise/profile/**")
    assert "已通过统一身份认证开通企业账号" in page.content()
    enterprise = Enterprise.objects.get(uscc=NEW_USCC)
    assert enterprise.name == "统一认证新开户科技有限公司" and enterprise.region.code == "110114"
    user = User.objects.get(enterprise=enterprise)
    assert user.role == Role.ENTERPRISE and not user.has_usable_password()
    log = LoginLog.objects.filter(user=user).get()
    assert log.success and log.reason.startswith("[oidc]")
    page.goto("/workbench/")
    assert "统一认证新开户科技有限公司" in page.content()


def test_a_registered_enterprise_is_linked_by_its_uscc(live_server, oidc_settings, make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="已注册科技有限公司")
    Enterprise.objects.filter(pk=enterprise.pk).update(uscc=KNOWN_USCC)
    owner = make_user(Role.ENTERPRISE, enterprise=enterprise)
    http, done = sign_in_over_http(live_server.url, "fr-known", "Op@pass-2", next_url="/enterprise/profile/")
    assert done.url == f"{live_server.url}/enterprise/profile/", done.url  # next= kept through the provider
    assert User.objects.filter(enterprise=enterprise).count() == 1
    assert LoginLog.objects.filter(user=owner, success=True, reason="[oidc]").count() == 1
    workbench = http.get(f"{live_server.url}/workbench/", timeout=10)
    assert workbench.url == f"{live_server.url}/workbench/" and "已注册科技有限公司" in workbench.text


def test_a_locked_account_stays_shut_and_is_logged(live_server, oidc_settings, make_enterprise, make_user):
    from datetime import timedelta

    from django.utils import timezone

    enterprise = make_enterprise("110114")
    Enterprise.objects.filter(pk=enterprise.pk).update(uscc=LOCKED_USCC)
    owner = make_user(Role.ENTERPRISE, enterprise=enterprise)
    User.objects.filter(pk=owner.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    http, done = sign_in_over_http(live_server.url, "fr-locked", "Op@pass-3")
    assert done.url.startswith(f"{live_server.url}/accounts/login/")
    assert "账号已锁定" in done.text
    assert LoginLog.objects.filter(user=owner, success=False, reason="[oidc] 账号已锁定").exists()
    assert http.get(f"{live_server.url}/workbench/", timeout=10).url.startswith(f"{live_server.url}/accounts/login/")


@pytest.mark.parametrize(("username", "password"), [("fr-bad", "Op@pass-4"), ("fr-none", "Op@pass-5")])
def test_without_a_valid_uscc_no_account_is_opened(live_server, oidc_settings, username, password):
    before = User.objects.count()
    _http, done = sign_in_over_http(live_server.url, username, password)
    assert "未提供有效的统一社会信用代码" in done.text
    assert User.objects.count() == before
    assert LoginLog.objects.filter(success=False, reason="[oidc] 未提供有效统一社会信用代码").count() == 1


def test_forged_callbacks_are_refused_logged_and_throttled(live_server, oidc_settings):
    oidc_settings.KEQI_THROTTLES = {"login_ip": (3, 900)}
    http = requests.Session()
    for _ in range(3):
        answer = http.get(f"{live_server.url}/accounts/oidc/callback/?code=made-up&state=made-up", timeout=10)
        assert "统一身份认证未完成或已失效" in answer.text
    assert LoginLog.objects.filter(success=False, reason__startswith="[oidc]").count() == 3
    # the address is now throttled: even a real sign-in is turned away before the provider is asked
    turned_away = requests.get(f"{live_server.url}/accounts/oidc/start/", timeout=10)
    assert turned_away.url.startswith(f"{live_server.url}/accounts/login/")
    assert "登录失败次数过多" in turned_away.text
