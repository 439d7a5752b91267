"""issue 11 #2 (P2): every way in goes through the captcha, the lockout and the login log."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from keqi.accounts.models import LoginLog, Role
from keqi.accounts.tests.helpers import sms_code, solve_captcha
from keqi.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_login_is_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # a password posted straight to the admin form logs nobody in
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_admin_login_refuses_an_external_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_locked_admin_cannot_get_in_through_the_admin(client, make_user):
    admin = make_user(Role.ADMIN)
    admin.locked_until = timezone.now() + timedelta(minutes=10)
    admin.save()
    client.post("/admin/login/", {"username": admin.username, "password": PASSWORD, "next": "/admin/"})
    assert client.get("/admin/").status_code == 302  # still anonymous
    response = client.post(
        "/accounts/login/",
        {"username": admin.username, "password": PASSWORD, "captcha": solve_captcha(client), "next": "/admin/"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password"][0].startswith("密码连续错误5次，账号已锁定")
    assert client.get("/admin/").status_code == 302
    assert LoginLog.objects.filter(user=admin, success=False, reason="[admin] 账号已锁定").exists()


def test_admin_logs_in_through_the_site_login_and_reaches_the_admin(client, make_user, sms_outbox):
    admin = make_user(Role.ADMIN)
    response = client.post(
        "/accounts/login/",
        {"username": admin.username, "password": PASSWORD, "captcha": solve_captcha(client), "next": "/admin/"},
    )
    assert response["Location"] == "/accounts/login/code/"  # the administrator's second factor
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/login/code/", {"code": sms_code(sms_outbox, admin.mobile)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert LoginLog.objects.filter(user=admin, success=False, reason="[admin] 密码正确，待短信验证码").exists()
    assert LoginLog.objects.filter(user=admin, success=True, reason="[site] 短信验证码正确").exists()


def test_authenticate_anywhere_counts_failures_and_honours_the_lock(make_user):
    user = make_user()
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    for _ in range(5):
        assert authenticate(request, username=user.username, password="Wrong#123") is None
    user.refresh_from_db()
    assert user.is_locked()
    assert authenticate(request, username=user.username, password=PASSWORD) is None
    assert LoginLog.objects.filter(user=user, success=False, ip_address="10.1.2.3").count() == 6


def test_throttle_counts_within_its_window_and_forgets_after_a_day(settings):
    from keqi.accounts import throttle
    from keqi.accounts.models import ThrottleHit

    settings.KEQI_THROTTLES = {"login_ip": (2, 900)}
    ThrottleHit.objects.create(kind="login_ip", key="10.9.9.9", created_at=timezone.now() - timedelta(seconds=901))
    ThrottleHit.objects.create(kind="sms_send_ip", key="10.8.8.8", created_at=timezone.now() - timedelta(days=2))
    throttle.hit("login_ip", "10.9.9.9")
    assert not throttle.exceeded("login_ip", "10.9.9.9")  # the older hit is outside the window
    throttle.hit("login_ip", "10.9.9.9")
    assert throttle.exceeded("login_ip", "10.9.9.9")
    assert not throttle.exceeded("login_ip", "10.9.9.10")
    assert not ThrottleHit.objects.filter(key="10.8.8.8").exists()  # any key's rows older than a day go
