"""企业信息同步 at the top of the 评价信息 list (issue 10 item 6, seed 001 图31, S1.17)."""

import pytest

from keqi.evaluation import services
from keqi.evaluation.tests.conftest import attach_cover

pytestmark = pytest.mark.django_db


def test_list_sync_refreshes_the_editable_evaluation_behind_a_confirm(client, setup):
    ent, enterprise = setup["ent"], setup["enterprise"]
    evaluation = services.create_evaluation(actor=ent, enterprise=enterprise)
    enterprise.address = "北京市昌平区同步路6号"
    enterprise.save()
    client.force_login(ent)
    page = client.get("/evaluation/").content.decode()
    assert 'id="sync-profile"' in page and 'data-confirm-title="确认企业信息同步"' in page
    response = client.post("/evaluation/", {"action": "sync"}, follow=True)
    assert f"企业信息已同步到{evaluation.serial}" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.profile["address"] == "北京市昌平区同步路6号"
    response = client.post("/evaluation/", {"action": "sync"}, follow=True)
    assert "企业信息已是最新" in response.content.decode()


def test_list_offers_no_sync_once_submitted(client, setup, filled):
    evaluation = attach_cover(filled, setup["ent"])
    services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    client.force_login(setup["ent"])
    assert 'id="sync-profile"' not in client.get("/evaluation/").content.decode()
    setup["enterprise"].address = "北京市昌平区已提交路1号"
    setup["enterprise"].save()
    client.post("/evaluation/", {"action": "sync"})
    evaluation.refresh_from_db()
    assert evaluation.profile["address"] != "北京市昌平区已提交路1号"  # a submitted copy is frozen


def test_a_score_not_computed_yet_says_needs_information_not_none(client, setup, filled):
    """Found by the browser crawl: 评价信息 of a draft printed "None分" for 科技人员 (issue 10 item 6)."""
    client.force_login(setup["ent"])
    before = client.get(f"/evaluation/{filled.pk}/view/").content.decode()  # not assessed yet
    assert "None" not in before and "需补充信息" in before
    client.get(f"/evaluation/{filled.pk}/result/")  # computes and keeps the self-assessment
    after = client.get(f"/evaluation/{filled.pk}/view/").content.decode()
    assert "None" not in after
