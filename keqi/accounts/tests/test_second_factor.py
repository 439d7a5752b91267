"""Second factor at login (issue 11 item 10, seed 001 §4.1 登录名、密码和短信验证码, P2): an SMS code
after the password, per role by setting (officers by default), under the reset codes' throttles,
every step in the login log."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from keqi.accounts.models import LoginLog, Role
from keqi.accounts.tests.helpers import sms_code, solve_captcha
from keqi.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def password_step(client, user, password=PASSWORD):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": password, "captcha": solve_captcha(client)}
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_officer_needs_the_sms_code_after_the_password(client, make_user, sms_outbox):
    officer = make_user(Role.DISTRICT, region_code="110114")
    response = password_step(client, officer)
    assert response["Location"] == "/accounts/login/code/" and not logged_in(client)
    assert client.get("/workbench/").status_code == 302  # the password alone did not log in
    page = client.get("/accounts/login/code/").content.decode()
    assert "短信验证码已发送至136****" in page and officer.mobile[-4:] in page
    response = client.post(
        "/accounts/login/code/", {"code": "000000" if sms_code(sms_outbox, officer.mobile) != "000000" else "111111"}
    )
    assert response.context["form"].errors["code"] == ["短信验证码不正确"] and not logged_in(client)
    response = client.post("/accounts/login/code/", {"code": sms_code(sms_outbox, officer.mobile)})
    assert response["Location"] == "/workbench/" and logged_in(client)
    reasons = list(LoginLog.objects.filter(user=officer).order_by("id").values_list("success", "reason"))
    assert reasons == [
        (False, "[site] 密码正确，待短信验证码"),
        (False, "[site] 短信验证码：短信验证码不正确"),
        (True, "[site] 短信验证码正确"),
    ]
    # the code is used up: another session that knows the password cannot reuse it
    used = sms_code(sms_outbox, officer.mobile)
    other = type(client)()
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert password_step(other, officer)["Location"] == "/accounts/login/code/"
        assert other.post("/accounts/login/code/", {"code": used}).context["form"].errors["code"]
    assert not logged_in(other)


def test_enterprises_log_in_with_the_password_unless_the_setting_adds_them(client, make_user, settings, sms_outbox):
    enterprise_user = make_user()
    assert password_step(client, enterprise_user)["Location"] == "/workbench/"
    client.logout()
    settings.LOGIN_SMS_ROLES = {"ENT", "DIS"}
    assert password_step(client, enterprise_user)["Location"] == "/accounts/login/code/"
    assert (
        client.post("/accounts/login/code/", {"code": sms_code(sms_outbox, enterprise_user.mobile)})["Location"]
        == "/workbench/"
    )


def test_the_setting_can_turn_the_second_factor_off_for_officers(client, make_user, settings, sms_outbox):
    settings.LOGIN_SMS_ROLES = set()
    officer = make_user(Role.CITY, region_code="110000")
    assert password_step(client, officer)["Location"] == "/workbench/" and sms_outbox() == []


def test_wrong_codes_void_the_code_and_are_throttled_per_number(client, make_user, sms_outbox, settings):
    officer = make_user(Role.AGENCY, region_code="110000", agency_name="北京评价机构")
    password_step(client, officer)
    right = sms_code(sms_outbox, officer.mobile)
    wrong = "000000" if right != "000000" else "111111"
    errors = [client.post("/accounts/login/code/", {"code": wrong}).context["form"].errors["code"][0] for _ in range(5)]
    assert errors[-1] == "短信验证码错误次数过多，已失效，请重新获取"
    response = client.post("/accounts/login/code/", {"code": right})
    assert response.context["form"].errors["code"] == ["短信验证码错误次数过多，已失效，请重新获取"]
    assert not logged_in(client)
    # the per-number throttle (shared with 找回密码: 10 wrong codes an hour) outlasts a fresh code
    start = timezone.now()
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.post("/accounts/login/code/", {"action": "resend"})
        fresh = sms_code(sms_outbox, officer.mobile)
        for _ in range(5):
            client.post("/accounts/login/code/", {"code": "000000" if fresh != "000000" else "111111"})
    with time_machine.travel(start + timedelta(seconds=130), tick=False):
        client.post("/accounts/login/code/", {"action": "resend"})
        response = client.post("/accounts/login/code/", {"code": sms_code(sms_outbox, officer.mobile)})
    assert response.context["form"].errors["code"] == ["短信验证码错误次数过多，请1小时后再试"]
    assert not logged_in(client)


def test_the_pending_login_expires_with_the_code(client, make_user, sms_outbox):
    officer = make_user(Role.DISTRICT, region_code="110114")
    password_step(client, officer)
    code = sms_code(sms_outbox, officer.mobile)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = client.post("/accounts/login/code/", {"code": code})
    assert response["Location"] == "/accounts/login/" and not logged_in(client)


def test_authenticate_alone_does_not_let_an_officer_in(make_user):
    officer = make_user(Role.DISTRICT, region_code="110114")
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
    assert authenticate(request, username=officer.username, password=PASSWORD) is None
    assert LoginLog.objects.filter(user=officer, reason="[authenticate] 密码正确，待短信验证码").exists()


def test_an_officer_without_a_mobile_is_told_to_have_one_registered(client, make_user, sms_outbox):
    officer = make_user(Role.DISTRICT, region_code="110114")
    officer.mobile = None
    officer.save()
    response = password_step(client, officer)
    assert response.context["form"].errors["password"] == [
        "该账号未登记手机号，无法接收登录短信验证码，请联系系统管理员登记"
    ]
    assert not logged_in(client)


def test_admin_refuses_an_officer_without_a_mobile(client, make_user):
    from keqi.accounts.tests.test_officers import officer_form

    client.force_login(make_user(Role.ADMIN))
    response = client.post("/accounts/officers/", officer_form(mobile=""))
    assert response.context["form"].errors["mobile"] == ["该角色登录需短信验证码，请填写本人手机号"]


def test_logging_in_again_right_after_a_login_sends_a_new_code(client, make_user, sms_outbox):
    officer = make_user(Role.DISTRICT, region_code="110114")
    password_step(client, officer)
    client.post("/accounts/login/code/", {"code": sms_code(sms_outbox, officer.mobile)})
    client.post("/accounts/logout/")
    assert password_step(client, officer)["Location"] == "/accounts/login/code/"  # within the 60 s interval
    assert len([m for m in sms_outbox() if m["mobile"] == officer.mobile]) == 2
    response = client.post("/accounts/login/code/", {"code": sms_code(sms_outbox, officer.mobile)})
    assert response["Location"] == "/workbench/" and logged_in(client)
