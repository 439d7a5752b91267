"""Issue 10 in a real browser: totals follow the typing (the server stays authoritative), a full
table says so instead of dropping rows, and the restore banner tells a failed save from a lost login."""

import pytest

from keqi.core.tests.test_browser_foundation import log_in
from keqi.evaluation import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form_page(page, setup):
    evaluation = services.create_evaluation(actor=setup["ent"], enterprise=setup["enterprise"])
    services.acknowledge(actor=setup["ent"], evaluation=evaluation)
    log_in(page, setup["ent"].username)
    url = f"/evaluation/{evaluation.pk}/form/"
    page.goto(url)
    return page, url


def computed(page, key):
    return page.locator(f"#computed-{key}").inner_text().strip()


def test_totals_update_while_typing_and_match_the_server(form_page):
    page, url = form_page
    add_rd = page.locator("[data-add-row=rd_projects]")
    add_rd.click()
    page.select_option("[name=rd_projects-0-form]", "self")
    page.fill("[name=rd_projects-0-amount]", "100")
    assert computed(page, "rd_actual_total") == "100 万元"
    assert computed(page, "rd_expense") == "100 万元"
    add_rd.click()
    page.select_option("[name=rd_projects-1-form]", "commissioned_overseas")
    page.fill("[name=rd_projects-1-amount]", "150")
    # 80 % of 150 = 120, capped at 2/3 of the domestic 100 (66.6666…, floored to the yuan)
    assert computed(page, "rd_actual_total") == "250 万元"
    assert computed(page, "rd_counted_total") == "166.6666 万元"
    assert page.locator("tr[data-row='1'] td[data-column=counted]").inner_text() == "120.00"
    for quarter in range(4):
        page.fill(f"[name=hr_quarters-{quarter}-emp_start]", "85")
        page.fill(f"[name=hr_quarters-{quarter}-emp_end]", "86")
    assert computed(page, "employees") == "86人（全年季平均数85.5人，四舍五入）"
    page.locator("[data-add-row=ip_rows]").click()
    page.select_option("[name=ip_rows-0-ip_type]", "invention_patent")
    assert computed(page, "ip_class1") == "1"
    assert computed(page, "ip_by_type") == "发明专利 1"
    live = {key: computed(page, key) for key in ("rd_actual_total", "rd_counted_total", "employees", "ip_class1")}
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    page.goto(url)
    assert {key: computed(page, key) for key in live} == live  # what the server computed


def test_a_full_table_disables_its_add_button_and_says_why(form_page):
    page, _url = form_page
    add = page.locator("[data-add-row=products]")
    for _ in range(3):
        add.click()
    assert page.locator("[data-table=products] tbody tr[data-row]").count() == 3
    assert add.is_disabled()
    assert "已达上限：最多填写3条" in page.locator("[data-table=products] .row-limit").inner_text()
    page.locator("[data-table=products] tbody tr[data-row]").last.get_by_role("button", name="删除").click()
    assert add.is_enabled()


def test_an_ordinary_failed_save_never_claims_the_login_ran_out(form_page):
    page, url = form_page
    page.fill("[name=contact_name]", "李四")
    page.fill("[name=sales_revenue]", "-1")
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator("#form-error").wait_for()
    assert page.locator("#restored").is_hidden()
    page.goto(url)
    banner = page.locator("#restored")
    banner.wait_for()
    assert "登录失效" not in banner.inner_text()
    assert "已恢复本页上次未保存的填写内容" in banner.inner_text()
    assert page.locator("[name=contact_name]").input_value() == "李四"
