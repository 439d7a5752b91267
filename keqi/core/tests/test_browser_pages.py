"""Issue 10 / P2, P8, X6 in a real browser: the key pages of every role fit a 390 px phone
(nothing wider than the viewport, the menu collapses to a button, name and 退出 stay), and
axe-core, served from our own static files, finds no critical or serious violation on them.

With KEQI_UI_SCREENSHOTS=docs/ui the same walk writes the screenshots of docs/ui.md
(1366 and 390 px wide, palette PNGs)."""

import os
from pathlib import Path

import pytest
from django.test import Client

from keqi.accounts.models import Role
from keqi.declarations.tests.tech_sme import complete_profile
from keqi.declarations.tests.tech_sme import filled as filled_evaluation
from keqi.enterprises.models import InfoChangeRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "keqi" / "static" / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(make_enterprise, make_user):
    """Every role with something to show: a submitted evaluation, a draft, a pending change request."""
    submitted_enterprise = complete_profile(make_enterprise("110114", name="北京昌平页面测试科技有限公司"))
    ent = make_user(Role.ENTERPRISE, enterprise=submitted_enterprise)
    agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心")
    evaluation = filled_evaluation(submitted_enterprise, ent, agency=agency_user.agency)

    draft_enterprise = complete_profile(make_enterprise("110114", name="北京回龙观草稿测试软件有限公司"))
    drafter = make_user(Role.ENTERPRISE, enterprise=draft_enterprise)
    draft = filled_evaluation(draft_enterprise, drafter)

    change = InfoChangeRequest.objects.create(
        enterprise=submitted_enterprise,
        submitted_by=ent,
        changes={"address": ["北京市昌平区回龙观东大街1号", "北京市昌平区科技园路8号"]},
        base_version=submitted_enterprise.version,
    )
    return {
        "evaluation": evaluation,
        "draft": draft,
        "change": change,
        "enterprise": submitted_enterprise,
        "ent": ent,
        "drafter": drafter,
        "agency": agency_user,
        "city": make_user(Role.CITY, region_code="110000"),
        "district": make_user(Role.DISTRICT, region_code="110114"),
        "admin": make_user(Role.ADMIN),
    }


def key_pages(world) -> list[tuple[str, str | None, str]]:
    """(screenshot name, user key or None, path) — the pages of the enterprise and officer journeys."""
    e, d = world["evaluation"].pk, world["draft"].pk
    return [
        ("home", None, "/"),
        ("login", None, "/accounts/login/"),
        ("register", None, "/accounts/register/"),
        ("forgot-password", None, "/accounts/forgot-password/"),
        ("not-found", None, "/no-such-page/"),
        ("ent-workbench", "ent", "/workbench/"),
        ("ent-profile", "ent", "/enterprise/profile/"),
        ("ent-evaluation-list", "ent", "/declarations/"),
        ("ent-evaluation-program", "drafter", "/declarations/programs/tech-sme-2026/"),
        ("ent-evaluation-form", "drafter", f"/declarations/{d}/"),
        ("ent-evaluation-ip-register", "drafter", f"/declarations/{d}/pick/ip_rows/"),
        ("ent-evaluation-closed-form", "ent", f"/declarations/{e}/"),
        ("ent-contact-new", "ent", "/enterprise/profile/contact/new/"),
        ("ent-api-tokens", "ent", "/accounts/api-tokens/"),
        ("agency-workbench", "agency", "/workbench/"),
        ("agency-review-list", "agency", "/declarations/review/"),
        ("agency-review-detail", "agency", f"/declarations/review/{e}/"),
        ("city-workbench", "city", "/workbench/"),
        ("city-enterprise-list", "city", "/enterprise/list/"),
        ("city-enterprise-detail", "city", f"/enterprise/{world['enterprise'].pk}/"),
        ("city-custom-query", "city", "/reports/custom-query/"),
        ("city-review-list", "city", "/declarations/review/"),
        ("district-change-queue", "district", "/enterprise/changes/"),
        ("district-change-detail", "district", f"/enterprise/changes/{world['change'].pk}/"),
        ("district-exports", "district", "/exports/mine/"),
        ("admin-officers", "admin", "/accounts/officers/"),
    ]


def session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def walk(browser, live_server, world, viewport):
    """Yield (name, page) for every key page, logged in as its user, at the given viewport."""
    contexts = {}
    try:
        for name, who, path in key_pages(world):
            if who not in contexts:
                context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
                context.set_default_timeout(10_000)
                if who:
                    context.add_cookies([session_cookie(live_server, world[who])])
                contexts[who] = context.new_page()
            page = contexts[who]
            response = page.goto(path)
            expected = 404 if name == "not-found" else 200
            assert response.status == expected, f"{name}: {path} answered {response.status}"
            yield name, page
    finally:
        for page in contexts.values():
            page.context.close()


# The 12 key pages of docs/ui.md.
DOCUMENTED = {
    "home",
    "ent-workbench",
    "ent-profile",
    "ent-evaluation-list",
    "ent-evaluation-form",
    "ent-evaluation-closed-form",
    "ent-evaluation-program",
    "agency-review-list",
    "agency-review-detail",
    "city-enterprise-list",
    "city-enterprise-detail",
    "district-change-queue",
}


def shoot(page, name, width):
    """Write docs/ui/<name>-<width>.png as a small palette PNG (only with KEQI_UI_SCREENSHOTS)."""
    folder = os.environ.get("KEQI_UI_SCREENSHOTS")
    if not folder or name not in DOCUMENTED:
        return
    from PIL import Image

    target = ROOT / folder / f"{name}-{width}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    with Image.open(target) as image:
        image = image.convert("RGB")
        if image.height > 1800:  # long forms: the top tells the story
            image = image.crop((0, 0, image.width, 1800))
        image.quantize(colors=32).save(target, optimize=True)


def test_every_key_page_fits_a_390px_phone(browser, live_server, world):
    wide = []
    for name, page in walk(browser, live_server, world, PHONE):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{name}: {width}px")
        if page.locator("#sidenav").count():
            # the navigation collapses behind the menu button, the header keeps the name and 退出
            assert not page.locator("#sidenav").is_visible(), name
            assert page.get_by_role("button", name="退出").is_visible(), name
            assert page.locator(".who-name").is_visible(), name
        shoot(page, name, PHONE["width"])
    assert not wide, "pages wider than a 390 px phone: " + "; ".join(wide)


def test_phone_menu_button_opens_the_navigation(page, live_server, world):
    page.set_viewport_size(PHONE)
    page.context.add_cookies([session_cookie(live_server, world["city"])])
    page.goto("/workbench/")
    menu = page.get_by_role("button", name="菜单")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="企业查询").click()
    page.wait_for_url("**/enterprise/list/")


def test_axe_finds_no_critical_or_serious_violation_on_key_pages(browser, live_server, world):
    assert AXE.exists(), "run scripts/vendor_assets.py (axe-core from npm) first"
    found = []
    for name, page in walk(browser, live_server, world, DESKTOP):
        page.add_script_tag(url="/static/vendor/axe.min.js")  # same origin: allowed by the CSP
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .filter(v => v.impact === 'critical' || v.impact === 'serious')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
        )
        found.extend(f"{name}: {v}" for v in violations)
        shoot(page, name, DESKTOP["width"])
    assert not found, "axe-core violations:\n" + "\n".join(found)


def shoot_element(locator, name):
    """docs/ui/component-<name>.png of one component (only with KEQI_UI_SCREENSHOTS)."""
    folder = os.environ.get("KEQI_UI_SCREENSHOTS")
    if not folder:
        return
    from PIL import Image

    target = ROOT / folder / f"component-{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(target))
    with Image.open(target) as image:
        image.convert("RGB").quantize(colors=32).save(target, optimize=True)


def test_pager_numbers_jump_and_page_size_keep_the_filters(page, live_server, world, make_enterprise):
    for serial in range(23):
        make_enterprise("110114", name=f"北京分页测试{serial:02d}科技有限公司")
    page.set_viewport_size(DESKTOP)
    page.context.add_cookies([session_cookie(live_server, world["city"])])
    page.goto("/enterprise/list/?q=北京&page_size=10")
    pager = page.get_by_role("navigation", name="分页")
    assert page.locator("#total").inner_text() == "25"
    assert pager.get_by_role("link", name="第3页").is_visible()
    shoot_element(page.locator(".toolbar"), "toolbar")
    shoot_element(pager, "pager")
    shoot_element(page.locator(".page-header"), "page-header")
    shoot_element(page.locator("#results tbody tr").first, "status-tags")
    pager.get_by_label("跳至页码").fill("3")
    pager.get_by_role("button", name="确定").click()
    page.wait_for_url("**page=3**")
    assert page.locator("#results tbody tr").count() == 5
    assert page.get_by_label("企业名称/统一社会信用代码").input_value() == "北京"  # filters kept
    page.get_by_role("navigation", name="分页").get_by_label("每页条数").select_option("50")
    page.wait_for_url("**page_size=50**")
    assert page.locator("#results tbody tr").count() == 25
    assert "q=%E5%8C%97%E4%BA%AC" in page.url or "q=北京" in page.url

    page.goto("/enterprise/list/?q=没有这家企业")
    shoot_element(page.locator(".empty-state"), "empty-state")
    page.goto(f"/enterprise/{world['enterprise'].pk}/")
    shoot_element(page.locator("#business-info"), "kv-grid")


def test_confirm_dialog_states_the_consequence_and_cancel_sends_nothing(page, live_server, world):
    page.set_viewport_size(DESKTOP)
    page.context.add_cookies([session_cookie(live_server, world["agency"])])
    page.goto(f"/declarations/review/{world['evaluation'].pk}/")
    page.get_by_label("审核意见").fill("请补充盖章页")
    page.get_by_role("button", name="不予入库").click()
    dialog = page.get_by_role("dialog", name="确认操作")
    assert "确定不予入库吗" in dialog.inner_text() and "不能再提交" in dialog.inner_text()
    shoot_element(dialog, "confirm-dialog")
    dialog.get_by_role("button", name="取消").click()
    assert not dialog.is_visible()
    world["evaluation"].refresh_from_db()
    assert world["evaluation"].status == "review"  # nothing was sent

    # the enterprise's submitted evaluation is read-only: values as text, no inputs, no 增行/删除
    page.context.add_cookies([session_cookie(live_server, world["ent"])])
    page.goto(f"/declarations/{world['evaluation'].pk}/")
    form = page.locator("main")
    assert form.locator("input:not([type=hidden]), select, textarea").count() == 0
    assert form.get_by_role("button", name="删除").count() == 0
    assert form.locator("[data-add-row]").count() == 0
    assert "智能传感算法研究" in form.inner_text()
    shoot_element(page.locator("#section-rd"), "read-only")


def test_workbench_todo_counts_link_to_the_filtered_queue(client, world):
    client.force_login(world["agency"])
    page = client.get("/workbench/").content.decode()
    assert '<a href="/declarations/review/?status=review"><span class="todo-count">1</span> 待本级审核的申报</a>' in page
    client.force_login(world["district"])
    page = client.get("/workbench/").content.decode()
    assert (
        '<a href="/enterprise/changes/?status=pending"><span class="todo-count">1</span> 待审核的基本信息变更</a>'
        in page
    )
    client.force_login(world["ent"])
    page = client.get("/workbench/").content.decode()
    assert 'id="programs"' in page and 'data-status="review">审核中</span>' in page
    assert "提交申报书" in page and "declaration.submit" not in page  # 最近操作 in Chinese


def test_footer_from_settings_and_skip_link_first_on_every_page(page, settings):
    settings.SITE_HOTLINE = "023-88886666"
    settings.SITE_ICP = "渝ICP备12345678号-1"
    page.goto("/accounts/login/")
    footer = page.get_by_role("contentinfo")
    assert "咨询电话：023-88886666" in footer.inner_text() and "渝ICP备12345678号-1" in footer.inner_text()
    assert "技术支持" in footer.inner_text()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    assert skip.evaluate("element => element === document.activeElement") and skip.is_visible()
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_home_page_links_only_what_exists(client):
    page = client.get("/").content.decode()
    for missing in ("政策计算器", "培育库"):
        assert missing not in page
    assert "科技型中小企业评价" in page
    # 梯度培育 exists since issue 15: every link it shows opens.
    for url in ("/tier/", "/tier/lookup/", "/tier/announcements/"):
        assert f'href="{url}' in page and client.get(url).status_code == 200


def test_declarations_pages_fit_a_phone_and_pass_axe(browser, live_server, world):
    """The program host's pages (the lead's declarations app) are held to the same bar."""
    import json
    from datetime import timedelta

    from django.utils import timezone

    from keqi.declarations import program_services
    from keqi.declarations.tests.conftest import PROGRAM_FILE

    data = json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))
    now = timezone.now()
    data["windows"] = [
        {"opens": (now - timedelta(days=3)).isoformat(), "closes": (now + timedelta(days=30)).isoformat()}
    ]
    program = program_services.load(data)
    pages = [
        ("ent", "/declarations/"),
        ("ent", f"/declarations/programs/{program.key}/"),
        ("district", "/declarations/review/"),
        ("city", "/declarations/manage/"),
        ("city", f"/declarations/manage/{program.key}/"),
    ]
    problems = []
    for viewport in (PHONE, DESKTOP):
        for who, path in pages:
            context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
            context.add_cookies([session_cookie(live_server, world[who])])
            page = context.new_page()
            assert page.goto(path).status == 200, path
            if viewport is PHONE:
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    problems.append(f"{path}: {width}px wide at 390")
            else:
                page.add_script_tag(url="/static/vendor/axe.min.js")  # same origin: allowed by the CSP
                problems.extend(
                    f"{path}: {v}"
                    for v in page.evaluate(
                        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                             .filter(v => v.impact === 'critical' || v.impact === 'serious')
                             .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
                    )
                )
            context.close()
    assert not problems, "\n".join(problems)
