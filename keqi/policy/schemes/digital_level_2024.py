"""中小企业数字化水平评测, ruleset 2024 (工信厅企业〔2024〕56号; NEXT-WAVE-RULES.md §3).

The questionnaire is data (QUESTIONS, SCENES): pages render it, this module scores it. 100
points over three scored dimensions; single choice scores the option, multiple choice sums the
options up to the item's maximum; 设备数字化率, 设备联网率 and 资金保障 take their tier from the
numbers typed in, bounds (a, b] with the first tier [0, 10%]. The 16 数字化经营 scenes are rated
1-4 and carry no points.

How the 2024 final level (一级-四级) follows from score and scenes is not public (§3.4): the
level is the platform-issued one, an input; without it the level is pending ("需补充信息"),
never guessed. Question texts are condensed from the platform JSON (the research kept
paraphrases), so they are labels, not quotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..errors import field_error
from ..inputs import CHOICE, CHOICE_SET, COUNT, NUMBER, Field
from ..numbers import HUNDRED, ZERO, plain
from ..rules import Data, Ruleset
from .specialized_sme_2022 import DIGITAL_TIERS

SCHEME = "digital_level"
RULESET = "2024"
D = Decimal
LEVEL_NAMES = {0: "无等级", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}
INDUSTRIES = ("manufacturing", "productive_services", "other")
INDUSTRY_NAMES = {"manufacturing": "制造业", "productive_services": "生产性服务业", "other": "其他行业"}


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class Number:
    """A figure typed beside a question."""

    key: str
    label: str
    integer: bool = False


@dataclass(frozen=True)
class Question:
    key: str
    dimension: str
    group: str  # 二级指标
    item: str  # 三级指标
    text: str
    points: Decimal
    multiple: bool
    options: tuple[Option, ...]
    numbers: tuple[Number, ...] = ()
    # (numerator, denominator) keys: the tier is computed from numerator / denominator.
    rate: tuple[str, str] | None = None
    help: str = ""


def _options(*items: tuple[str, str | int]) -> tuple[Option, ...]:
    return tuple(Option(chr(ord("A") + i), label, D(str(points))) for i, (label, points) in enumerate(items))


RATE_TIERS = (
    ("[0,10%]", D(10)),
    ("(10%,20%]", D(20)),
    ("(20%,40%]", D(40)),
    ("(40%,60%]", D(60)),
    ("(60%,100%]", D(100)),
)


def _rate_options(points: tuple[str, ...]) -> tuple[Option, ...]:
    return _options(*((label, p) for (label, _bound), p in zip(RATE_TIERS, points, strict=True)))


LINKS = (
    "产品设计",
    "工艺设计",
    "营销管理",
    "售后服务",
    "计划排程",
    "生产管控",
    "质量管理",
    "设备管理",
    "安全生产",
    "能耗管理",
    "采购管理",
    "仓储物流",
    "财务管理",
)

DIMENSIONS = (
    ("foundation", "数字化基础", D(50)),
    ("management", "数字化管理", D(30)),
    ("outcome", "数字化成效", D(20)),
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "network",
        "foundation",
        "设备系统",
        "网络建设",
        "企业网络建设情况（可多选）",
        D(8),
        True,
        _options(
            ("无", 0),
            ("建设了车间级工业控制网络，实现生产设备自动化控制", 2),
            ("建设了连接大量设备、人员和系统的应用系统网络", 2),
            ("自建或租用5G工业专网，支持AGV、工业互联网等移动应用", 2),
            ("网络覆盖全部生产场所和环节，并可扩展", 2),
        ),
    ),
    Question(
        "equipment_digital",
        "foundation",
        "设备系统",
        "设备数字化",
        "生产设备数字化率（实现数字化的生产设备数量 ÷ 生产设备总数 × 100%）",
        D(6),
        False,
        _rate_options(("0", "1.5", "3", "4.5", "6")),
        (
            Number("equipment_total", "生产设备数量（台）", integer=True),
            Number("equipment_digital_count", "实现数字化的生产设备数量（台）", integer=True),
        ),
        rate=("equipment_digital_count", "equipment_total"),
        help="填写设备数量后按数量自动计算档位",
    ),
    Question(
        "equipment_networked",
        "foundation",
        "设备系统",
        "设备联网",
        "生产设备联网率（实现联网的生产设备数量 ÷ 生产设备总数 × 100%）",
        D(6),
        False,
        _rate_options(("0", "1.5", "3", "4.5", "6")),
        (Number("equipment_networked_count", "实现联网的生产设备数量（台）", integer=True),),
        rate=("equipment_networked_count", "equipment_total"),
        help="按实现联网的设备数量与生产设备数量自动计算档位",
    ),
    Question(
        "data_collection",
        "foundation",
        "数据采集",
        "数据采集",
        "实现数据自动采集的业务环节（可多选）",
        D(10),
        True,
        _options(("无", 0), *((link, "0.7") for link in LINKS), ("人力资源", "0.9")),
    ),
    Question(
        "information_system",
        "foundation",
        "信息系统",
        "信息系统",
        "通过本地或云端信息化服务实现数字化管理的业务覆盖情况",
        D(10),
        False,
        _options(
            ("无", 0),
            ("单一业务环节", "2.5"),
            ("两个及以上业务环节", 5),
            ("大部分业务环节（80%以上）", "7.5"),
            ("全部业务环节", 10),
        ),
    ),
    Question(
        "network_security",
        "foundation",
        "信息安全",
        "网络安全",
        "网络安全保障措施（可多选）",
        D(5),
        True,
        _options(
            ("无", 0),
            ("制定了网络安全管理制度", "1.25"),
            ("部署了防火墙、网络分区、入侵检测、身份认证等网络安全产品或服务", "1.25"),
            ("自行或委托开展网络安全风险评估", "1.25"),
            ("在网络边界实施访问控制，在关键节点开展入侵和恶意代码检测", "1.25"),
        ),
    ),
    Question(
        "data_security",
        "foundation",
        "信息安全",
        "数据安全",
        "数据安全保障措施（可多选）",
        D(5),
        True,
        _options(
            ("无", 0),
            ("制定了数据安全管理制度", "1.25"),
            ("部署了数据加密、备份恢复、脱敏、分类分级保护等数据安全产品或服务", "1.25"),
            ("开展数据安全风险评估", "1.25"),
            ("建立数据台账（类型、用途、数量、来源单位、使用单位），定期检查数据安全能力", "1.25"),
        ),
    ),
    Question(
        "planning",
        "management",
        "规划管理",
        "规划实施",
        "企业对数字化转型的认识和实施情况",
        D("7.5"),
        False,
        _options(
            ("无", 0),
            ("主动了解数字化转型", "1.5"),
            ("制定了数字化转型规划、实施计划和保障措施", 3),
            ("已开展单点或多点数字化改造", "4.5"),
            ("通过数字化改变了业务模式和决策方式，取得成效", 6),
            ("定期组织人员到数字化水平较高的同行企业参观学习", "7.5"),
        ),
        help="选项顺序与评测平台一致",
    ),
    Question(
        "mechanism",
        "management",
        "规划管理",
        "管理机制",
        "已建立的数字化管理制度（可多选）",
        D("7.5"),
        True,
        _options(
            ("无", 0),
            ("数字化转型实施工作流程", "1.875"),
            ("信息系统建设和运行维护制度", "1.875"),
            ("数据资源管理制度", "1.875"),
            ("融合数字化的创新激励制度（研发、业务、产品）", "1.875"),
        ),
    ),
    Question(
        "talent",
        "management",
        "要素保障",
        "人才建设",
        "数字化人才建设措施（数字化人才含技术、管理、应用三类；可多选）",
        D("7.5"),
        True,
        _options(
            ("无", 0),
            ("配备专职或兼职数字化人员", "1.5"),
            ("设立数字化专门岗位或部门", "1.5"),
            ("定期开展数字化培训", "1.5"),
            ("建立数字化人员绩效和薪酬制度", "1.5"),
            ("建立分层分级的人才培养制度", "1.5"),
        ),
    ),
    Question(
        "funding",
        "management",
        "要素保障",
        "资金保障",
        "近三年数字化投入年均占营业额比例（成立不满三年按实际年限计算）",
        D("7.5"),
        False,
        _rate_options(("0", "1.875", "3.75", "5.625", "7.5")),
        (
            Number("funding_spend", "数字化投入（万元/年）"),
            Number("funding_revenue", "营业额（万元/年）"),
        ),
        rate=("funding_spend", "funding_revenue"),
        help="填写年均数字化投入和营业额后自动计算档位",
    ),
    Question(
        "green",
        "outcome",
        "绿色低碳",
        "绿色低碳",
        "数字化改造后，百元营业收入综合能耗与改造前相比（按国家统计局能源报表205-1、205-2口径）",
        D(7),
        False,
        _options(("上升", 0), ("持平", "3.5"), ("下降", 7)),
        (Number("energy_y2", "上年综合能源消费量（吨标准煤）"), Number("energy_y1", "前年综合能源消费量（吨标准煤）")),
    ),
    Question(
        "quality",
        "outcome",
        "产品质量",
        "产品质量",
        "数字化改造后，月均产品合格率与改造前相比",
        D(7),
        False,
        _options(("下降", 0), ("持平", "3.5"), ("提高", 7)),
        (Number("pass_rate", "月均产品合格率（%）"),),
    ),
    Question(
        "market",
        "outcome",
        "市场效益",
        "市场表现",
        "上年人均营业收入与前年相比",
        D(3),
        False,
        _options(("下降", 0), ("持平", "1.5"), ("提高", 3)),
        (
            Number("employees_y2", "上年员工人数", integer=True),
            Number("revenue_y2", "上年营业收入（万元）"),
            Number("employees_y1", "前年员工人数", integer=True),
            Number("revenue_y1", "前年营业收入（万元）"),
        ),
    ),
    Question(
        "value",
        "outcome",
        "市场效益",
        "价值效益",
        "上年每百元营业收入成本与前年相比",
        D(3),
        False,
        _options(("上升", 0), ("持平", "1.5"), ("下降", 3)),
        (Number("cost_y2", "上年成本（万元）"), Number("cost_y1", "前年成本（万元）")),
    ),
)

SCENE_GROUPS = (
    ("产品生命周期", ("产品设计", "工艺设计", "营销管理", "售后服务")),
    ("生产执行", ("计划排程", "生产管控", "质量管理", "设备管理", "安全生产", "能耗管理")),
    ("供应链", ("采购管理", "仓储物流")),
    ("管理决策", ("财务管理", "人力资源", "协同办公", "决策支持")),
)
SCENE_KEYS = {
    "产品设计": "product_design",
    "工艺设计": "process_design",
    "营销管理": "marketing",
    "售后服务": "after_sales",
    "计划排程": "scheduling",
    "生产管控": "production_control",
    "质量管理": "quality_management",
    "设备管理": "equipment_management",
    "安全生产": "safety",
    "能耗管理": "energy",
    "采购管理": "purchasing",
    "仓储物流": "warehousing",
    "财务管理": "finance",
    "人力资源": "human_resources",
    "协同办公": "office",
    "决策支持": "decision_support",
}
# (key, label, group) for the 16 scenes, in the platform's order.
SCENES = tuple((f"scene_{SCENE_KEYS[label]}", label, group) for group, labels in SCENE_GROUPS for label in labels)
SCENE_LEVELS = {
    1: "借助通用信息化工具（表格、云盘、CAD等）辅助人工作业",
    2: "应用专门的信息系统对该场景进行规范化管理，数据在线采集",
    3: "跨部门系统集成、数据共享，实现实时管控或全过程追溯",
    4: "应用人工智能、模型或仿真，实现预测、优化和产业链协同",
}

NUMBERS = tuple(number for question in QUESTIONS for number in question.numbers)
BY_KEY = {question.key: question for question in QUESTIONS}
FULL_MARKS = sum((q.points for q in QUESTIONS), ZERO)
assert FULL_MARKS == HUNDRED, FULL_MARKS  # the questionnaire is 100 points (NEXT-WAVE-RULES §3.2)


def _answer_field(question: Question) -> Field:
    choices = tuple(option.key for option in question.options)
    if question.multiple:
        return Field(question.key, CHOICE_SET, question.item, nullable=True, choices=choices, description=question.text)
    return Field(question.key, CHOICE, question.item, nullable=True, choices=choices, description=question.text)


FIELDS = (
    *(_answer_field(question) for question in QUESTIONS),
    *(
        Field(
            number.key,
            COUNT if number.integer else NUMBER,
            number.label,
            nullable=True,
            minimum=0,
            maximum=HUNDRED if number.key == "pass_rate" else None,
        )
        for number in NUMBERS
    ),
    *(Field(key, COUNT, f"{label}场景等级", nullable=True, minimum=1, maximum=4) for key, label, _ in SCENES),
    Field("platform_score", NUMBER, "平台出具的评测总分", nullable=True, minimum=0, maximum=HUNDRED),
    Field(
        "platform_level",
        COUNT,
        "平台出具的数字化水平等级",
        nullable=True,
        maximum=4,
        description="0 = 无等级，1-4 = 一级至四级；2024年版等级判定规则未公开，以平台出具的等级为准",
    ),
    Field("industry", CHOICE, "评测问卷行业", default="manufacturing", choices=INDUSTRIES),
)


def rate_option(question: Question, rate: Decimal) -> str:
    """The option whose (a, b] band holds ``rate`` (a percentage; the first band is [0, 10])."""
    for option, (_label, bound) in zip(question.options, RATE_TIERS, strict=True):
        if rate <= bound:
            return option.key
    return question.options[-1].key


def question_points(question: Question, chosen) -> Decimal:
    """Points of one answer: the option's, or the multiple choice's sum capped at the item's maximum."""
    if chosen is None:
        return ZERO
    keys = chosen if question.multiple else (chosen,)
    by_key = {option.key: option.points for option in question.options}
    return min(sum((by_key[key] for key in keys), ZERO), question.points)


def _rate(data: Data, question: Question, errors: list[dict]) -> Decimal | None:
    numerator_key, denominator_key = question.rate
    numerator, denominator = data.get(numerator_key), data.get(denominator_key)
    if numerator is None or denominator is None:
        return None
    labels = {number.key: number.label for number in question.numbers}
    labels.update({number.key: number.label for number in NUMBERS})
    if denominator <= 0:
        errors.append(field_error(denominator_key, f"{labels[denominator_key]}应大于 0"))
        return None
    if numerator > denominator:
        errors.append(field_error(numerator_key, f"{labels[numerator_key]}不能大于{labels[denominator_key]}"))
        return None
    return numerator * HUNDRED / denominator


def prepare(data: Data, errors: list[dict]) -> Data:
    prepared = dict(data)
    rates: dict[str, Decimal] = {}
    for question in QUESTIONS:
        chosen = data.get(question.key)
        if question.multiple and chosen and "A" in chosen and len(chosen) > 1:
            errors.append(field_error(question.key, f"{question.item}：选择“无”时不能再选择其他选项"))
        if question.rate is None:
            continue
        rate = _rate(data, question, errors)
        if rate is None:
            continue
        computed = rate_option(question, rate)
        rates[question.key] = rate
        if chosen is not None and chosen != computed:
            errors.append(
                field_error(
                    question.key,
                    f"{question.item}：按填写的数据计算为 {plain(rate.quantize(D('0.01')))}%，"
                    f"应选择“{computed} {question.options[ord(computed) - 65].label}”",
                )
            )
        prepared[question.key] = computed
    prepared["rates"] = rates
    answered = [q for q in QUESTIONS if prepared.get(q.key) is not None]
    if answered and len(answered) < len(QUESTIONS):
        missing = "、".join(q.item for q in QUESTIONS if prepared.get(q.key) is None)
        errors.append(field_error("answers", f"评测问卷未答完，尚未作答：{missing}"))
    if not answered and data.get("platform_score") is None:
        errors.append(field_error("answers", "缺少必填项：评测问卷答案（或平台出具的评测总分）"))
    prepared["answered"] = bool(answered)
    return prepared


def evaluate(data: Data) -> Assessment:
    scores = {q.key: question_points(q, data.get(q.key)) for q in QUESTIONS} if data["answered"] else {}
    total = sum(scores.values(), ZERO) if scores else data["platform_score"]
    dimensions = (
        {key: sum((scores[q.key] for q in QUESTIONS if q.dimension == key), ZERO) for key, _label, _max in DIMENSIONS}
        if scores
        else {}
    )
    level = data.get("platform_level")
    outcome = Outcome()
    if level is None:
        outcome.wait(
            "platform_level",
            "需补充信息：2024年版评测等级的判定规则未公开，请填写培育平台出具的数字化水平等级",
        )
    elif level == 0:
        outcome.fail("no_level", "平台出具的数字化水平评测结果为无等级")
    scenes = {key: data[key] for key, _label, _group in SCENES if data.get(key) is not None}
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="score",
        total=total,
        scores=scores,
        ratios={key: rate / HUNDRED for key, rate in data["rates"].items()},
        extra={
            "level": level,
            "level_name": LEVEL_NAMES[level] if level is not None else "需补充信息",
            "indicator_points": DIGITAL_TIERS.score(level) if level is not None else None,
            "dimensions": dimensions,
            "scenes": scenes,
            "platform_score": data.get("platform_score"),
            "industry": data["industry"],
            "level_rule": "unknown",
        },
    )


RULESET_2024 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2024, 9, 9),
    title="中小企业数字化水平评测",
    document="工信厅企业〔2024〕56号《中小企业数字化水平评测指标（2024年版）》",
    fields=FIELDS,
    evaluate=evaluate,
    prepare=prepare,
    notes=(
        "2024年版由问卷计算100分制得分；等级（一级至四级）以平台出具的结果为准（判定规则未公开）。",
        "生产性服务业、其他行业的2024年版评测表未公开，暂使用同一评测表。",
    ),
)
