"""P2: enterprise registration with mobile, password, USCC and image captcha."""

import pytest

from keqi.accounts.models import User
from keqi.accounts.tests.helpers import solve_captcha
from keqi.core.identifiers import make_uscc
from keqi.core.models import AuditLog

pytestmark = pytest.mark.django_db

GOOD = {
    "mobile": "13912345678",
    "name": "重庆两江测试科技有限公司",
    "uscc": make_uscc("500157", 12345678),
    "password": "Good#Pass1",
    "password_confirm": "Good#Pass1",
}


def post_registration(client, **overrides):
    data = {**GOOD, **overrides}
    data.setdefault("captcha", solve_captcha(client))
    return client.post("/accounts/register/", data)


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_registration_creates_account_and_enterprise_in_uscc_region(client):
    response = post_registration(client)
    assert response.status_code == 302
    user = User.objects.get(username=GOOD["mobile"])
    assert user.enterprise.uscc == GOOD["uscc"]
    assert user.enterprise.region.code == "500157"
    assert AuditLog.objects.filter(action="register", enterprise_id=user.enterprise_id).exists()


def test_wrong_uscc_check_digit_is_reported_at_the_field(client):
    bad = GOOD["uscc"][:17] + ("A" if GOOD["uscc"][17] != "A" else "B")
    response = post_registration(client, uscc=bad)
    assert response.status_code == 200
    assert field_errors(response, "uscc") == ["统一社会信用代码校验位不正确，请核对后重新输入"]
    assert "统一社会信用代码校验位不正确" in response.content.decode()
    # nothing the user typed is lost
    assert response.context["form"]["name"].value() == GOOD["name"]
    assert not User.objects.filter(username=GOOD["mobile"]).exists()


def test_duplicate_uscc_registers_once(client, make_enterprise):
    existing = make_enterprise("110114")
    response = post_registration(client, uscc=existing.uscc)
    assert field_errors(response, "uscc") == ["该统一社会信用代码已注册，一个企业只能注册一个账号"]


def test_weak_password_is_refused(client):
    response = post_registration(client, password="abcdefgh", password_confirm="abcdefgh")
    assert field_errors(response, "password") == [
        "密码长度至少8位，且须包含大写字母、小写字母、数字、特殊字符中的至少三类"
    ]


def test_short_password_with_three_classes_is_refused(client):
    response = post_registration(client, password="Ab1#", password_confirm="Ab1#")
    assert field_errors(response, "password")


def test_wrong_captcha_is_refused_and_cannot_be_replayed(client):
    answer = solve_captcha(client)
    response = post_registration(client, captcha="ZZZZ" if answer != "ZZZZ" else "YYYY")
    assert field_errors(response, "captcha") == ["验证码不正确，请重新输入"]
    # the right answer to the consumed challenge no longer works
    response = client.post("/accounts/register/", {**GOOD, "captcha": answer})
    assert field_errors(response, "captcha") == ["验证码不正确，请重新输入"]


def test_duplicate_mobile_is_refused(client, make_user):
    user = make_user()
    response = post_registration(client, mobile=user.mobile)
    assert field_errors(response, "mobile") == ["该手机号已注册，请直接登录或找回密码"]


def test_mismatched_confirmation(client):
    response = post_registration(client, password_confirm="Other#Pass1")
    assert field_errors(response, "password_confirm") == ["两次输入的密码不一致"]
