"""Issue 10 item 5, 7 and acceptance (P2, P8, X6): a browser crawl of every page the journeys
reach. Per role it starts at the 工作台 and follows every same-site link (menus, lists, 查看,
翻页…) — evaluation, declarations, the annual report, 申报活动管理, exports, accounts — and fails
on:

- raw dictionary codes (reference dictionaries, model choices) or English identifiers in the
  visible text (ASCII words other than an allow-list: units, "Excel", "PDF", "ID"…; words with
  digits are serials, USCCs, phone numbers and user data, file names keep their extensions),
- Django's default messages and "None",
- a page wider than a 390 px phone,
- a status tag with no label (a list's own `status` filter once leaked into the page header),
- any critical or serious axe-core violation (at 1366 px),
- a link that does not answer 200.

Not crawled: Django's own /admin/ back office, the JSON API, and downloads (PDF, files, exports),
whose GET may issue a document."""

import os
import re
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import models

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_pages import AXE, DESKTOP, PHONE, filled_evaluation, session_cookie
from keqi.enterprises.models import InfoChangeRequest, Qualification
from keqi.evaluation import services as evaluation_services
from keqi.evaluation.tests.conftest import attach_cover
from keqi.evaluation.tests.helpers import complete_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 45  # per role; the walk is breadth-first, so menus and first-level pages come first
PER_PATTERN = 2  # the same page shape (ids and query values aside) is looked at twice at most
SKIP = re.compile(r"^/(admin|api|static|media|files)/|pdf|download|/logout|/print|\.(xlsx?|csv|zip)$|[?&]export=", re.I)

# ASCII words a Chinese user may see: formats, units and abbreviations used in Chinese text (the
# seeds write I类 / II类 知识产权, PCT and the A类 tax return), and the HTTP header the API-token page must spell out.
ALLOWED_WORDS = {
    "Excel", "PDF", "ID", "API", "KB", "MB", "GB", "JPG", "JPEG", "PNG", "OFD", "ZIP", "Word", "WPS",
    "ICP", "IP", "CSV", "XLSX", "JSON", "I", "II", "PCT", "A", "Authorization", "Bearer",
    "AGV", "CAD",  # the 2024 数字化水平评测 questionnaire's own words
}  # fmt: skip
DJANGO_DEFAULTS = (
    "这个字段是必填项",
    "输入一个有效的",
    "---------",
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "确保该值",
    "确保此值",
    "请选择一个有效的选项",
    "Page not found",
    "Server Error",
)
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-@&]*")
# An official address quoted in a program's notes; the API's path on the API-token page.
URL = re.compile(r"https?://[\w./%?=&#-]+|(?<![\w/])/(?:[a-z0-9_-]+/)+")
# Uploaded file names are the user's own words (kept with their extension).
FILE_NAME = re.compile(r"[^\s：:；;，,（）()]*\.(pdf|png|jpe?g|ofd|zip|xlsx?|docx?)\b", re.I)


def dictionary_codes() -> tuple[set[str], set[str]]:
    """(word codes, numeric codes) of every reference dictionary and model choice."""
    from django.apps import apps

    from keqi.reference.models import DictionaryEntry

    codes = set(DictionaryEntry.objects.values_list("code", flat=True))
    for model in apps.get_models():
        if not model.__module__.startswith("keqi."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices:
                codes.update(str(value) for value, _label in field.flatchoices if value not in (None, ""))
    numeric = {code for code in codes if code.isdigit() and len(code) >= 3}
    return codes - numeric, numeric


def english(text: str) -> list[str]:
    """ASCII words outside the allow-list; words with digits (serials, USCCs, phone numbers,
    years) and e-mail addresses are data, not identifiers."""
    found = []
    for word in WORD.findall(FILE_NAME.sub(" ", URL.sub(" ", text))):
        word = word.rstrip(".-&")
        if not any(c.isalpha() for c in word) or word in ALLOWED_WORDS:
            continue
        if len(word) == 1 and word.isupper():
            continue  # a GB/T 4754 industry section letter, always shown with its name
        if any(c.isdigit() for c in word) or "@" in word:
            continue
        found.append(word)
    return found


def in_context(text: str, words: list[str]) -> list[str]:
    """Each word with a little of the text around it, so the message says where it is."""
    shown = []
    for word in sorted(set(words))[:12]:
        match = re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", text)
        at = match.start() if match else 0
        shown.append(f"{word} «{' '.join(text[max(at - 20, 0) : at + len(word) + 12].split())}»")
    return shown


READ_PAGE = """() => {
  const cells = [...document.querySelectorAll('td:not(.num), dd:not(.num), li, .tag, .status-tag, h1, h2, h3, label')]
    .filter(el => !el.closest('.num, .num-value, .pager, nav[aria-label="分页"]'))
    .map(el => el.innerText.trim()).filter(t => t && t.length < 12);
  const extra = [...document.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit], input[type=button]')]
    .map(el => [el.getAttribute('placeholder'), el.getAttribute('title'), el.getAttribute('aria-label'),
                el.matches('input[type=submit], input[type=button]') ? el.value : null].filter(Boolean).join(' '))
    .join(' ');
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const blankTags = [...document.querySelectorAll('.tag, .status-tag')].filter(el => !el.innerText.trim()).length;
  return {text: document.title + ' ' + document.body.innerText + ' ' + extra, cells, links, blankTags,
          width: document.documentElement.scrollWidth};
}"""

AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'critical' || v.impact === 'serious')
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""


def pattern(url: str) -> str:
    split = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(split.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", split.path) + "?" + ",".join(keys)


def crawl(browser, live_server, user, starts: list[str]) -> tuple[list[str], list[str]]:
    """Breadth-first over same-site links at 1366 px: (visited paths, problems)."""
    word_codes, numeric_codes = dictionary_codes()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    context.add_cookies([session_cookie(live_server, user)])
    page = context.new_page()
    queue, seen, shapes, visited, problems = list(starts), set(), Counter(), [], []
    try:
        while queue and len(visited) < MAX_PAGES:
            target = queue.pop(0)
            split = urlsplit(target)
            path = split.path + (f"?{split.query}" if split.query else "")
            if path in seen or shapes[pattern(path)] >= PER_PATTERN:
                continue
            seen.add(path)
            shapes[pattern(path)] += 1
            response = page.goto(path)
            if response.status != 200:
                problems.append(f"{path}: answered {response.status}")
                continue
            visited.append(path)
            found = page.evaluate(READ_PAGE)
            text = found["text"]
            words = english(text)
            if words:
                problems.append(f"{path}: English or codes {in_context(text, words)}")
            codes = sorted({w for w in words if w in word_codes})
            if codes:
                problems.append(f"{path}: dictionary codes {codes}")
            numbers = sorted({cell for cell in found["cells"] if cell in numeric_codes})
            if numbers:
                problems.append(f"{path}: numeric dictionary codes shown alone {numbers}")
            if found["blankTags"]:
                problems.append(f"{path}: {found['blankTags']} status tag(s) with no label")
            defaults = [message for message in DJANGO_DEFAULTS if message in text]
            if defaults:
                problems.append(f"{path}: Django default messages {defaults}")
            page.add_script_tag(url="/static/vendor/axe.min.js")  # same origin: allowed by the CSP
            problems.extend(f"{path}: {violation}" for violation in page.evaluate(AXE_RUN))
            for link in found["links"]:
                target_split = urlsplit(link)
                relative = target_split.path + (f"?{target_split.query}" if target_split.query else "")
                if target_split.netloc != urlsplit(live_server.url).netloc or SKIP.search(relative):
                    continue
                queue.append(relative)
    finally:
        context.close()
    return visited, problems


def too_wide_on_a_phone(browser, live_server, user, paths: list[str]) -> list[str]:
    """Pages wider than the phone; with KEQI_CRAWL_SHOTS=<dir> each page's phone screenshot is kept
    there too, for a person to look at."""
    shots = os.environ.get("KEQI_CRAWL_SHOTS")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_cookies([session_cookie(live_server, user)])
    page = context.new_page()
    wide = []
    try:
        for path in paths:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide.append(f"{path}: {width}px wide at 390 px")
            if shots:
                name = f"{user.username}-{re.sub(r'[^A-Za-z0-9]+', '-', path).strip('-') or 'home'}.png"
                page.screenshot(path=str(Path(shots) / name), full_page=True)
    finally:
        context.close()
    return wide


def named(user, name):
    user.display_name = name
    user.save(update_fields=["display_name"])
    return user


@pytest.fixture
def journeys(make_enterprise, make_user):
    """Every role with something in each journey: evaluation (submitted and draft), a 昌平
    declaration (submitted and draft), a 石柱 annual report under review, a pending info change."""
    from keqi.declarations import program_services
    from keqi.declarations import services as declarations
    from keqi.declarations.tests.test_annual_report import annual_data, full_answers
    from keqi.declarations.tests.test_platform import make_ready

    beijing = complete_profile(make_enterprise("110114", name="北京昌平巡检科技有限公司"))
    drafting = complete_profile(make_enterprise("110114", name="北京回龙观巡检软件有限公司"))
    for enterprise in (beijing, drafting):
        Qualification.objects.create(
            enterprise=enterprise, kind="specialized_sme", issued_on=date(2023, 6, 1), valid_until=date(2099, 5, 31)
        )
    ent = named(make_user(Role.ENTERPRISE, enterprise=beijing), "王企业")
    drafter = named(make_user(Role.ENTERPRISE, enterprise=drafting), "赵填报")
    agency = named(make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心"), "钱评价")
    evaluation = attach_cover(filled_evaluation(beijing, ent), ent)
    evaluation_services.submit(actor=ent, evaluation=evaluation, agency_id=agency.agency.pk)
    filled_evaluation(drafting, drafter)
    InfoChangeRequest.objects.create(
        enterprise=beijing,
        submitted_by=ent,
        changes={"address": ["北京市昌平区回龙观东大街1号", "北京市昌平区科技园路8号"]},
        base_version=beijing.version,
    )

    changping = program_services.load(_changping_data())
    submission, _uid = make_ready({"ent": ent, "enterprise": beijing}, changping)
    declarations.submit(actor=ent, submission=submission)
    declarations.start(actor=drafter, program=changping)

    shizhu = make_enterprise(
        "500240", name="石柱云岭科技有限公司", legal_representative="谭云", address="石柱县南宾街道1号", employees=40
    )
    cq_ent = named(make_user(Role.ENTERPRISE, enterprise=shizhu), "谭年报")
    annual = program_services.load(annual_data())
    report = declarations.start(actor=cq_ent, program=annual)
    report = declarations.save(
        actor=cq_ent, submission=report, raw=full_answers(annual.form.document), expected_version=report.version
    )
    declarations.submit(actor=cq_ent, submission=report)
    return {
        "ent": ent,
        "drafter": drafter,
        "cq_ent": cq_ent,
        "agency": agency,
        "district": named(make_user(Role.DISTRICT, region_code="110114"), "孙区县"),
        "city": named(make_user(Role.CITY, region_code="110000"), "李市级"),
        "cq_district": named(make_user(Role.DISTRICT, region_code="500240"), "周石柱"),
        "cq_city": named(make_user(Role.CITY, region_code="500000"), "吴重庆"),
        "admin": named(make_user(Role.ADMIN), "郑管理"),
    }


def _changping_data() -> dict:
    import json
    from datetime import timedelta

    from django.utils import timezone

    from keqi.declarations.tests.conftest import PROGRAM_FILE

    data = json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))
    now = timezone.now()
    data["windows"] = [
        {"opens": (now - timedelta(days=3)).isoformat(), "closes": (now + timedelta(days=30)).isoformat()}
    ]
    return data


@pytest.mark.parametrize(
    "who", ["ent", "drafter", "cq_ent", "agency", "district", "city", "cq_district", "cq_city", "admin"]
)
def test_crawl_every_page_shows_no_codes_fits_a_phone_and_passes_axe(browser, live_server, journeys, who):
    assert AXE.exists(), "run scripts/vendor_assets.py (axe-core from npm) first"
    user = journeys[who]
    visited, problems = crawl(browser, live_server, user, ["/workbench/", "/accounts/password/"])
    assert len(visited) >= 5, visited
    problems += too_wide_on_a_phone(browser, live_server, user, visited)
    assert not problems, f"{who} visited {len(visited)} pages:\n" + "\n".join(problems)
