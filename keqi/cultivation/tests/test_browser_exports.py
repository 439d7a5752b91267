"""Issue 15 item 6 in a real browser: 梯度培育申报审核's 导出 Excel opens the field-picking dialog
with the page's filters, and the downloaded file holds the rows the filtered list shows."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keqi.core.tests.test_browser_foundation import log_in
from keqi.declarations import services as declarations
from keqi.declarations.models import Submission
from keqi.exports.tests.helpers import read_xlsx

from .test_tier import verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tier_list_exports_what_it_shows(page, cq, open_window, tmp_path):
    open_window("innovative-sme")
    verify(cq)
    submission = declarations.start(actor=cq["ent"], program=cq["programs"]["innovative-sme"])
    Submission.objects.filter(pk=submission.pk).update(status="review", submitted_at=timezone.now())
    log_in(page, cq["county"].username)
    page.goto("/tier/declarations/?tier=innovative-sme&status=review")
    expect(page.locator("#tier-declarations tbody tr")).to_have_count(1)
    page.get_by_role("button", name="导出 Excel").click()
    with page.expect_download() as download:
        page.get_by_role("dialog").get_by_role("button", name="提交", exact=True).click()
    path = tmp_path / "tier.xlsx"
    download.value.save_as(path)
    header, *rows = read_xlsx(path.read_bytes())
    assert header[:2] == ["申报活动", "企业名称"] and "当前层级" in header
    assert rows == [["2026年创新型中小企业申报", "重庆万州精密制造有限公司", *rows[0][2:]]]
    assert "区县中小企业主管部门" in rows[0] and "审核中" in rows[0]
