"""The 科技型中小企业信息表 (seed 001, S1.4–S1.13) declared once for the form engine."""

from decimal import ROUND_HALF_UP, Decimal

from keqi.core.identifiers import mobile_error, resident_id_error
from keqi.formkit.engine import dec, plain
from keqi.formkit.spec import (
    CHOICE,
    DATE,
    INTEGER,
    MONEY,
    TEXT,
    TEXTAREA,
    YESNO,
    Computed,
    Field,
    Form,
    Section,
    Slot,
    Table,
)
from keqi.policy import RD_FORM_SHARES, annual_average, counted_rd

FORM_KEY = "tech_sme_evaluation"
FORM_VERSION = "2017.1"

ID_TYPES = (("id_card", "居民身份证"), ("passport", "普通护照"), ("other", "其他"))
CONFORMS = (("yes", "符合"), ("no", "不符合"))
RD_FORMS = (
    ("self", "自主研发"),
    ("cooperative", "合作研发"),
    ("centralized", "集中研发"),
    ("commissioned_domestic", "委托境内研发"),
    ("commissioned_overseas", "委托境外研发"),
)
PROJECT_STATES = (("done", "已完成"), ("ongoing", "未完成"))
ACQUISITION = (("self", "自主研发"), ("transfer", "受让"), ("gift", "受赠"), ("merger", "并购"), ("other", "其他"))
STANDARD_LEVELS = (("international", "国际标准"), ("national", "国家标准"), ("industry", "行业标准"))
INSTITUTION_LEVELS = (("national", "国家级"), ("provincial", "省部级"))
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
EDUCATION = (
    ("edu_doctor", "博士"),
    ("edu_master", "硕士"),
    ("edu_bachelor", "本科"),
    ("edu_college", "大专"),
    ("edu_other", "大专以下"),
)


def ip_type_choices():
    from keqi.reference.models import IPType

    return tuple((t.code, t.name) for t in IPType.objects.exclude(ip_class=None).order_by("sort_order", "id"))


def ip_classes() -> dict[str, int]:
    from keqi.reference.models import IPType

    return dict(IPType.objects.exclude(ip_class=None).values_list("code", "ip_class"))


def _phone_error(value, answers):
    text = str(value)
    if mobile_error(text) is None:
        return None
    import re

    if re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", text):
        return None
    return "请填写11位手机号码或带区号的固定电话（如010-12345678）"


def _id_number_error(value, answers):
    kind = answers.get("contact_id_type")
    if kind == "id_card":
        return resident_id_error(value)
    if kind == "passport":
        import re

        if not re.fullmatch(r"[A-Za-z0-9]{5,17}", str(value)):
            return "护照号码应为5至17位字母或数字"
    return None


def _rd_row(row: dict) -> dict:
    amount = dec(row.get("amount"))
    share = RD_FORM_SHARES.get(row.get("form") or "", Decimal(1))
    return {"counted": None if amount is None else str((amount * share).quantize(Decimal("0.0001")))}


def _hr_row(row: dict) -> dict[str, str]:
    errors = {}
    for start, end, total_start, total_end in (("tech_start", "tech_end", "emp_start", "emp_end"),):
        for tech, total in ((start, total_start), (end, total_end)):
            if row.get(tech) is not None and row.get(total) is not None and row[tech] > row[total]:
                errors[tech] = "科技人员数不能大于同期职工人数"
    return errors


def rd_projects(answers: dict) -> list[dict]:
    return [
        {"form": row["form"], "amount": row["amount"]}
        for row in answers.get("rd_projects") or []
        if row.get("form") and row.get("amount") is not None
    ]


def rd_totals(answers: dict) -> dict:
    actual = sum((dec(row.get("amount")) or Decimal(0) for row in answers.get("rd_projects") or []), Decimal(0))
    count = counted_rd([{"form": p["form"], "amount": Decimal(p["amount"])} for p in rd_projects(answers)])
    return {"actual": actual, "counted": count.total, "capped": count.capped}


def staff_quarters(answers: dict, prefix: str) -> list[list[int]] | None:
    rows = answers.get("hr_quarters") or []
    pairs = [[row.get(f"{prefix}_start"), row.get(f"{prefix}_end")] for row in rows]
    if len(pairs) != 4 or any(value is None for pair in pairs for value in pair):
        return None
    return pairs


def staff_average(answers: dict, prefix: str) -> Decimal | None:
    pairs = staff_quarters(answers, prefix)
    if pairs is None:
        return None
    return annual_average([[Decimal(a), Decimal(b)] for a, b in pairs])


def staff_headcount(answers: dict, prefix: str) -> int | None:
    """The staff total in whole persons: the full-year average rounded half up, once, here.
    The education sum is checked against it and every page shows it (85.5 → 86)."""
    average = staff_average(answers, prefix)
    if average is None:
        return None
    return int(average.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def staff_text(answers: dict, prefix: str) -> str | None:
    """ "86人" or, when the average is not whole, "86人（全年季平均数85.5人，四舍五入）"."""
    average = staff_average(answers, prefix)
    if average is None:
        return None
    whole = staff_headcount(answers, prefix)
    if average == whole:
        return f"{whole}人"
    return f"{whole}人（全年季平均数{plain(average)}人，四舍五入）"


def ip_counts(answers: dict) -> dict:
    classes = ip_classes()
    counts = {"class1": 0, "class2": 0, "by_type": {}}
    for row in answers.get("ip_rows") or []:
        code = row.get("ip_type")
        if not code:
            continue
        counts["by_type"][code] = counts["by_type"].get(code, 0) + 1
        if classes.get(code) == 1:
            counts["class1"] += 1
        elif classes.get(code) == 2:
            counts["class2"] += 1
    return counts


def ip_by_type_text(answers: dict) -> str:
    names = dict(ip_type_choices())
    counts = ip_counts(answers)["by_type"]
    return "；".join(f"{names.get(code, code)} {count}" for code, count in counts.items()) or "—"


def _education_check(answers: dict) -> dict[str, str]:
    values = [answers.get(key) for key, _label in EDUCATION]
    total = staff_headcount(answers, "emp")
    if total is None or any(value is None for value in values):
        return {}
    if sum(values) != total:
        return {
            "edu_doctor": f"各学历人数之和（{sum(values)}人）应等于企业职工总数{staff_text(answers, 'emp')}",
        }
    return {}


def _finance_check(answers: dict) -> dict[str, str]:
    errors = {}
    sales, main = dec(answers.get("sales_revenue")), dec(answers.get("main_revenue"))
    if sales is not None and main is not None and main > sales:
        errors["main_revenue"] = "主营业务收入不能大于销售收入总额"
    assets, net = dec(answers.get("total_assets")), dec(answers.get("net_assets"))
    if assets is not None and net is not None and net > assets:
        errors["net_assets"] = "净资产不能大于资产总额"
    return errors


FINANCING_FIELDS = (
    "invention_applications",
    "pct_applications",
    "tech_contract_amount",
    "high_tech_income",
    "operating_revenue",
    "net_profit",
    "owner_equity",
    "platforms_2y",
    "awards_2y",
    "projects_2y",
    "vc_amount",
    "equity_need",
    "equity_amount",
    "loan_need",
    "loan_amount",
    "first_loan",
)


def _finalize(answers: dict) -> dict:
    """A "否" on financing needs clears the block; a "否" on a need clears its amount."""
    if answers.get("wants_financing") != "yes":
        for key in FINANCING_FIELDS:
            answers[key] = None
    if answers.get("equity_need") != "yes":
        answers["equity_amount"] = None
    if answers.get("loan_need") != "yes":
        answers["loan_amount"] = None
    return answers


def _money(key, label, **kwargs):
    return Field(key, label, MONEY, **kwargs)


def _fin(key, label, kind=INTEGER, **kwargs):
    return Field(key, label, kind, required=False, required_if=("wants_financing", "yes"), **kwargs)


IMAGE_OR_PDF_1M = {"types": ("image", "pdf"), "max_bytes": 1024 * 1024}
EVIDENCE = {"types": ("pdf",), "max_bytes": 3 * 1024 * 1024, "help": "请上传PDF文件，单个文件大小在3M以内。"}

EVALUATION_FORM = Form(
    key=FORM_KEY,
    version=FORM_VERSION,
    title="科技型中小企业信息表",
    finalize=_finalize,
    cross_checks=(_education_check, _finance_check),
    sections=(
        Section(
            "contact",
            "企业联系人",
            help="此处可修改联系人姓名及联系人电话，建议留存办理该项业务的联系人信息。",
            fields=(
                Field("contact_name", "联系人姓名", TEXT, max_length=50, placeholder="请填写联系人姓名"),
                Field(
                    "contact_phone",
                    "联系人电话",
                    TEXT,
                    max_length=20,
                    validator=_phone_error,
                    placeholder="请填写联系人电话",
                ),
                Field("contact_id_type", "联系人证件类型", CHOICE, choices=ID_TYPES),
                Field(
                    "contact_id_number",
                    "联系人证件号码",
                    TEXT,
                    max_length=30,
                    validator=_id_number_error,
                    placeholder="请填写联系人证件号码",
                ),
            ),
        ),
        Section(
            "admission",
            "基本准入条件判定",
            fields=(
                Field(
                    "products_scope",
                    "产品及服务范围",
                    CHOICE,
                    choices=CONFORMS,
                    help="企业提供的产品和服务不属于国家规定的禁止、限制和淘汰类",
                ),
                Field(
                    "credit",
                    "企业信用",
                    CHOICE,
                    choices=CONFORMS,
                    help="企业在填报上一年及当年内未发生重大安全、重大质量事故和严重违法、科研严重失信行为、且企业未列入经营异常名录和严重违法失信企业名单",
                ),
                Field("high_tech", "高新技术企业", YESNO, readonly=True, help="企业拥有有效期内高新技术企业资格证书"),
            ),
        ),
        Section(
            "other_conditions",
            "其他重要条件判定",
            fields=(
                Field("rd_ledger", "研发项目立项时是否设置研发支出辅助帐", YESNO),
                Field(
                    "super_deduction", "企业办理上一年度所得税汇算清缴时是否统一享受研发费用加计扣除政策优惠?", YESNO
                ),
            ),
        ),
        Section(
            "rd",
            "企业研发项目",
            help=(
                "1. 研发形式包括：自主研发、合作研发、集中研发、委托境内、委托境外研发。"
                "2. 企业委托境内或境外外部机构或个人的研发项目，按实际发生费用额的80%计入研发费用总额。"
                "3. 企业委托境外机构或个人的研发项目，按实际发生费用额的80%计入企业研发费用总额，不超过境内符合条件的研发费用的三分之二。"
                "4. 项目实施状态是指：已完成、未完成。"
                "5. 按照财政部 国家税务总局 科技部《关于完善研究开发费用税前加计扣除政策的通知》（财税【2015】119号）填报。"
            ),
            tables=(
                Table(
                    "rd_projects",
                    "企业研发项目",
                    columns=(
                        Field("name", "项目名称", TEXT, max_length=100),
                        Field("number", "项目编号", TEXT, max_length=50),
                        Field("form", "研发形式", CHOICE, choices=RD_FORMS),
                        Field("status", "项目实施状态", CHOICE, choices=PROJECT_STATES),
                        _money("amount", "当年实际发生费用额（万元）"),
                        _money("counted", "当前实际归集研发费用额（万元）", readonly=True, required=False),
                    ),
                    max_rows=100,
                    row_compute=_rd_row,
                ),
            ),
            computed=(
                Computed("rd_actual_total", "实际发生费用额合计", lambda a: rd_totals(a)["actual"], "万元"),
                Computed("rd_counted_total", "研发费用总额（计入）", lambda a: rd_totals(a)["counted"], "万元"),
            ),
        ),
        Section(
            "finance",
            "上一年度企业数据（单位：万元）",
            help="说明：上一年度企业数据中所有数据项的单位均为 万元 ，请认真核对！",
            fields=(
                _money("total_assets", "资产总额"),
                _money("net_assets", "其中：净资产", allow_negative=True),
                _money("sales_revenue", "销售收入总额"),
                _money("main_revenue", "其中：主营业务收入"),
                _money("total_profit", "利润总额", allow_negative=True),
                _money("tax_total", "纳税总额"),
                _money("cost_total", "成本费用总额"),
            ),
            computed=(
                Computed(
                    "rd_expense", "研发费用总额（根据企业研发项目自动计算）", lambda a: rd_totals(a)["counted"], "万元"
                ),
            ),
        ),
        Section(
            "hr",
            "上一年度企业人力资源情况表",
            help="注：企业职工总数、科技人员数均按照全年季平均数计算。季平均数=（季初数+季末数）/2，全年季平均数=全年各季平均数之和/4。人员结构中，各学历人数相加应等于企业职工总数。",
            tables=(
                Table(
                    "hr_quarters",
                    "季度人员情况",
                    columns=(
                        Field("emp_start", "职工人数（季初）", INTEGER),
                        Field("emp_end", "职工人数（季末）", INTEGER),
                        Field("tech_start", "科技人员数（季初）", INTEGER),
                        Field("tech_end", "科技人员数（季末）", INTEGER),
                    ),
                    min_rows=4,
                    max_rows=4,
                    fixed_rows=QUARTERS,
                    row_validator=_hr_row,
                ),
            ),
            fields=tuple(Field(key, f"{label}（人）", INTEGER) for key, label in EDUCATION),
            computed=(
                Computed("employees", "企业职工总数（全年季平均数）", lambda a: staff_text(a, "emp")),
                Computed("tech_staff", "科技人员数（全年季平均数）", lambda a: staff_text(a, "tech")),
            ),
        ),
        Section(
            "products",
            "上年度企业主要产品情况表",
            help="企业主要产品至少填写1条，最多填写3条。",
            tables=(
                Table(
                    "products",
                    "主要产品",
                    columns=(
                        Field("name", "产品（服务）名称", TEXT, max_length=100),
                        Field("tech_field", "技术领域", TEXT, max_length=60),
                        _money("revenue", "上年度销售收入（万元）"),
                        Field("description", "主要技术说明", TEXTAREA, max_length=500, required=False),
                    ),
                    min_rows=1,
                    max_rows=3,
                ),
            ),
        ),
        Section(
            "ip",
            "企业知识产权情况表",
            help=(
                "1.请点击右侧【获取知识产权信息】按钮获取企业知识产权。"
                "2.如获取不到当前企业所有的知识产权，请点击【新增知识产权】进行手动操作。"
                "3.知识产权附件上传要求类型为图片或PDF，附件大小在1M以内。"
                "4.通过系统获取的知识产权信息，无需上传证明文件。"
            ),
            template="evaluation/sections/ip.html",
            tables=(
                Table(
                    "ip_rows",
                    "知识产权",
                    columns=(
                        Field("name", "知识产权名称", TEXT, max_length=200),
                        Field("ip_type", "种类", CHOICE, choices=ip_type_choices),
                        Field("granted_on", "授权日期", DATE),
                        Field("acquisition", "获得方式", CHOICE, choices=ACQUISITION),
                        Field("number", "专利申请号", TEXT, max_length=64),
                    ),
                    max_rows=500,
                    readonly_columns=("name", "ip_type", "granted_on", "acquisition", "number"),
                    row_slot=Slot("ip_certificate", "知识产权证明文件", **IMAGE_OR_PDF_1M),
                    row_slot_required=lambda row: row.get("_source") != "register",
                    add_label="新增知识产权",
                ),
            ),
            computed=(
                Computed("ip_class1", "I类知识产权数量（件）", lambda a: ip_counts(a)["class1"]),
                Computed("ip_class2", "II类知识产权数量（件）", lambda a: ip_counts(a)["class2"]),
                Computed("ip_by_type", "按种类", lambda a: ip_by_type_text(a)),
            ),
        ),
        Section(
            "standards",
            "企业参与国际或国家或行业标准制定情况表",
            optional=True,
            help="此部分内容参评科技型中小企业直通车方式之一，由企业选填。标准附件上传要求类型为图片或PDF，附件大小在1M以内。",
            tables=(
                Table(
                    "standards",
                    "标准",
                    columns=(
                        Field("level", "标准级别", CHOICE, choices=STANDARD_LEVELS),
                        Field("identifier", "标准标识", TEXT, max_length=30),
                        Field("name", "标准名称", TEXT, max_length=200),
                        Field("number", "标准编号", TEXT, max_length=60),
                        Field("rank", "起草单位中排名", INTEGER, min_value=1),
                    ),
                    max_rows=50,
                    row_slot=Slot("standard_proof", "标准证明文件", **IMAGE_OR_PDF_1M),
                    add_label="新增标准",
                ),
            ),
        ),
        Section(
            "institutions",
            "企业拥有国家或省部级研发机构情况表",
            optional=True,
            help="此部分内容参评科技型中小企业直通车方式之一，由企业选填。研发机构附件上传要求文件类型为图片或PDF，附件大小在1M以内。",
            tables=(
                Table(
                    "institutions",
                    "研发机构",
                    columns=(
                        Field("name", "研发机构名称", TEXT, max_length=200),
                        Field("level", "研发机构级别", CHOICE, choices=INSTITUTION_LEVELS),
                    ),
                    max_rows=20,
                    row_slot=Slot("institution_proof", "研发机构证明文件", **IMAGE_OR_PDF_1M),
                    add_label="新增研发机构",
                ),
            ),
        ),
        Section(
            "awards",
            "企业近五年内获得国家级科技奖励情况表",
            optional=True,
            template="evaluation/sections/awards.html",
            help="企业获得国家级科技奖励情况由系统自动获取，无需企业添加。",
        ),
        Section(
            "evidence",
            "佐证材料",
            template="evaluation/sections/evidence.html",
            help="相关佐证材料文件格式均要求为PDF文件，并加盖企业公章。",
            slots=(
                Slot("staff_table", "《企业职工人数统计表（注明科技人员数）》", **EVIDENCE),
                Slot("balance_sheet", "资产负债表", **EVIDENCE),
                Slot("income_statement", "损益表（利润表）", **EVIDENCE),
                Slot(
                    "tax_a107012",
                    "中华人民共和国企业所得税年度纳税申报表（A类A107012）（或研发项目辅助账）",
                    **EVIDENCE,
                ),
                Slot("other_evidence", "其他证明材料", required=False, max_count=5, **EVIDENCE),
            ),
        ),
        Section(
            "other",
            "其他",
            optional=True,
            fields=(
                Field("other_info", "其他需要说明的情况", TEXTAREA, required=False, max_length=2000, placeholder=""),
            ),
        ),
        Section(
            "financing",
            "融资需求情况",
            help="以下内容为企业自愿填写，不作为科技型中小企业评价依据。勾选以下内容企业，视为同意工业和信息化部火炬中心向国家产融合作平台、合作银行和创投等金融机构推荐企业融资需求。选择“是”时，以下信息为必填信息。",
            fields=(
                Field("wants_financing", "是否勾选", YESNO),
                _fin("invention_applications", "与主营业务相关的发明专利申请量（件）"),
                _fin("pct_applications", "与主营业务相关的PCT专利申请量（件）"),
                _fin("tech_contract_amount", "企业技术合同成交额（万元）", MONEY),
                _fin("high_tech_income", "高新技术产品收入（万元）", MONEY),
                _fin("operating_revenue", "营业收入（万元）", MONEY),
                _fin("net_profit", "净利润（万元）", MONEY, allow_negative=True),
                _fin("owner_equity", "年末所有者权益（股东权益）（万元）", MONEY, allow_negative=True),
                _fin("platforms_2y", "近两年承担建设省级及以上研发或创新平台数量（项）"),
                _fin("awards_2y", "近两年获得省级及以上科技奖励数量（项）"),
                _fin("projects_2y", "近两年承担省级及以上科技计划项目数量（项）"),
                _fin("vc_amount", "获得风险投资金额（万元）", MONEY),
                _fin("equity_need", "企业当前是否有股权融资需求", YESNO),
                Field(
                    "equity_amount",
                    "股权融资需求金额（万元）",
                    MONEY,
                    required=False,
                    required_if=("equity_need", "yes"),
                ),
                _fin("loan_need", "企业当前是否有银行贷款需求", YESNO),
                Field("loan_amount", "贷款需求金额（万元）", MONEY, required=False, required_if=("loan_need", "yes")),
                _fin("first_loan", "企业当前是否为首贷户", YESNO),
            ),
        ),
    ),
)
