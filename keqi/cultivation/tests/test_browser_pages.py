"""X6 for the 梯度培育 pages: axe-core finds no critical or serious violation, and every page fits
a 390 px phone (issue 15)."""

import pytest
from django.test import Client

from keqi.cultivation import services
from keqi.declarations import services as declarations

from .test_tier import take, verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.fixture
def pages(cq, open_window):
    open_window("specialized-sme")
    verify(cq)
    take(cq, platform_level=3)
    submission = declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"])
    notice = services.save_announcement(actor=cq["province"], title="重庆市梯度培育申报通知", body="正文")
    services.announcement_action(actor=cq["province"], announcement=notice, action="publish")
    return [
        (None, "/"),
        (None, "/tier/"),
        (None, "/tier/announcements/"),
        (None, f"/tier/announcements/{notice.pk}/"),
        (None, "/tier/lookup/"),
        (None, "/tier/mobile/"),
        (None, "/tier/recover/"),
        ("ent", "/tier/enterprise/"),
        ("ent", "/tier/digital/"),
        ("ent", "/tier/verify/"),
        ("ent", "/accounts/mobile/"),
        ("ent", f"/declarations/{submission.pk}/"),
        ("province", "/tier/verifications/"),
        ("province", "/tier/manage/announcements/"),
        ("province", f"/tier/manage/announcements/{notice.pk}/"),
        ("province", "/tier/batches/"),
        ("province", "/tier/declarations/"),
        ("province", "/declarations/windows/"),
    ]


def test_tier_pages_pass_axe_and_fit_a_phone(browser, live_server, cq, pages):
    problems = []
    contexts = {}
    try:
        for viewport in (DESKTOP, PHONE):
            for who, path in pages:
                key = (who, viewport["width"])
                if key not in contexts:
                    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
                    context.set_default_timeout(10_000)
                    if who:
                        context.add_cookies([cookie(live_server, cq[who])])
                    contexts[key] = context.new_page()
                page = contexts[key]
                response = page.goto(path)
                assert response.status == 200, f"{path}: {response.status}"
                if viewport is PHONE:
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > PHONE["width"]:
                        problems.append(f"{path}: {width}px wide on a phone")
                    continue
                page.add_script_tag(url="/static/vendor/axe.min.js")
                violations = page.evaluate(
                    """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                         .filter(v => v.impact === 'critical' || v.impact === 'serious')
                         .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
                )
                problems.extend(f"{path}: {v}" for v in violations)
    finally:
        for page in contexts.values():
            page.context.close()
    assert not problems, "\n".join(problems)
