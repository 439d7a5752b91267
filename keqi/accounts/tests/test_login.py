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


FAILED = "用户名或密码错误；连续错误5次账号将锁定15分钟"


def test_failures_lock_the_account_and_only_the_right_password_learns_of_the_lock(client, make_user):
    user = make_user()
    for _ in range(5):
        assert password_errors(login(client, user.username, "Wrong#123")) == [FAILED]
    # a wrong password on the locked account looks like any other wrong password
    assert password_errors(login(client, user.username, "Wrong#123")) == [FAILED]
    sixth = password_errors(login(client, user.username, PASSWORD))
    assert sixth and sixth[0].startswith("密码连续错误5次，账号已锁定，请于")
    assert LoginLog.objects.filter(user=user, success=False).count() == 7
    user.refresh_from_db()
    assert user.locked_until > timezone.now() + timedelta(minutes=14)


def test_lock_expires_after_fifteen_minutes(client, make_user):
    user = make_user()
    user.locked_until = timezone.now() - timedelta(seconds=1)
    user.save()
    assert login(client, user.username, PASSWORD).status_code == 302


def test_unknown_user_gets_the_same_message(client, make_user):
    known = make_user()
    assert password_errors(login(client, "nobody", "Wrong#123")) == [FAILED]
    assert password_errors(login(client, known.username, "Wrong#123")) == [FAILED]
    assert LoginLog.objects.get(username="nobody").reason == "[site] 账号不存在或已停用"


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


def request_code(client, mobile, captcha=None):
    answer = captcha if captcha is not None else solve_captcha(client)
    return client.post("/accounts/forgot-password/", {"mobile": mobile, "action": "send_code", "captcha": answer})


def reset(client, mobile, code, password="New#Pass99"):
    data = {"mobile": mobile, "code": code, "password": password, "password_confirm": password, "action": "reset"}
    return client.post("/accounts/forgot-password/", data)


def code_errors(response):
    return response.context["form"].errors.get("code", [])


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


def test_reset_for_unregistered_mobile_answers_as_for_a_registered_one(client, make_user, sms_outbox):
    known = make_user()
    unknown = request_code(client, "13999999999")
    registered = request_code(client, known.mobile)
    assert unknown.status_code == registered.status_code == 200
    assert [str(m) for m in unknown.context["messages"]] == ["若该手机号已注册，短信验证码已发送，5分钟内有效"]
    assert [str(m) for m in registered.context["messages"]] == ["若该手机号已注册，短信验证码已发送，5分钟内有效"]
    assert [m["mobile"] for m in sms_outbox()] == [known.mobile]
    # the per-number limits apply alike
    assert request_code(client, "13999999999").context["form"].errors["mobile"][0].startswith("发送过于频繁")
    # and no code ever works for it
    assert code_errors(reset(client, "13999999999", "000000")) == ["短信验证码不正确"]


def test_forgot_password_needs_the_captcha(client, make_user, sms_outbox):
    user = make_user()
    solve_captcha(client)
    response = request_code(client, user.mobile, captcha="ZZZZ")
    assert response.context["form"].errors["captcha"] == ["验证码不正确，请重新输入"]
    assert response.context["form"].errors.get("mobile") is None
    assert sms_outbox() == []
    assert not SmsCode.objects.exists()


def issued_code(sms_outbox) -> str:
    return sms_outbox()[-1]["text"].split("验证码")[1][:6]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_six_wrong_guesses_void_the_code_and_the_right_one_is_then_refused(client, make_user, sms_outbox):
    """issue 11 #1: the failure count used to roll back with the failing transaction."""
    user = make_user()
    request_code(client, user.mobile)
    code = issued_code(sms_outbox)
    for _ in range(4):
        assert code_errors(reset(client, user.mobile, wrong(code))) == ["短信验证码不正确"]
    assert code_errors(reset(client, user.mobile, wrong(code))) == ["短信验证码错误次数过多，已失效，请重新获取"]
    assert code_errors(reset(client, user.mobile, wrong(code))) == ["短信验证码错误次数过多，已失效，请重新获取"]
    assert SmsCode.objects.get(mobile=user.mobile).attempts == 5
    assert code_errors(reset(client, user.mobile, code)) == ["短信验证码错误次数过多，已失效，请重新获取"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_wrong_codes_are_throttled_per_number_across_codes(client, make_user, sms_outbox):
    user = make_user()
    for _ in range(2):
        SmsCode.objects.filter(mobile=user.mobile).update(created_at=timezone.now() - timedelta(seconds=61))
        request_code(client, user.mobile)
        code = issued_code(sms_outbox)
        for _ in range(5):
            reset(client, user.mobile, wrong(code))
    SmsCode.objects.filter(mobile=user.mobile).update(created_at=timezone.now() - timedelta(seconds=61))
    request_code(client, user.mobile)
    fresh = issued_code(sms_outbox)
    assert code_errors(reset(client, user.mobile, fresh)) == ["短信验证码错误次数过多，请1小时后再试"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_wrong_codes_are_throttled_per_client_address(client, make_user, sms_outbox, settings):
    settings.KEQI_THROTTLES = {"sms_verify_ip": (3, 3600)}
    victims = [make_user() for _ in range(3)]
    for victim in victims:
        request_code(client, victim.mobile)
        reset(client, victim.mobile, wrong(issued_code(sms_outbox)))
    target = make_user()
    request_code(client, target.mobile)
    assert code_errors(reset(client, target.mobile, issued_code(sms_outbox))) == [
        "短信验证码错误次数过多，请1小时后再试"
    ]
    # another address is not held up
    response = client.post(
        "/accounts/forgot-password/",
        {
            "mobile": target.mobile,
            "code": issued_code(sms_outbox),
            "password": "New#Pass99",
            "password_confirm": "New#Pass99",
            "action": "reset",
        },
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302


def test_failed_logins_are_throttled_per_client_address(client, make_user, settings):
    settings.KEQI_THROTTLES = {"login_ip": (3, 900)}
    for user in [make_user() for _ in range(3)]:
        assert password_errors(login(client, user.username, "Wrong#123")) == [FAILED]
    fresh = make_user()
    assert password_errors(login(client, fresh.username, PASSWORD)) == ["登录失败次数过多，请稍后再试"]
    log = LoginLog.objects.filter(username=fresh.username).get()
    assert not log.success and log.reason == "[site] 同一地址失败次数过多"
    # the account itself is not locked by someone else's address
    fresh.refresh_from_db()
    assert fresh.failed_logins == 0 and fresh.locked_until is None
