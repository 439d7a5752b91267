"""Issue 10 item 6 / seed 002 §2.1.3, §2.2.3 (S2.2): the officer's enterprise detail shows the
district's 审批意见 at the top right and walks the filtered list it came from with 上一页 /
下一页; 下一页 on the last record returns to the list, filters and page kept."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from keqi.accounts.models import Role
from keqi.enterprises import services
from keqi.enterprises.models import InfoChangeRequest
from keqi.enterprises.tests.test_info_change import stored, submit

pytestmark = pytest.mark.django_db


def links(html: str) -> dict[str, str]:
    """id → href of the detail's 上一页 / 下一页 buttons and the 查看 links in order."""
    found = re.findall(r'href="([^"]+)" id="(previous-record|next-record)"', html)
    return {name: unescape(href) for href, name in found}


def view_links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a href="(/enterprise/\d+/\?[^"]*)">查看</a>', html)]


@pytest.fixture
def walkers(make_enterprise, make_user):
    enterprises = [make_enterprise("110114", name=f"北京翻阅{i}科技有限公司") for i in range(5)]
    make_enterprise("110114", name="北京别的名字有限公司")  # filtered out by q=翻阅
    return {"enterprises": enterprises, "officer": make_user(Role.DISTRICT, region_code="110114")}


def test_s2_2_3_previous_next_walk_the_filtered_sorted_list_and_return_after_the_last(client, walkers):
    client.force_login(walkers["officer"])
    # sorted by name descending is not id order: the walk follows the list as shown
    listing = client.get("/enterprise/list/", {"q": "翻阅", "sort": "name", "page_size": "10"}).content.decode()
    hrefs = view_links(listing)
    assert len(hrefs) == 5
    names = [e.name for e in sorted(walkers["enterprises"], key=lambda e: e.name)]
    # open the second row, walk forward to the end
    page = client.get(hrefs[1]).content.decode()
    assert names[1] in page and "上一页" in page and "下一页" in page
    assert links(page)["previous-record"] == hrefs[0]
    url = links(page)["next-record"]
    assert url == hrefs[2]
    seen = [names[1]]
    while url.startswith("/enterprise/") and not url.startswith("/enterprise/list/"):
        page = client.get(url).content.decode()
        seen.append(re.search(r"<h1>([^<]+)", page)[1].strip())
        url = links(page)["next-record"]
    assert seen == names[1:]
    # after the last record, 下一页 returns to the list with its filters and page
    split = urlsplit(url)
    assert split.path == "/enterprise/list/"
    assert parse_qs(split.query) == {"q": ["翻阅"], "sort": ["name"], "page_size": ["10"], "page": ["1"]}
    # the first record has no 上一页
    assert "previous-record" not in client.get(hrefs[0]).content.decode()


def test_s2_2_3_walk_crosses_pages_and_back_link_keeps_the_page(client, walkers):
    client.force_login(walkers["officer"])
    listing = client.get("/enterprise/list/", {"q": "翻阅", "page_size": "10"}).content.decode()
    hrefs = view_links(listing)
    page = client.get(hrefs[4]).content.decode()
    back = re.search(r'<a class="button" href="([^"]+)">返回列表</a>', page)[1]
    assert parse_qs(urlsplit(unescape(back)).query)["page"] == ["1"]
    # a link without a position (an old bookmark) still walks the default id order
    ids = [e.pk for e in walkers["enterprises"]]
    page = client.get(f"/enterprise/{ids[2]}/", {"q": "翻阅"}).content.decode()
    assert f"/enterprise/{ids[1]}/" in links(page)["previous-record"]
    assert f"/enterprise/{ids[3]}/" in links(page)["next-record"]
    # a stale position (the list moved) is corrected by looking nearby
    page = client.get(f"/enterprise/{ids[2]}/", {"q": "翻阅", "pos": "5"}).content.decode()
    assert f"/enterprise/{ids[3]}/" in links(page)["next-record"]
    assert "pos=4" in links(page)["next-record"]
    # a record outside the filtered list: only 返回列表
    page = client.get(f"/enterprise/{ids[2]}/", {"q": "别的"}).content.decode()
    assert not links(page) and "返回列表" in page


def test_s2_1_3_approval_opinion_is_shown_at_the_top_right(client, make_enterprise, make_user):
    enterprise = stored(make_enterprise("110114", name="北京意见科技有限公司"))
    owner = make_user(Role.ENTERPRISE, enterprise=enterprise)
    district = make_user(Role.DISTRICT, region_code="110114")
    page = client.force_login(district) or client.get(f"/enterprise/{enterprise.pk}/").content.decode()
    assert 'data-show-dialog="opinions-dialog">审批意见</button>' in page and "暂无审批意见" in page
    submit(client, owner, name="北京意见新名科技有限公司")
    change = InfoChangeRequest.objects.get(enterprise=enterprise)
    client.force_login(district)
    page = client.get(f"/enterprise/{enterprise.pk}/").content.decode()
    # a pending change: the dialog says so and leads to the review where the opinion is entered
    assert "有一条待审核的基本信息变更" in page
    assert f'href="/enterprise/changes/{change.pk}/?status=pending#review"' in page
    services.review_change_request(
        actor=district, change_request=change, decision="reject", opinion="请补充更名核准通知书"
    )
    page = client.get(f"/enterprise/{enterprise.pk}/").content.decode()
    dialog = page[page.index('<dialog id="opinions-dialog"') : page.index("</dialog>", page.index("opinions-dialog"))]
    assert "请补充更名核准通知书" in dialog and "审核不通过" in dialog
    assert "企业名称：北京意见科技有限公司 → 北京意见新名科技有限公司" in dialog
    assert "有一条待审核" not in dialog
    # the city officer reads the same opinions but is not offered the review
    city = make_user(Role.CITY, region_code="110000")
    client.force_login(city)
    assert "请补充更名核准通知书" in client.get(f"/enterprise/{enterprise.pk}/").content.decode()
