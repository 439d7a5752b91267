"""issue 11 #4 (P11): bearer-token clients can write; session writes still need CSRF; token lifecycle."""

import json
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from keqi.accounts.models import ApiToken, LoginLog, Role
from keqi.accounts.services import issue_api_token
from keqi.accounts.tests.helpers import solve_captcha
from keqi.conftest import PASSWORD


def http(method, url, body=None, headers=None):
    """A real HTTP request (no Django test client): returns (status, parsed JSON body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def owner(make_user, make_enterprise):
    return make_user(Role.ENTERPRISE, enterprise=make_enterprise("500157"))


def test_bearer_token_writes_over_http_and_session_writes_need_csrf(live_server, owner):
    url = f"{live_server.url}/api/v1/enterprises/mine"
    key = issue_api_token(user=owner, name="ERP")
    bearer = {"Authorization": f"Bearer {key}"}
    status, profile = http("GET", url, headers=bearer)
    assert status == 200
    status, body = http("PUT", url, {"version": profile["version"], "employees": 41}, headers=bearer)
    assert status == 200, body
    assert body["employees"] == 41

    # the same write with the browser session and no CSRF token is refused …
    browser = Client()
    browser.force_login(owner)
    session = browser.cookies["sessionid"].value
    status, body = http("PUT", url, {"version": body["version"], "employees": 42}, {"Cookie": f"sessionid={session}"})
    assert status == 403
    assert body["detail"] == "CSRF 校验失败，请刷新页面后重试"
    # … and accepted with it
    version = http("GET", url, headers=bearer)[1]["version"]
    csrf = "a" * 32
    status, body = http(
        "PUT",
        url,
        {"version": version, "employees": 42},
        {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf},
    )
    assert status == 200, body
    assert body["employees"] == 42

    # no credentials at all: 401 in Chinese, not a CSRF complaint
    status, body = http("PUT", url, {"version": 1}, {})
    assert status == 401 and body["detail"].startswith("未登录")


@pytest.mark.django_db
def test_tokens_expire(client, owner):
    key = issue_api_token(user=owner, name="ERP", days=30)
    token = ApiToken.objects.get(user=owner)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 401


@pytest.mark.django_db
def test_token_page_lists_last_use_and_revokes(client, owner, make_user):
    key = issue_api_token(user=owner, name="ERP")
    headers = {"Authorization": f"Bearer {key}"}
    client.get("/api/v1/accounts/me", headers=headers)
    token = ApiToken.objects.get(user=owner)
    assert token.last_used_at is not None
    client.force_login(owner)
    page = client.get("/accounts/api-tokens/").content.decode()
    assert "ERP" in page and timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in page
    assert "有效" in page
    # someone else cannot revoke it
    other = Client()
    other.force_login(make_user())
    other.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 200
    response = client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert Client().get("/api/v1/accounts/me", headers=headers).status_code == 401
    assert "已撤销" in client.get("/accounts/api-tokens/").content.decode()


@pytest.mark.django_db
def test_token_is_created_with_password_and_captcha_and_a_chosen_lifetime(client, owner):
    client.force_login(owner)

    def create(password, days="365"):
        data = {"name": "财务系统", "days": days, "password": password, "captcha": solve_captcha(client)}
        return client.post("/accounts/api-tokens/", data)

    response = create(PASSWORD)
    key = response.context["new_key"]
    assert key.startswith("kq_")
    token = ApiToken.objects.get(user=owner)
    assert timedelta(days=364) < token.expires_at - timezone.now() <= timedelta(days=365)
    assert create(PASSWORD, days="9999").context["form"].errors["days"]
    assert LoginLog.objects.filter(user=owner, success=True, reason="[api_token]").count() == 1


@pytest.mark.django_db
def test_token_creation_goes_through_the_captcha_and_the_lockout(client, owner):
    client.force_login(owner)
    solve_captcha(client)
    response = client.post(
        "/accounts/api-tokens/", {"name": "x", "days": "90", "password": PASSWORD, "captcha": "ZZZZ"}
    )
    assert response.context["form"].errors["captcha"] == ["验证码不正确，请重新输入"]
    for _ in range(5):
        data = {"name": "x", "days": "90", "password": "Wrong#123", "captcha": solve_captcha(client)}
        response = client.post("/accounts/api-tokens/", data)
        assert response.context["form"].errors["password"] == ["用户名或密码错误；连续错误5次账号将锁定15分钟"]
    owner.refresh_from_db()
    assert owner.is_locked()
    data = {"name": "x", "days": "90", "password": PASSWORD, "captcha": solve_captcha(client)}
    response = client.post("/accounts/api-tokens/", data)
    assert response.context["form"].errors["password"][0].startswith("密码连续错误5次，账号已锁定")
    assert not ApiToken.objects.filter(user=owner).exists()
    assert LoginLog.objects.filter(user=owner, success=False, reason__startswith="[api_token]").count() == 6


@pytest.mark.django_db
def test_tokens_die_with_a_password_reset(client, owner, sms_outbox):
    key = issue_api_token(user=owner, name="ERP")
    headers = {"Authorization": f"Bearer {key}"}
    client.post(
        "/accounts/forgot-password/",
        {"mobile": owner.mobile, "action": "send_code", "captcha": solve_captcha(client)},
    )
    code = sms_outbox()[0]["text"].split("验证码")[1][:6]
    response = client.post(
        "/accounts/forgot-password/",
        {
            "mobile": owner.mobile,
            "code": code,
            "password": "New#Pass99",
            "password_confirm": "New#Pass99",
            "action": "reset",
        },
    )
    assert response.status_code == 302
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 401


@pytest.mark.django_db
def test_change_password_page_from_the_header_and_tokens_die(client, owner):
    key = issue_api_token(user=owner, name="ERP")
    headers = {"Authorization": f"Bearer {key}"}
    client.force_login(owner)
    assert 'href="/accounts/password/"' in client.get("/workbench/").content.decode()
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "Nope#1234", "password": "New#Pass99", "password_confirm": "New#Pass99"},
    )
    assert wrong.context["form"].errors["old_password"] == ["当前密码不正确"]
    common = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "password": "Password123", "password_confirm": "Password123"},
    )
    assert "该密码过于常见，容易被猜中，请换一个" in common.context["form"].errors["password"]
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "password": "New#Pass99", "password_confirm": "New#Pass99"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("New#Pass99")
    # still logged in here, token gone
    assert client.get("/workbench/").status_code == 200
    assert Client().get("/api/v1/accounts/me", headers=headers).status_code == 401


@pytest.mark.django_db
def test_change_password_needs_login(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
