"""Issue 15 item 5 (seed 003 FAQ 1): 手机号修改 verified by the old number — a code to the old and
one to the new number, both needed; the reset codes' limits and throttles; the login name, API
tokens and the old number handled; reachable logged in or through 账号找回; 人工核验 stays."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from keqi.accounts import mobile
from keqi.accounts.models import ApiToken, Role, SmsCode, ThrottleHit, User
from keqi.accounts.services import issue_api_token, login_account_id
from keqi.accounts.tests.helpers import sms_code, solve_captcha
from keqi.core.models import AuditLog

pytestmark = pytest.mark.django_db
URL = "/accounts/mobile/"
NEW = "13912345678"
NOON = datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def ent(make_enterprise, make_user):
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500240", name="重庆手机号企业"))
    assert user.username == user.mobile  # registered with the mobile as login name
    return user


def send(client, new_mobile=NEW):
    return client.post(URL, {"action": "send", "new_mobile": new_mobile})


def test_both_codes_change_the_number_login_name_tokens_and_tell_the_old_number(client, ent, sms_outbox):
    old = ent.mobile
    issue_api_token(user=ent, name="对接系统")
    client.force_login(ent)
    with time_machine.travel(NOON, tick=False):
        page = client.get(URL)
        assert page.status_code == 200 and f"{old[:3]}****{old[-4:]}" in page.content.decode()
        response = send(client)
        assert response.status_code == 200
        assert "验证码已分别发送至原手机号" in response.content.decode()
        assert {m["mobile"] for m in sms_outbox()} == {old, NEW}
        response = client.post(
            URL,
            {
                "action": "change",
                "new_mobile": NEW,
                "old_code": sms_code(sms_outbox, old),
                "new_code": sms_code(sms_outbox, NEW),
            },
        )
        assert response.status_code == 302 and response.url == "/workbench/"
        assert client.get("/workbench/").status_code == 200  # this session goes on
        ent.refresh_from_db()
    assert ent.mobile == NEW and ent.username == NEW
    assert login_account_id(NEW) == ent.pk and login_account_id(old) is None
    assert not ApiToken.objects.filter(user=ent, revoked=False).exists()
    assert sms_outbox()[-2]["mobile"] == old and "已修改为139****5678" in sms_outbox()[-2]["text"]
    assert sms_outbox()[-1]["mobile"] == NEW and f"登录名为{NEW}" in sms_outbox()[-1]["text"]
    log = AuditLog.objects.filter(action="mobile_change").get()
    assert log.changes["mobile"] == [f"{old[:3]}****{old[-4:]}", "139****5678"] and NEW not in str(log.changes)
    assert not SmsCode.objects.filter(purpose__startswith="mobile", used_at__isnull=True).exists()


def test_wrong_or_missing_codes_change_nothing_are_counted_and_keep_what_was_typed(client, ent, sms_outbox):
    old = ent.mobile
    client.force_login(ent)
    with time_machine.travel(NOON, tick=False):
        send(client)
        response = client.post(URL, {"action": "change", "new_mobile": NEW, "old_code": "", "new_code": ""})
        text = response.content.decode()
        assert response.status_code == 400 and text.count("请输入短信验证码") == 2 and f'value="{NEW}"' in text
        wrong = "000000" if sms_code(sms_outbox, old) != "000000" else "111111"
        response = client.post(
            URL, {"action": "change", "new_mobile": NEW, "old_code": wrong, "new_code": sms_code(sms_outbox, NEW)}
        )
        assert response.status_code == 400 and "短信验证码不正确" in response.content.decode()
        assert f'value="{wrong}"' in response.content.decode()
    ent.refresh_from_db()
    assert ent.mobile == old
    # the wrong guess stays counted although the attempt failed (its own commit)
    assert SmsCode.objects.get(mobile=old, purpose="mobile_old").attempts == 1
    assert ThrottleHit.objects.filter(kind="sms_verify_mobile", key=old).count() == 1


def test_a_code_is_void_after_five_wrong_guesses(client, ent, sms_outbox):
    client.force_login(ent)
    with time_machine.travel(NOON, tick=False):
        send(client)
        right = sms_code(sms_outbox, ent.mobile)
        wrong = "000000" if right != "000000" else "111111"
        for _ in range(5):
            client.post(URL, {"action": "change", "new_mobile": NEW, "old_code": wrong, "new_code": wrong})
        response = client.post(
            URL, {"action": "change", "new_mobile": NEW, "old_code": right, "new_code": sms_code(sms_outbox, NEW)}
        )
    assert "错误次数过多，已失效" in response.content.decode()
    assert User.objects.get(pk=ent.pk).mobile != NEW


@pytest.mark.parametrize(
    ("new_mobile", "message"),
    [
        ("", "请输入新手机号"),
        ("12345", "手机号"),
        ("SAME", "新手机号与原手机号相同"),
        ("TAKEN", "该手机号已绑定其他账号"),
    ],
)
def test_bad_new_numbers_are_refused_at_the_field(client, ent, make_user, sms_outbox, new_mobile, message):
    other = make_user(Role.ENTERPRISE)
    new_mobile = {"SAME": ent.mobile, "TAKEN": other.mobile}.get(new_mobile, new_mobile)
    client.force_login(ent)
    response = send(client, new_mobile)
    assert response.status_code == 400 and message in response.content.decode()
    assert sms_outbox() == []


def test_one_send_a_minute(client, ent, sms_outbox):
    client.force_login(ent)
    with time_machine.travel(NOON, tick=False) as clock:
        send(client)
        response = send(client)
        assert "发送过于频繁" in response.content.decode() and len(sms_outbox()) == 2
        clock.shift(timedelta(seconds=61))
        send(client)
    assert len(sms_outbox()) == 4
    assert SmsCode.objects.filter(purpose="mobile_old", used_at__isnull=True).count() == 1  # only the newest counts


def test_through_account_recovery_and_only_for_ten_minutes(client, ent, sms_outbox):
    from keqi.cultivation.models import Verification

    enterprise = ent.enterprise
    Verification.objects.create(
        user=ent,
        enterprise=enterprise,
        name="张三",
        id_number="11010519491231002X",
        uscc=enterprise.uscc,
        status=Verification.Status.AUTO,
        region_path=enterprise.region_path,
    )
    assert client.get(URL).url == "/tier/recover/"  # nothing proved yet
    with time_machine.travel(NOON, tick=False) as clock:
        recovered = client.post(
            "/tier/recover/",
            {
                "uscc": enterprise.uscc,
                "name": "张三",
                "id_number": "11010519491231002X",
                "captcha": solve_captcha(client),
            },
        )
        assert 'id="recover-mobile"' in recovered.content.decode()
        send(client)
        response = client.post(
            URL,
            {
                "action": "change",
                "new_mobile": NEW,
                "old_code": sms_code(sms_outbox, ent.mobile),
                "new_code": sms_code(sms_outbox, NEW),
            },
        )
        assert response.status_code == 302 and response.url == "/accounts/login/"
        assert User.objects.get(pk=ent.pk).mobile == NEW
        assert client.get(URL).status_code == 302  # used once
        clock.shift(timedelta(minutes=1))
        client.post(
            "/tier/recover/",
            {
                "uscc": enterprise.uscc,
                "name": "张三",
                "id_number": "11010519491231002X",
                "captcha": solve_captcha(client),
            },
        )
        clock.shift(timedelta(minutes=11))
        assert client.get(URL).status_code == 302  # proof expired


def test_officers_change_no_number_here_and_manual_check_stays(client, make_user):
    client.force_login(make_user(Role.DISTRICT, region_code="500240"))
    assert client.get(URL).status_code == 403
    client.logout()
    page = client.get("/tier/mobile/").content.decode()
    assert "原手机号验证" in page and "人工核验" in page and 'name="file"' in page


def test_service_refuses_a_number_taken_meanwhile(ent, make_user, sms_outbox):
    with time_machine.travel(NOON, tick=False):
        mobile.send_codes(account=ent, new_mobile=NEW)
        codes = {"old_code": sms_code(sms_outbox, ent.mobile), "new_code": sms_code(sms_outbox, NEW)}
        User.objects.filter(pk=make_user(Role.ENTERPRISE).pk).update(mobile=NEW)
        with pytest.raises(Exception) as caught:
            mobile.change(account=ent, new_mobile=NEW, **codes)
    assert "该手机号已绑定其他账号" in str(caught.value)
