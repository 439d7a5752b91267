"""P2/P5/P1 in a real browser: register, log in, edit the profile, officers by region."""

import json
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from keqi.accounts.captcha import SESSION_KEY
from keqi.accounts.models import Role, User
from keqi.conftest import PASSWORD
from keqi.core.identifiers import make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page) -> str:
    """Read the answer the server keeps for this browser's session (what a person reads off the image)."""
    # A locator assertion, not wait_for_function: that one evals a string, which the page's CSP refuses.
    expect(page.locator("#captcha-image")).to_have_js_property("complete", True)
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=session_key)[SESSION_KEY]


def last_sms_code(mobile: str) -> str:
    """The newest code the SMS gateway's test outbox holds for this number (what the officer's phone shows)."""
    from django.conf import settings

    lines = settings.SMS_FILE.read_text(encoding="utf-8").splitlines() if settings.SMS_FILE.exists() else []
    texts = [json.loads(line)["text"] for line in lines if json.loads(line)["mobile"] == mobile]
    return re.search(r"验证码(\d{6})", texts[-1]).group(1)


def log_in(page, username, password=PASSWORD):
    """Password, captcha and, for the roles that need it (officers by default), the SMS code."""
    page.goto("/accounts/login/")
    page.get_by_label("账号（手机号/登录名）").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_label("验证码").fill(captcha_answer(page))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/(workbench|accounts/login/code)/$"))
    if page.url.endswith("/accounts/login/code/"):
        page.get_by_label("短信验证码").fill(last_sms_code(User.objects.get(username=username).mobile))
        page.get_by_role("button", name="验证并登录").click()
        page.wait_for_url("**/workbench/")


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/")


def test_register_edit_profile_and_officers_see_by_region(page, make_user):
    uscc = make_uscc("110114", 55554444)
    page.goto("/")
    page.get_by_role("link", name="企业注册").first.click()
    page.get_by_label("手机号（账号）").fill("13612345678")
    page.get_by_label("企业名称").fill("北京浏览器测试科技有限公司")
    page.get_by_label("统一社会信用代码").fill(uscc[:17] + ("0" if uscc[17] != "0" else "1"))
    page.get_by_label("密码", exact=True).fill("Brow#ser12")
    page.get_by_label("确认密码").fill("Brow#ser12")
    page.get_by_label("验证码").fill(captcha_answer(page))
    page.get_by_role("button", name="注册").click()
    # wrong check digit: message at the field, typed values kept
    assert page.locator("#id_uscc-error").inner_text() == "统一社会信用代码校验位不正确，请核对后重新输入"
    assert page.get_by_label("企业名称").input_value() == "北京浏览器测试科技有限公司"
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_label("密码", exact=True).fill("Brow#ser12")
    page.get_by_label("确认密码").fill("Brow#ser12")
    page.get_by_label("验证码").fill(captcha_answer(page))
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/enterprise/profile/")
    assert "注册成功" in page.content()

    page.get_by_label("法定代表人").fill("周八")
    page.get_by_label("住所").fill("北京市昌平区回龙观东大街1号")
    page.get_by_label("职工总数").fill("30")
    page.get_by_label("科技人员数").fill("12")
    page.get_by_label("所属行业（国民经济行业小类）").select_option(label="6513 应用软件开发")
    page.get_by_role("button", name="保存").first.click()
    page.get_by_text("企业信息已保存").wait_for()  # the POST redirects to the same URL: wait for the new page
    assert page.get_by_label("住所").input_value() == "北京市昌平区回龙观东大街1号"
    page.screenshot(path="var/screenshot-profile.png", full_page=True)
    log_out(page)

    changping = make_user(Role.DISTRICT, region_code="110114")
    shizhu = make_user(Role.DISTRICT, region_code="500240")
    log_in(page, changping.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="企业查询").click()
    page.get_by_label("企业名称/统一社会信用代码").fill("浏览器测试")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#total").inner_text() == "1"
    page.get_by_role("link", name="查看").click()
    assert "北京市昌平区回龙观东大街1号" in page.content()
    assert "周八" in page.content()
    log_out(page)

    log_in(page, shizhu.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="企业查询").click()
    page.get_by_label("企业名称/统一社会信用代码").fill("浏览器测试")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#total").inner_text() == "0"
    assert "北京浏览器测试科技有限公司" not in page.content()
