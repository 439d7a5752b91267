"""Issue 10: the export dialog — 全选 / 反选, reorder by buttons, 提交 visible without scrolling,
and the file it gives starts with the title rows."""

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in
from keqi.exports.tests.helpers import read_xlsx, read_xlsx_sheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_export_dialog_selects_reorders_and_submits_in_view(page, make_enterprise, make_user, tmp_path, size):
    make_enterprise("110114", name="北京导出甲有限公司")
    make_enterprise("110114", name="北京导出乙有限公司")
    officer = make_user(Role.DISTRICT, region_code="110114")
    page.set_viewport_size(size)
    log_in(page, officer.username)
    page.goto("/enterprise/list/")
    page.get_by_role("button", name="自定义导出").click()
    dialog = page.get_by_role("dialog")
    submit = dialog.get_by_role("button", name="提交")
    box = submit.bounding_box()
    assert box is not None and box["y"] + box["height"] <= size["height"], "提交 must be visible without scrolling"
    boxes = dialog.locator("input[name=fields]")
    dialog.get_by_role("button", name="全选").click()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    dialog.get_by_role("button", name="反选").click()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert "已选0个字段" in dialog.inner_text()
    dialog.get_by_label("企业名称", exact=True).check()
    dialog.get_by_label("统一社会信用代码", exact=True).check()
    dialog.get_by_role("button", name="企业名称下移").click()  # 统一社会信用代码 now first
    assert dialog.get_by_label("统一社会信用代码顺序").input_value() == "1"
    assert dialog.get_by_label("企业名称顺序").input_value() == "2"
    with page.expect_download() as download_info:
        submit.click()
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    assert read_xlsx(path.read_bytes())[0] == ["统一社会信用代码", "企业名称"]
    sheet = read_xlsx_sheet(path.read_bytes())
    assert sheet[0][0] == "企业信息查询" and sheet[1][0] == "查询条件：全部" and sheet[3][0] == "序号"
