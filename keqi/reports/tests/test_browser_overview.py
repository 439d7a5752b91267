"""全市概况图 in a real browser (issue 12 item 5, S2.8): both ECharts charts render from the JSON
endpoint under the strict CSP, the table view holds the same numbers, 下载图片 gives a PNG, axe
finds no critical or serious violation, and the page works at 390 px."""

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in
from keqi.declarations import program_services
from keqi.declarations.tests.test_annual_report import annual_data
from keqi.reports.tests.test_statistics import report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_s2_8_overview_charts_table_view_and_download(page, make_enterprise, make_user, tmp_path):
    program = program_services.load(annual_data(2025))
    city = make_user(Role.CITY, region_code="500000")
    shizhu = make_user(Role.DISTRICT, region_code="500240")
    beibei = make_user(Role.DISTRICT, region_code="500109")
    for name, code, officer in (("石柱甲科技有限公司", "500240", shizhu), ("北碚乙科技有限公司", "500109", beibei)):
        enterprise = make_enterprise(code, name=name, zone_code="500157" if code == "500109" else None)
        report(program, make_user(Role.ENTERPRISE, enterprise=enterprise), [officer, city])
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    log_in(page, city.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="全市概况图").click()
    page.wait_for_url("**/reports/statistics/overview/")
    for key in ("districts", "zones"):
        page.wait_for_selector(f"#chart-{key}[data-rendered='true'] canvas")
    table = page.locator("#table-districts")
    rows = {r.locator("th").inner_text(): r.locator("td").all_inner_texts() for r in table.locator("tbody tr").all()}
    assert rows["石柱土家族自治县"] == ["1", "0", "1"] and rows["北碚区"] == ["1", "0", "1"]
    zones = {
        r.locator("th").inner_text(): r.locator("td").all_inner_texts()
        for r in page.locator("#table-zones tbody tr").all()
    }
    assert zones["两江新区"] == ["0", "1"]

    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载图片").first.click()
    path = tmp_path / "chart.png"
    download_info.value.save_as(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert download_info.value.suggested_filename.startswith("区县科技型企业数据统计图")

    page.add_script_tag(url="/static/vendor/axe.min.js")
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'critical' || v.impact === 'serious').map(v => v.id)"""
    )
    assert violations == []
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#chart-districts[data-rendered='true'] canvas")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # On a phone the districts lie as rows (one per district, readable names), so the chart grows tall.
    districts = page.locator("#table-districts tbody tr").count()
    height = page.locator("#chart-districts").evaluate("el => el.getBoundingClientRect().height")
    assert districts > 8 and height >= districts * 3 * 13, (districts, height)
