"""Seed 002 §2.1.3 / §2.2.3 in a browser (issue 10 item 6): from the filtered 企业信息查询 list the
officer opens a record, reads 审批意见 in a dialog at the top right, walks 下一页 to the end of
the list and lands back on the list with its filters; at 390 px the buttons and the dialog fit."""

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_pages import DESKTOP, PHONE, session_cookie, shoot_element
from keqi.enterprises import services
from keqi.enterprises.models import InfoChangeRequest
from keqi.enterprises.tests.test_info_change import stored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listed(make_enterprise, make_user):
    district = make_user(Role.DISTRICT, region_code="110114")
    first = stored(make_enterprise("110114", name="北京走查一号科技有限公司"))
    make_enterprise("110114", name="北京走查二号科技有限公司")
    make_enterprise("110114", name="北京其他名称有限公司")
    owner = make_user(Role.ENTERPRISE, enterprise=first)
    change = InfoChangeRequest.objects.create(
        enterprise=first, submitted_by=owner, changes={"address": ["旧址1号", "新址8号"]}, base_version=first.version
    )
    services.review_change_request(actor=district, change_request=change, decision="reject", opinion="请补充租赁合同")
    return district


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_opinions_dialog_and_next_page_back_to_the_filtered_list(browser, live_server, listed, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    context.set_default_timeout(10_000)
    context.add_cookies([session_cookie(live_server, listed)])
    page = context.new_page()
    try:
        page.goto("/enterprise/list/?q=走查")
        page.locator("#results").get_by_role("link", name="查看").first.click()
        page.get_by_role("heading", name="北京走查一号科技有限公司").wait_for()
        page.get_by_role("button", name="审批意见").click()
        dialog = page.get_by_role("dialog", name="审批意见")
        assert "请补充租赁合同" in dialog.inner_text() and "住所：旧址1号 → 新址8号" in dialog.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if viewport is DESKTOP:
            shoot_element(dialog, "opinions-dialog")
        dialog.get_by_role("button", name="关闭").click()
        page.get_by_role("link", name="下一页").click()
        page.get_by_role("heading", name="北京走查二号科技有限公司").wait_for()
        assert page.get_by_role("link", name="上一页").is_visible()
        page.get_by_role("link", name="下一页").click()  # the last record: back to the list
        page.wait_for_url("**/enterprise/list/?**")
        assert page.get_by_label("企业名称/统一社会信用代码").input_value() == "走查"
        assert page.locator("#results tbody tr").count() == 2
    finally:
        context.close()
