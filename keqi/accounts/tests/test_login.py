"""P2: login with lockout, login log, session timeout, SMS password reset."""

from datetime import timedelta

import pytest
from django.utils import timezone

from keqi.accounts.models import LoginLog, SmsCode
from keqi.accounts.tests.helpers import solve_captcha
from keqi.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password, "captcha": solve_captcha(client)}
    )


def password_errors(response):
    return response.context["form"].errors.get("password", [])


def test_login_succeeds_and_is_logged(client, make_user):
    user = make_user()
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    assert LoginLog.objects.filter(user=user, success=True).count() == 1


def test_failures_count_down_then_sixth_attempt_is_locked_even_with_right_password(client, make_user):
    user = make_user()
    for left in (4, 3, 2, 1):
        assert password_errors(login(client, user.username, "Wrong#123")) == [f"用户名或密码错误，还可尝试{left}次"]
    assert password_errors(login(client, user.username, "Wrong#123")) == ["密码连续错误5次，账号已锁定15分钟"]
    sixth = password_errors(login(client, user.username, PASSWORD))
    assert sixth and sixth[0].startswith("密码连续错误5次，账号已锁定，请于")
    assert LoginLog.objects.filter(user=user, success=False).count() == 6
    user.refresh_from_db()
    assert user.locked_until > timezone.now() + timedelta(minutes=14)


def test_lock_expires_after_fifteen_minutes(client, make_user):
    user = make_user()
    user.locked_until = timezone.now() - timedelta(seconds=1)
    user.save()
    assert login(client, user.username, PASSWORD).status_code == 302


def test_unknown_user_gets_the_same_message(client):
    assert password_errors(login(client, "nobody", "Wrong#123")) == ["用户名或密码错误"]


def test_session_expires_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_expired_session_sends_user_to_login_and_back(client, make_user):
    user = make_user()
    client.force_login(user)
    client.cookies["sessionid"] = "expired-session-key"
    response = client.get("/enterprise/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/enterprise/profile/")


def request_code(client, mobile):
    return client.post("/accounts/forgot-password/", {"mobile": mobile, "action": "send_code"})


def test_reset_password_by_sms_code(client, make_user, sms_outbox):
    user = make_user()
    assert request_code(client, user.mobile).status_code == 200
    (message,) = sms_outbox()
    assert message["mobile"] == user.mobile
    code = message["text"].split("验证码")[1][:6]
    assert code.isdigit() and len(code) == 6
    response = client.post(
        "/accounts/forgot-password/",
        {
            "mobile": user.mobile,
            "code": code,
            "password": "New#Pass99",
            "password_confirm": "New#Pass99",
            "action": "reset",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New#Pass99")
    # a code works once
    response = client.post(
        "/accounts/forgot-password/",
        {
            "mobile": user.mobile,
            "code": code,
            "password": "New#Pass98",
            "password_confirm": "New#Pass98",
            "action": "reset",
        },
    )
    assert response.context["form"].errors["code"] == ["请先获取短信验证码"]


def test_expired_sms_code_is_refused(client, make_user, sms_outbox):
    user = make_user()
    request_code(client, user.mobile)
    code = sms_outbox()[0]["text"].split("验证码")[1][:6]
    SmsCode.objects.filter(mobile=user.mobile).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        "/accounts/forgot-password/",
        {
            "mobile": user.mobile,
            "code": code,
            "password": "New#Pass99",
            "password_confirm": "New#Pass99",
            "action": "reset",
        },
    )
    assert response.context["form"].errors["code"] == ["短信验证码已过期，请重新获取"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_code_expiry_is_five_minutes(client, make_user):
    user = make_user()
    before = timezone.now()
    request_code(client, user.mobile)
    sms = SmsCode.objects.get(mobile=user.mobile)
    assert timedelta(seconds=299) <= sms.expires_at - before <= timedelta(seconds=301)


def test_one_code_per_minute(client, make_user, sms_outbox):
    user = make_user()
    request_code(client, user.mobile)
    response = request_code(client, user.mobile)
    assert response.context["form"].errors["mobile"][0].startswith("发送过于频繁，请")
    assert len(sms_outbox()) == 1


def test_ten_codes_per_day(client, make_user, sms_outbox):
    user = make_user()
    for _ in range(10):
        request_code(client, user.mobile)
        SmsCode.objects.filter(mobile=user.mobile).update(created_at=timezone.now() - timedelta(seconds=61))
    response = request_code(client, user.mobile)
    assert response.context["form"].errors["mobile"] == ["该手机号今日验证码发送次数已达10次上限，请明天再试"]
    assert len(sms_outbox()) == 10


def test_reset_for_unregistered_mobile(client):
    response = request_code(client, "13999999999")
    assert response.context["form"].errors["mobile"] == ["该手机号未注册"]
