"""石柱县 2024 年科技创新奖补 (seed 004, 附件1 申报指南), ruleset 2024.

An award scheme: the result lists every award item with its amount in 万元, the guide's
sentence that produced it, the window check (first and last day count) and, when a fact is
unknown, the facts still needed (pending) instead of a "no". Facts left out (null) are
unknown; an empty list is a known "none". Interpretations the guide leaves open are written
in docs/decisions/0020-policy-matcher.md and next to the rule below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..assessment import Assessment
from ..inputs import AMOUNT, BOOL, CHOICE, COUNT, DATE, RECORDS, TEXT, Field
from ..numbers import CONTEXT, ZERO, pct, plain
from ..rules import Ruleset

SCHEME = "shizhu_subsidy"
RULESET = "2024"
MAX_COUNT = 100_000  # patents: far above any enterprise, keeps amounts sane
MAX_ROWS = 50

CATEGORIES = (
    ("high_tech", "高新技术企业奖补"),
    ("tech_enterprise", "首次入库科技型企业及更新年报补助"),
    ("platform", "科研推广平台奖补"),
    ("rd_investment", "研发投入补助"),
    ("high_growth", "高成长科技企业奖补"),
    ("achievement", "科技成果转化奖补"),
    ("smart", "智能化改造升级项目奖补"),
    ("ip", "知识产权保护运用奖补"),
)
CATEGORY_NAMES = dict(CATEGORIES)

ELIGIBLE, INELIGIBLE, PENDING = "eligible", "ineligible", "pending"


def _d(text: str) -> Decimal:
    return Decimal(text)


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Period:
    """A window of the guide; both ends count. ``end`` None means "from ``start`` on"."""

    start: date
    end: date | None = None

    def text(self) -> str:
        if self.end is None:
            return f"{_cn_date(self.start)}以后（含当日）"
        return f"{_cn_date(self.start)}至{_cn_date(self.end)}期间（含首尾两日）"

    def check(self, label: str, day: date) -> dict:
        within = day >= self.start and (self.end is None or day <= self.end)
        if within:
            text = f"{label} {day.isoformat()} 在{self.text()}"
        elif day < self.start:
            text = f"{label} {day.isoformat()} 早于{_cn_date(self.start)}（早 {(self.start - day).days} 天），不在{self.text()}"
        else:
            text = f"{label} {day.isoformat()} 晚于{_cn_date(self.end)}（晚 {(day - self.end).days} 天），不在{self.text()}"
        return {
            "label": label,
            "from": self.start,
            "to": self.end,
            "date": day,
            "within": within,
            "text": text,
        }


HIGH_TECH_PERIOD = Period(date(2023, 8, 1), date(2024, 3, 31))
TECH_ENTERPRISE_PERIOD = Period(date(2024, 1, 1), date(2024, 3, 31))
PLATFORM_PERIOD = Period(date(2023, 1, 1), date(2024, 3, 31))
RD_BASE_PERIOD = Period(date(2022, 1, 1), date(2022, 12, 31))
GROWTH_PERIOD = Period(date(2023, 3, 31), date(2024, 3, 31))
ACHIEVEMENT_PERIOD = Period(date(2023, 1, 1), date(2024, 3, 31))
SMART_PERIOD = Period(date(2022, 1, 1))
WORKSHOP_PERIOD = Period(date(2022, 1, 1))
IP_PERIOD = Period(date(2023, 1, 1), date(2024, 3, 31))


@dataclass
class Item:
    id: str
    category: str
    label: str
    rule: str
    status: str = PENDING
    amount: Decimal | None = None
    ceiling: bool = False
    window: dict | None = None
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def json(self) -> dict:
        return {
            "id": self.id,
            "category": self.category,
            "category_name": CATEGORY_NAMES[self.category],
            "label": self.label,
            "status": self.status,
            "amount": self.amount,
            "ceiling": self.ceiling,
            "rule": self.rule,
            "window": self.window,
            "reasons": list(self.reasons),
            "missing": list(self.missing),
        }


class Items:
    """Collects the items; each ends eligible (with amount), ineligible (with why) or pending."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def new(self, item_id: str, category: str, label: str, rule: str) -> Item:
        item = Item(item_id, category, label, rule)
        self.items.append(item)
        return item


def _missing(item: Item, *labels: str) -> Item:
    item.status = PENDING
    item.missing.extend(labels)
    item.reasons.append("需补充信息：" + "、".join(labels))
    return item


def _no(item: Item, reason: str) -> Item:
    item.status = INELIGIBLE
    item.amount = None
    item.reasons.append(reason)
    return item


def _yes(item: Item, amount: Decimal, *, ceiling: bool = False) -> Item:
    item.status = ELIGIBLE
    item.amount = amount
    item.ceiling = ceiling
    return item


def _in_window(item: Item, period: Period, label: str, day: date | None) -> bool | None:
    """True / False after recording the window check; None (pending) when the date is unknown."""
    if day is None:
        _missing(item, label)
        return None
    item.window = period.check(label, day)
    if not item.window["within"]:
        _no(item, item.window["text"])
        return False
    return True


def _flag(item: Item, value: bool | None, label: str, refusal: str) -> bool | None:
    """A yes/no condition: None records the missing fact, False the refusal."""
    if value is None:
        _missing(item, label)
        return None
    if not value:
        _no(item, refusal)
        return False
    return True


def _nothing_listed(items: Items, lists: tuple, head: tuple[str, str, str, str], unknown, none: str) -> bool:
    """A category assessed row by row: when every list is unknown (None), one pending item (`head`:
    id, category, label, rule) asks for the `unknown` facts; when no list has a row, one ineligible
    item says `none`. True when either happened (there are no rows to assess)."""
    if all(rows is None for rows in lists):
        _missing(items.new(*head), *((unknown,) if isinstance(unknown, str) else unknown))
        return True
    if not any(lists):
        _no(items.new(*head), none)
        return True
    return False


def _refused_or_missing(item: Item, refused: list[str], unknown: list[str]) -> bool:
    """Every refusal is recorded (a "no" gives all its reasons), else the facts still needed.
    True when either settled the item without an amount."""
    for reason in refused:
        _no(item, reason)
    if not refused and unknown:
        _missing(item, *unknown)
    return bool(refused or unknown)


# 一、高新技术企业奖补 ----------------------------------------------------------------------

HIGH_TECH_RULE = (
    "2023年8月1日至2024年3月31日期间，首次通过高新技术企业认定或连续3次通过高新技术企业复审的企业，"
    "按20万元/家的标准申请资金"
)
HIGH_TECH_AMOUNT = _d("20")


def high_tech(data: dict, items: Items) -> None:
    item = items.new("high_tech", "high_tech", "高新技术企业认定（复审）奖补", HIGH_TECH_RULE)
    kind = data["high_tech_kind"]
    if kind is None:
        _missing(item, "高新技术企业认定情况（首次认定或复审）")
        if data["high_tech_date"] is None:
            item.missing.append("高新技术企业认定（复审）日期")
        return
    if kind == "none":
        _no(item, "未通过高新技术企业认定或复审")
        return
    if not _in_window(item, HIGH_TECH_PERIOD, "高新技术企业认定（复审）日期", data["high_tech_date"]):
        return
    if kind == "review":
        # "连续3次通过复审": the review in the window is at least the third consecutive one.
        reviews = data["high_tech_reviews"]
        if reviews is None:
            _missing(item, "连续通过高新技术企业复审的次数")
            return
        if reviews < 3:
            _no(item, f"连续通过高新技术企业复审 {reviews} 次，须连续 3 次（差 {3 - reviews} 次）")
            return
    _yes(item, HIGH_TECH_AMOUNT)


# 二、首次入库科技型企业及更新年报补助 ------------------------------------------------------------

TECH_ENTRY_RULE = "2024年1月1日至2024年3月31日期间，首次入库重庆市科技型企业管理系统且未获得奖励（资助）的企业，按0.5万元/家的标准申请资金"
TECH_REPORT_RULE = "2024年1月1日至2024年3月31日期间，更新年报数据的企业，按0.2万元/家的标准申请资金"


def tech_enterprise(data: dict, items: Items) -> None:
    entry = items.new("tech_first_entry", "tech_enterprise", "首次入库科技型企业补助", TECH_ENTRY_RULE)
    if _in_window(entry, TECH_ENTERPRISE_PERIOD, "首次入库日期", data["tech_first_entry_date"]):
        if _flag(
            entry,
            None if data["tech_entry_rewarded"] is None else not data["tech_entry_rewarded"],
            "是否已获得过入库奖励（资助）",
            "已获得过科技型企业入库奖励（资助）",
        ):
            _yes(entry, _d("0.5"))
    report = items.new("tech_annual_report", "tech_enterprise", "更新年报数据补助", TECH_REPORT_RULE)
    if _in_window(report, TECH_ENTERPRISE_PERIOD, "年报数据更新日期", data["annual_report_update_date"]):
        _yes(report, _d("0.2"))


# 三、科研推广平台奖补 ----------------------------------------------------------------------

PLATFORM_TYPES = (
    "rd_platform",  # 企业技术中心、中小企业技术研发中心、技术创新中心、工程实验室、创新联合体、产业技术研究院等
    "expert_court",  # 农业科技专家大院
    "science_courtyard",  # 科技小院
    "workstation",  # 工作站
    "popularization_base",  # 科普基地
    "extension_agency",  # 科技推广机构
)
PLATFORM_NAMES = {
    "rd_platform": "研发机构及平台",
    "expert_court": "农业科技专家大院",
    "science_courtyard": "科技小院",
    "workstation": "工作站",
    "popularization_base": "科普基地",
    "extension_agency": "科技推广机构",
}
LEVEL_NAMES = {"national": "国家级", "municipal": "市级", "county": "县级"}
EVENT_NAMES = {"new": "新认定（建成）", "reevaluation": "复评"}
_RD_RULE = (
    "新认定的国家级、市级企业技术中心、中小企业技术研发中心、技术创新中心、工程实验室、创新联合体、产业技术研究院等研发机构及平台，"
    "按20万元、10万元标准申请资金；通过国家级、市级复评的，分别按10万元、5万元的标准申请资金"
)
_AGRI_RULE = (
    "对获得市级批准建成的农业科技专家大院、科技小院、工作站、科普基地，分别按10万元、10万元、5万元、2万元的标准申请资金"
)
_COUNTY_RULE = "对新认定或复评的县级工业企业研发中心、科技推广机构、科普基地的，按1万元/家的标准申请资金"
# (type, level, event) -> amount and the sentence; a missing key is outside the guide.
PLATFORM_TABLE: dict[tuple[str, str, str], tuple[Decimal, str]] = {
    ("rd_platform", "national", "new"): (_d("20"), _RD_RULE),
    ("rd_platform", "municipal", "new"): (_d("10"), _RD_RULE),
    ("rd_platform", "national", "reevaluation"): (_d("10"), _RD_RULE),
    ("rd_platform", "municipal", "reevaluation"): (_d("5"), _RD_RULE),
    ("expert_court", "municipal", "new"): (_d("10"), _AGRI_RULE),
    ("science_courtyard", "municipal", "new"): (_d("10"), _AGRI_RULE),
    ("workstation", "municipal", "new"): (_d("5"), _AGRI_RULE),
    ("popularization_base", "municipal", "new"): (_d("2"), _AGRI_RULE),
    ("rd_platform", "county", "new"): (_d("1"), _COUNTY_RULE),
    ("rd_platform", "county", "reevaluation"): (_d("1"), _COUNTY_RULE),
    ("extension_agency", "county", "new"): (_d("1"), _COUNTY_RULE),
    ("extension_agency", "county", "reevaluation"): (_d("1"), _COUNTY_RULE),
    ("popularization_base", "county", "new"): (_d("1"), _COUNTY_RULE),
    ("popularization_base", "county", "reevaluation"): (_d("1"), _COUNTY_RULE),
}
PLATFORM_PREFIX = "2023年1月1日至2024年3月31日期间，"


def platform(data: dict, items: Items) -> None:
    rows = data["platforms"]
    head = ("platform", "platform", "科研推广平台奖补", PLATFORM_PREFIX + _RD_RULE)
    if _nothing_listed(items, (rows,), head, "科研推广平台认定情况", "未填写新认定或复评的平台"):
        return
    for index, row in enumerate(rows):
        key = (row["type"], row["level"], row["event"])
        name = f"{LEVEL_NAMES[row['level']]}{PLATFORM_NAMES[row['type']]}{EVENT_NAMES[row['event']]}"
        label = f"{row['name'] or name}（{name}）"
        found = PLATFORM_TABLE.get(key)
        item = items.new(f"platform[{index}]", "platform", label, PLATFORM_PREFIX + (found[1] if found else _RD_RULE))
        if found is None:
            _no(item, f"{name}不在本指南的奖补范围内")
            continue
        if _in_window(item, PLATFORM_PERIOD, "认定（复评、批准建成）日期", row["date"]):
            _yes(item, found[0])


# 四、研发投入补助 ------------------------------------------------------------------------

RD_RULE = (
    "建立研发准备金制度、按统计部门要求如实进行了研究开发费用报统，且企业已向税务部门自主申报研发费用加计扣除的企业，"
    "按研发费用存量不高于3%、增量不高于10%比例申请资金，具体额度根据年度资金预算和企业申报情况确定"
)
RD_STOCK_RATE = pct("3")
RD_INCREMENT_RATE = pct("10")


def rd_investment(data: dict, items: Items) -> None:
    """Ceiling = 3 % × 存量 + 10 % × 增量, where (our reading, ADR 0020) 存量 is the part of the
    2023 R&D expense up to the 2022 base-year level (2022-01-01 to 2022-12-31, the guide's
    period) and 增量 the part above it; both 联网直报 figures are the ones 附件6 asks for."""
    item = items.new("rd_investment", "rd_investment", "研发投入补助（上限）", RD_RULE)
    item.window = {
        "label": "研发费用存量基期",
        "from": RD_BASE_PERIOD.start,
        "to": RD_BASE_PERIOD.end,
        "date": None,
        "within": None,
        "text": f"存量以 {RD_BASE_PERIOD.text()} 的研发投入为基数",
    }
    checks = (
        ("rd_reserve_system", "是否建立研发准备金制度", "未建立研发准备金制度"),
        ("rd_statistics_reported", "是否按统计部门要求如实报统研发费用", "未按统计部门要求如实进行研究开发费用报统"),
        ("rd_super_deduction_filed", "是否已向税务部门申报研发费用加计扣除", "未向税务部门自主申报研发费用加计扣除"),
    )
    unknown = [label for name, label, _ in checks if data[name] is None]
    figures = [("rd_expense_2023", "2023年联网直报的研发投入"), ("rd_expense_2022", "2022年联网直报的研发投入")]
    unknown += [label for name, label in figures if data[name] is None]
    refused = [refusal for name, _, refusal in checks if data[name] is False]
    if _refused_or_missing(item, refused, unknown):
        return
    current, base = data["rd_expense_2023"], data["rd_expense_2022"]
    stock = min(current, base)
    increment = max(ZERO, CONTEXT.subtract(current, base))
    ceiling = CONTEXT.add(CONTEXT.multiply(stock, RD_STOCK_RATE), CONTEXT.multiply(increment, RD_INCREMENT_RATE))
    item.label = f"研发投入补助（上限；存量 {plain(stock)} 万元 × 3% + 增量 {plain(increment)} 万元 × 10%）"
    if ceiling <= 0:
        _no(item, "2023年研发投入为 0，无补助基数")
        return
    _yes(item, ceiling, ceiling=True)


# 五、高成长科技企业奖补 ---------------------------------------------------------------------

TITLE_NAMES = {
    "hidden_champion": "“隐形冠军”",
    "tech_demo": "“技术创新型示范企业”",
    "little_giant": "“小巨人”",
    "specialized": "“专精特新”",
}
TITLE_AMOUNTS = {
    ("hidden_champion", "municipal"): _d("20"),
    ("tech_demo", "municipal"): _d("10"),
    ("little_giant", "municipal"): _d("5"),
    ("specialized", "municipal"): _d("2"),
    ("hidden_champion", "national"): _d("30"),
    ("tech_demo", "national"): _d("20"),
    ("little_giant", "national"): _d("10"),
}
GROWTH_RULE = (
    "2023年3月31日至2024年3月31日期间，首次获得市级“隐形冠军”“技术创新型示范企业”“小巨人”“专精特新”称号的企业，"
    "分别按20万元、10万元、5万元、2万元标准申请资金；首次获得国家级“隐形冠军”“技术创新型示范企业”“小巨人”企业称号的，"
    "分别按30万元、20万元、10万元标准申请资金"
)


def high_growth(data: dict, items: Items) -> None:
    rows = data["titles"]
    head = ("high_growth", "high_growth", "高成长科技企业奖补", GROWTH_RULE)
    none = "未获得市级或国家级“隐形冠军”“技术创新型示范企业”“小巨人”“专精特新”称号"
    if _nothing_listed(items, (rows,), head, "获得的市级、国家级称号及日期", none):
        return
    for index, row in enumerate(rows):
        name = f"{'国家级' if row['level'] == 'national' else '市级'}{TITLE_NAMES[row['title']]}"
        item = items.new(f"high_growth[{index}]", "high_growth", name, GROWTH_RULE)
        amount = TITLE_AMOUNTS.get((row["title"], row["level"]))
        if amount is None:
            _no(item, f"{name}称号不在本指南的奖补范围内（国家级称号只奖补“隐形冠军”“技术创新型示范企业”“小巨人”）")
            continue
        if not _in_window(item, GROWTH_PERIOD, "获得称号日期", row["date"]):
            continue
        if _flag(item, row["first_time"], f"是否首次获得{name}称号", f"非首次获得{name}称号（只奖补首次获得）"):
            _yes(item, amount)


# 六、科技成果转化奖补 ----------------------------------------------------------------------

PRODUCT_RULE = "2023年1月1日至2024年3月31日期间，新认定的市级及以上新产品（高新技术产品、高新技术服务、重大新产品等），按每个产品2万元的标准申请资金"
VARIETY_RULE = "2023年1月1日至2024年3月31日期间，获国家、市级登记的主要农作物新品种和非主要农作物新品种，分别按每个新品种5万元、2万元的标准申请资金"
VARIETY_AMOUNTS = {"national": _d("5"), "municipal": _d("2")}


def achievement(data: dict, items: Items) -> None:
    products, varieties = data["new_products"], data["crop_varieties"]
    head = ("achievement", "achievement", "科技成果转化奖补", PRODUCT_RULE)
    unknown = ("新认定的市级及以上新产品", "登记的农作物新品种")
    if _nothing_listed(items, (products, varieties), head, unknown, "未填写新认定的新产品或登记的新品种"):
        return
    for index, row in enumerate(products or ()):
        label = f"新产品：{row['name'] or f'第 {index + 1} 个'}（{LEVEL_NAMES[row['level']]}）"
        item = items.new(f"new_products[{index}]", "achievement", label, PRODUCT_RULE)
        if _in_window(item, ACHIEVEMENT_PERIOD, "新产品认定日期", row["date"]):
            _yes(item, _d("2"))
    for index, row in enumerate(varieties or ()):
        label = f"农作物新品种：{row['name'] or f'第 {index + 1} 个'}（{'国家' if row['level'] == 'national' else '市级'}登记）"
        item = items.new(f"crop_varieties[{index}]", "achievement", label, VARIETY_RULE)
        if _in_window(item, ACHIEVEMENT_PERIOD, "新品种登记日期", row["date"]):
            _yes(item, VARIETY_AMOUNTS[row["level"]])


# 七、智能化改造升级项目奖补 -----------------------------------------------------------------

SMART_RULE = (
    "智能化改造项目：2022年1月1日后实施且已完工、已完成立项、由规模以上制造业企业实施的数字化智能化改造项目，投资额100万元以上，"
    "指标水平有效提升，未获得县级财政资金补助，未申报2024年市数字化车间和智能工厂类项目；按不超过投资额的10%择优给予补助，"
    "最高不超过20万元；每个企业可申报1个项目，专精特新、小巨人、高新技术企业可放宽到2个"
)
WORKSHOP_RULE = (
    "数字化车间、智能工厂：2022年以来入选市级数字化车间、智能工厂名单、项目未获得县级财政资金补助；获得市级资金补助的，"
    "按照不高于市级到位资金的5%给予补助；未获得市级资金的投资补助类项目，按不高于投资额的10%给予补助，最高不超过30万元"
)
SMART_MIN_INVESTMENT = _d("100")
SMART_RATE, SMART_CAP = pct("10"), _d("20")
WORKSHOP_CITY_RATE, WORKSHOP_RATE, WORKSHOP_CAP = pct("5"), pct("10"), _d("30")


def _capped(item: Item, base: Decimal, rate: Decimal, cap: Decimal | None, base_label: str) -> None:
    raw = CONTEXT.multiply(base, rate)
    if cap is not None and raw > cap:
        item.reasons.append(
            f"{base_label} {plain(base)} 万元的 {plain(rate * 100)}% 为 {plain(raw)} 万元，按上限 {plain(cap)} 万元"
        )
        raw = cap
    _yes(item, raw, ceiling=True)


def smart(data: dict, items: Items) -> None:
    projects, workshops = data["smart_projects"], data["digital_workshops"]
    head = ("smart", "smart", "智能化改造升级项目奖补", SMART_RULE)
    unknown = "智能化改造项目或数字化车间、智能工厂情况"
    if _nothing_listed(items, (projects, workshops), head, unknown, "未填写智能化改造项目或数字化车间、智能工厂"):
        return
    quota_flag = data["specialized_or_high_tech"]
    for index, row in enumerate(projects or ()):
        item = items.new(
            f"smart_projects[{index}]", "smart", f"智能化改造项目：{row['name'] or f'第 {index + 1} 个'}", SMART_RULE
        )
        if index >= 2 or (index == 1 and quota_flag is False):
            _no(
                item,
                f"每个企业可申报1个项目，专精特新、小巨人、高新技术企业可放宽到2个；这是第 {index + 1} 个项目，超出可申报数量",
            )
            continue
        if index == 1 and quota_flag is None:
            _missing(item, "是否为专精特新、小巨人或高新技术企业（可申报第 2 个项目）")
            continue
        conditions = (
            (data["above_scale_manufacturer"], "是否为规模以上制造业企业", "项目不属规模以上制造业企业实施"),
            (row["completed"], "项目是否已完工", "项目尚未完工"),
            (row["approved"], "项目是否已按规定完成立项", "项目未按规定完成立项"),
            (
                row["digital_upgrade"],
                "是否利用数字化、智能化设备或技术进行改造升级",
                "项目不是数字化、智能化改造升级项目",
            ),
            (
                row["indicators_improved"],
                "改造前后数控化率、效率等指标是否有效提升",
                "项目实施前后指标水平未得到有效提升",
            ),
            (_negated(row["county_funded"]), "项目是否获得县级财政资金补助", "项目已获得县级财政资金补助"),
            (
                _negated(row["city_2024_declared"]),
                "是否申报2024年市数字化车间和智能工厂类项目",
                "项目已申报2024年市数字化车间和智能工厂类项目",
            ),
        )
        if row["start_date"] is not None:
            item.window = SMART_PERIOD.check("项目实施日期", row["start_date"])
        refused = [refusal for value, _, refusal in conditions if value is False]
        if item.window and not item.window["within"]:
            refused.insert(0, item.window["text"])
        if row["investment"] < SMART_MIN_INVESTMENT:
            gap = CONTEXT.subtract(SMART_MIN_INVESTMENT, row["investment"])
            refused.append(f"项目投资额 {plain(row['investment'])} 万元，低于 100 万元（差 {plain(gap)} 万元）")
        unknown = [label for value, label, _ in conditions if value is None]
        if row["start_date"] is None:
            unknown.insert(0, "项目实施日期")
        if _refused_or_missing(item, refused, unknown):
            continue
        _capped(item, row["investment"], SMART_RATE, SMART_CAP, "项目投资额")
    for index, row in enumerate(workshops or ()):
        item = items.new(
            f"digital_workshops[{index}]",
            "smart",
            f"数字化车间、智能工厂：{row['name'] or f'第 {index + 1} 个'}",
            WORKSHOP_RULE,
        )
        if not _in_window(item, WORKSHOP_PERIOD, "入选市级名单日期", row["listed_date"]):
            continue
        if not _flag(
            item, _negated(row["county_funded"]), "项目是否获得县级财政资金补助", "项目已获得县级财政资金补助"
        ):
            continue
        city = row["city_funds"]
        if city is None:
            _missing(item, "市级到位资金（未获得填 0）")
        elif city > 0:
            _capped(item, city, WORKSHOP_CITY_RATE, None, "市级到位资金")
        elif row["investment"] is None:
            _missing(item, "项目投资额")
        elif row["investment"] <= 0:
            _no(item, "未获得市级资金且项目投资额为 0")
        else:
            _capped(item, row["investment"], WORKSHOP_RATE, WORKSHOP_CAP, "项目投资额")


def _negated(value: bool | None) -> bool | None:
    return None if value is None else not value


# 八、知识产权保护运用奖补 -------------------------------------------------------------------

IP_KINDS = {
    "national_demo": ("国家知识产权示范企业", _d("5")),
    "national_advantage": ("国家知识产权优势企业", _d("3")),
    "municipal_demo": ("市级知识产权示范企业", _d("2")),
    "municipal_advantage": ("市级知识产权优势企业", _d("1")),
}
IP_RULE = (
    "2023年1月1日至2024年3月31日期间，获首次认定为国家知识产权示范企业、国家知识产权优势企业、市级知识产权示范企业、"
    "市级知识产权优势企业的，分别按每个企业5万元、3万元、2万元、1万元的标准申请资金"
)
STANDARD_RULE = (
    "首次通过《企业知识产权管理规范》国家标准认证的高新技术企业或规模以上工业企业，按每家企业3万元的标准申请资金"
)
PATENT_RULE = "对获得授权的发明专利予以补助，按每件0.1万元标准申请资金"
MAINTAIN_RULE = "对维持5年以上的发明专利，从第6年起，按每件每年0.1万元的标准申请资金"
PER_PATENT = _d("0.1")


def ip(data: dict, items: Items) -> None:
    rows = data["ip_recognitions"]
    head = ("ip_recognition", "ip", "知识产权示范、优势企业奖补", IP_RULE)
    _nothing_listed(items, (rows,), head, "知识产权示范、优势企业认定情况", "未获得知识产权示范、优势企业认定")
    for index, row in enumerate(rows or ()):
        name, amount = IP_KINDS[row["kind"]]
        item = items.new(f"ip_recognitions[{index}]", "ip", name, IP_RULE)
        if not _in_window(item, IP_PERIOD, "认定日期", row["date"]):
            continue
        if _flag(item, row["first_time"], f"是否首次认定为{name}", f"非首次认定为{name}（只奖补首次认定）"):
            _yes(item, amount)

    standard = items.new(
        "ip_standard", "ip", "《企业知识产权管理规范》贯标认证奖补", "2023年1月1日至2024年3月31日期间，" + STANDARD_RULE
    )
    if data["ip_standard_date"] is None and data["ip_standard_first"] is False:
        _no(standard, "非首次通过《企业知识产权管理规范》国家标准认证")
    elif _in_window(standard, IP_PERIOD, "贯标认证日期", data["ip_standard_date"]):
        if _flag(
            standard,
            data["ip_standard_first"],
            "是否首次通过贯标认证",
            "非首次通过《企业知识产权管理规范》国家标准认证",
        ):
            if _flag(
                standard,
                data["high_tech_or_above_scale"],
                "是否为高新技术企业或规模以上工业企业",
                "贯标认证奖补只适用于高新技术企业或规模以上工业企业",
            ):
                _yes(standard, _d("3"))

    _per_patent(
        items,
        "invention_patents",
        "发明专利授权资助",
        "2023年1月1日至2024年3月31日期间，" + PATENT_RULE,
        data["invention_patents_granted"],
        "期间授权的发明专利件数",
    )
    _per_patent(
        items,
        "maintained_patents",
        "维持5年以上有效发明专利资助",
        MAINTAIN_RULE,
        data["invention_patents_maintained"],
        "维持5年以上（第6年起）的有效发明专利件数",
    )


def _per_patent(items: Items, item_id: str, label: str, rule: str, count: int | None, fact: str) -> None:
    item = items.new(item_id, "ip", label, rule)
    if count is None:
        _missing(item, fact)
    elif count == 0:
        _no(item, f"{fact}为 0")
    else:
        item.label = f"{label}（{count} 件）"
        _yes(item, CONTEXT.multiply(PER_PATENT, count))


# Inputs ----------------------------------------------------------------------------------


def _opt(name: str, kind: str, label: str, **extra) -> Field:
    """An optional fact: left out (null) means unknown, which makes its items pending."""
    return Field(name, kind, label, nullable=True, default=None, **extra)


def _rows(name: str, label: str, *items: Field) -> Field:
    """An optional list of records (null: unknown; an empty list: a known "none")."""
    return _opt(name, RECORDS, label, length=MAX_ROWS, items=items)


CATEGORY_KEYS = tuple(key for key, _ in CATEGORIES)
FIELDS = (
    _opt("category", CHOICE, "只计算某一类奖补", choices=CATEGORY_KEYS, description="缺省计算全部八类"),
    _opt(
        "high_tech_kind",
        CHOICE,
        "高新技术企业认定情况",
        choices=("first", "review", "none"),
        description="first 首次认定；review 复审；none 未认定",
    ),
    _opt("high_tech_date", DATE, "高新技术企业认定（复审）日期"),
    _opt("high_tech_reviews", COUNT, "连续通过高新技术企业复审次数", maximum=50),
    _opt("tech_first_entry_date", DATE, "首次入库重庆市科技型企业管理系统日期"),
    _opt("tech_entry_rewarded", BOOL, "是否已获得过入库奖励（资助）"),
    _opt("annual_report_update_date", DATE, "科技型企业年报数据更新日期"),
    _rows(
        "platforms",
        "科研推广平台",
        Field("name", TEXT, "平台名称", default=""),
        Field("type", CHOICE, "平台类型", required=True, choices=PLATFORM_TYPES),
        Field("level", CHOICE, "级别", required=True, choices=("national", "municipal", "county")),
        Field("event", CHOICE, "认定类型", required=True, choices=("new", "reevaluation")),
        Field("date", DATE, "认定（复评、批准建成）日期", nullable=True),
    ),
    _opt("rd_reserve_system", BOOL, "是否建立研发准备金制度"),
    _opt("rd_statistics_reported", BOOL, "是否按统计部门要求如实报统研发费用"),
    _opt("rd_super_deduction_filed", BOOL, "是否已向税务部门申报研发费用加计扣除"),
    _opt("rd_expense_2023", AMOUNT, "2023年企业联网直报的研发投入（万元）"),
    _opt("rd_expense_2022", AMOUNT, "2022年企业联网直报的研发投入（万元）"),
    _rows(
        "titles",
        "获得的称号",
        Field("title", CHOICE, "称号", required=True, choices=tuple(TITLE_NAMES)),
        Field("level", CHOICE, "级别", required=True, choices=("municipal", "national")),
        Field("date", DATE, "获得日期", nullable=True),
        Field("first_time", BOOL, "是否首次获得", nullable=True),
    ),
    _rows(
        "new_products",
        "新认定的新产品",
        Field("name", TEXT, "产品名称", default=""),
        Field("level", CHOICE, "认定级别", default="municipal", choices=("municipal", "national")),
        Field("date", DATE, "认定日期", nullable=True),
    ),
    _rows(
        "crop_varieties",
        "登记的农作物新品种",
        Field("name", TEXT, "品种名称", default=""),
        Field("level", CHOICE, "登记级别", required=True, choices=("national", "municipal")),
        Field("date", DATE, "登记日期", nullable=True),
    ),
    _opt("above_scale_manufacturer", BOOL, "是否为规模以上制造业企业"),
    _opt("specialized_or_high_tech", BOOL, "是否为专精特新、小巨人或高新技术企业"),
    _rows(
        "smart_projects",
        "智能化改造项目",
        Field("name", TEXT, "项目名称", default=""),
        Field("start_date", DATE, "项目实施日期", nullable=True),
        Field("investment", AMOUNT, "项目投资额（万元）", required=True),
        Field("completed", BOOL, "是否已完工", nullable=True),
        Field("approved", BOOL, "是否已完成立项", nullable=True),
        Field("digital_upgrade", BOOL, "是否为数字化智能化改造", nullable=True),
        Field("indicators_improved", BOOL, "指标水平是否有效提升", nullable=True),
        Field("county_funded", BOOL, "是否获得县级财政资金补助", nullable=True),
        Field("city_2024_declared", BOOL, "是否申报2024年市数字化车间和智能工厂类项目", nullable=True),
    ),
    _rows(
        "digital_workshops",
        "数字化车间、智能工厂",
        Field("name", TEXT, "名称", default=""),
        Field("listed_date", DATE, "入选市级名单日期", nullable=True),
        Field("county_funded", BOOL, "是否获得县级财政资金补助", nullable=True),
        Field("city_funds", AMOUNT, "市级到位资金（万元）", nullable=True),
        Field("investment", AMOUNT, "项目投资额（万元）", nullable=True),
    ),
    _rows(
        "ip_recognitions",
        "知识产权示范、优势企业认定",
        Field("kind", CHOICE, "认定类型", required=True, choices=tuple(IP_KINDS)),
        Field("date", DATE, "认定日期", nullable=True),
        Field("first_time", BOOL, "是否首次认定", nullable=True),
    ),
    _opt("ip_standard_date", DATE, "首次通过《企业知识产权管理规范》认证日期"),
    _opt("ip_standard_first", BOOL, "是否首次通过贯标认证"),
    _opt("high_tech_or_above_scale", BOOL, "是否为高新技术企业或规模以上工业企业"),
    _opt("invention_patents_granted", COUNT, "期间授权的发明专利件数", maximum=MAX_COUNT),
    _opt("invention_patents_maintained", COUNT, "维持5年以上的有效发明专利件数", maximum=MAX_COUNT),
)

RULES = {
    "high_tech": high_tech,
    "tech_enterprise": tech_enterprise,
    "platform": platform,
    "rd_investment": rd_investment,
    "high_growth": high_growth,
    "achievement": achievement,
    "smart": smart,
    "ip": ip,
}


def _category_status(entries: list[Item]) -> str:
    statuses = {entry.status for entry in entries}
    if ELIGIBLE in statuses:
        return ELIGIBLE
    return PENDING if PENDING in statuses else INELIGIBLE


def evaluate(data: dict) -> Assessment:
    items = Items()
    chosen = [data["category"]] if data.get("category") else list(RULES)
    for key in chosen:
        RULES[key](data, items)
    categories = {}
    for key in chosen:
        entries = [item for item in items.items if item.category == key]
        status = _category_status(entries)
        amounts = [item.amount for item in entries if item.status == ELIGIBLE]
        categories[key] = {
            "name": CATEGORY_NAMES[key],
            "status": status,
            "amount": sum(amounts, ZERO) if amounts else None,
            "ceiling": any(item.ceiling for item in entries if item.status == ELIGIBLE),
            "missing": [label for item in entries if item.status == PENDING for label in item.missing],
            "reasons": [reason for item in entries if item.status != ELIGIBLE for reason in item.reasons],
        }
    eligible = [item for item in items.items if item.status == ELIGIBLE]
    total = sum((item.amount for item in eligible), ZERO)
    pending = [item for item in items.items if item.status == PENDING]
    unmet = [item for item in items.items if item.status == INELIGIBLE]
    qualified = True if eligible else (None if pending else False)
    return Assessment(
        scheme=SCHEME,
        ruleset=RULESET,
        qualified=qualified,
        route="award" if eligible else None,
        total=total,
        scores={key: value["amount"] for key, value in categories.items() if value["amount"] is not None},
        ratios={},
        unmet=[item.id for item in unmet],
        pending=[item.id for item in pending],
        reasons=[f"{item.label}：{'；'.join(item.reasons)}" for item in unmet + pending],
        extra={
            "unit": "万元",
            "items": [item.json() for item in items.items],
            "categories": categories,
            "missing": [label for item in pending for label in item.missing],
        },
    )


RULESET_2024 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2024, 1, 1),
    title="石柱县科技创新奖补",
    document="石柱县2024年度科技创新奖补资金申报指南（附件1）",
    fields=FIELDS,
    evaluate=evaluate,
    notes=(
        "奖补类政策：qualified 为 true 表示至少一项奖补符合条件；各项的金额、依据、时间窗口检查和待补充信息见 items。",
    ),
)
RULESETS = (RULESET_2024,)
