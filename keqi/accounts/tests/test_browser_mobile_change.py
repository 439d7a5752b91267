"""Issue 15 item 5 in a real browser: an enterprise user opens 修改手机号 from the top bar, gets a
code on each number, is told at the field when a code is wrong (the typed number kept), and
changes its number with both codes; it then logs in with the new number."""

import pytest
from playwright.sync_api import expect

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import last_sms_code, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW = "13987654321"


def test_mobile_change_by_the_old_number(page, make_enterprise, make_user):
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500240", name="重庆换号企业"))
    old = user.mobile
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, user.username)
    page.get_by_role("link", name="修改手机号").click()
    expect(page.get_by_role("heading", name="修改手机号")).to_be_visible()
    page.get_by_label("新手机号", exact=True).fill(NEW)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_text("验证码已分别发送至原手机号")).to_be_visible()
    page.get_by_label("原手机号短信验证码").fill("000000" if last_sms_code(old) != "000000" else "111111")
    page.get_by_label("新手机号短信验证码").fill(last_sms_code(NEW))
    page.get_by_role("button", name="确认修改").click()
    expect(page.get_by_text("短信验证码不正确")).to_be_visible()
    expect(page.get_by_label("新手机号", exact=True)).to_have_value(NEW)
    page.get_by_label("原手机号短信验证码").fill(last_sms_code(old))
    page.get_by_role("button", name="确认修改").click()
    expect(page.get_by_text("手机号已修改")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    log_out(page)
    log_in(page, NEW)
    expect(page.get_by_role("link", name="修改手机号")).to_be_visible()
