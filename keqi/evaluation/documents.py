"""Printed and downloadable documents: cover page and 入库审核表 as generated documents
(keqi.documents), XLSX templates, and the indicator table of the self-assessment as the seed
lays it out (S1.14)."""

import io
from decimal import Decimal

from django.utils import timezone

from keqi.documents import services as generated
from keqi.documents.registry import DocumentKind
from keqi.evaluation.declaration import EVALUATION_FORM, rd_totals, staff_text
from keqi.formkit.engine import bind, money2
from keqi.formkit.spec import Slot
from keqi.workflow.services import records_for

YES, NO = "符合", "不符合"
UNANSWERED = "请选择"


def _admission(answers: dict, key: str, code: str, unmet: set) -> str:
    """符合 / 不符合 from the result; 请选择 while the enterprise has not answered."""
    if answers.get(key) not in ("yes", "no"):
        return UNANSWERED
    return NO if code in unmet else YES


def _yes_no(value) -> str:
    return {"yes": "是", "no": "否"}.get(value, UNANSWERED)


def _pct(value) -> str:
    if value in (None, ""):
        return "—"
    return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.01'))}%"


def indicator_rows(evaluation) -> dict:
    """The 11 indicators in the seed's three tables, from the stored assessment."""
    result = evaluation.assessment or {}
    answers = evaluation.answers
    unmet = set(result.get("unmet") or [])
    scores = result.get("scores") or {}
    ratios = result.get("ratios") or {}
    counts = result.get("ip_counts") or {"class1": 0, "class2": 0}
    figures = result.get("figures") or {}
    basic = [
        ("指标1：注册地", "企业为在中国境内（不包括港、澳、台地区）注册的居民企业", NO if "resident" in unmet else YES),
        (
            "指标2：企业规模",
            "企业职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元",
            NO if "size" in unmet else YES,
        ),
        (
            "指标3：产品及服务范围",
            "企业提供的产品和服务不属于国家规定的禁止、限制和淘汰类",
            _admission(answers, "products_scope", "products", unmet),
        ),
        (
            "指标4：企业信用",
            "企业在填报上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，且企业未列入经营异常名录和严重违法失信企业名单",
            _admission(answers, "credit", "credit", unmet),
        ),
    ]
    direct = set(result.get("direct_conditions") or [])
    important = [
        ("指标5：高新技术企业", "企业拥有有效期内高新技术企业资格证书", "是" if "high_tech_valid" in direct else "否"),
        (
            "指标6：研发机构",
            "企业拥有经认定的省部级以上研发机构",
            "是" if "provincial_rd_institution" in direct else "否",
        ),
        (
            "指标7：科技奖励",
            "企业近五年内获得过国家级科技奖励，并在获奖单位中排在前三名",
            "是" if "national_award_top3_5y" in direct else "否",
        ),
        (
            "指标8：制定标准",
            "企业近五年内主导制定过国际标准、国家标准、或行业标准",
            "是" if "led_standard_5y" in direct else "否",
        ),
    ]
    other = [
        ("研发项目立项时是否设置研发支出辅助帐", _yes_no(answers.get("rd_ledger"))),
        (
            "企业办理上一年度所得税汇算清缴时是否统一享受研发费用加计扣除政策优惠?",
            _yes_no(answers.get("super_deduction")),
        ),
    ]
    scored = [
        (
            "指标9：科技人员（满分20分）",
            "上一会计年度企业科技人员占企业职工总数的比例",
            _pct(ratios.get("tech_staff")),
            scores.get("tech_staff"),
        ),
        (
            "指标10：研发投入（满分50分）(1)",
            "上一会计年度企业研发费用总额占销售收入总额的比例",
            _pct(ratios.get("rd_revenue")),
            scores.get("rd_revenue"),
        ),
        (
            "指标10：研发投入（满分50分）(2)",
            "上一会计年度企业研发费用总额占成本费用支出总额的比例",
            _pct(ratios.get("rd_cost")),
            scores.get("rd_cost"),
        ),
        (
            "指标11：科技成果（满分30分）",
            "企业拥有的在有效期内的与主要产品（或服务）相关的知识产权类别和数量",
            f"Ⅰ类知识产权{counts.get('class1', 0)} Ⅱ类知识产权{counts.get('class2', 0)}",
            scores.get("ip"),
        ),
    ]
    totals = rd_totals(answers)
    return {
        "basic": basic,
        "important": important,
        "other": other,
        "scored": scored,
        "ip_counts": counts,
        "figures": figures,
        "staff": f"{staff_text(answers, 'emp') or '—'} / {staff_text(answers, 'tech') or '—'}",
        "rd_actual": money2(totals["actual"]),
        "rd_counted": money2(totals["counted"]),
        "sales": money2(answers.get("sales_revenue")),
        "cost": money2(answers.get("cost_total")),
        "assets": money2(answers.get("total_assets")),
    }


def cover_context(evaluation) -> dict:
    return {
        "evaluation": evaluation,
        "profile": evaluation.profile,
        "answers": evaluation.answers,
        "table": indicator_rows(evaluation),
        "result": evaluation.assessment,
        "printed_at": timezone.localtime(),
    }


def audit_form_context(evaluation) -> dict:
    answers = evaluation.snapshot.get("answers") or evaluation.answers
    return {
        "evaluation": evaluation,
        "profile": evaluation.profile,
        "answers": answers,
        "table": indicator_rows(evaluation),
        "result": evaluation.assessment,
        "records": records_for(evaluation),
        "sections": bind(EVALUATION_FORM, answers),
        "printed_at": timezone.localtime(),
    }


# S1.15: the cover is signed by the legal representative, stamped and uploaded; any edit of the
# answers or the synced profile after the download voids the signed copy.
COVER = DocumentKind(
    key="evaluation.cover",
    title="科技型中小企业评价封面",
    template="evaluation/pdf/cover.html",
    context=cover_context,
    data=lambda evaluation: {"answers": evaluation.answers, "profile": evaluation.profile},
    signed=Slot(
        "cover", "封面扫描件（法定代表人签字并加盖企业公章）", types=("pdf", "image"), max_bytes=3 * 1024 * 1024
    ),
    filename=lambda evaluation: f"{evaluation.profile.get('name', '')}-科技型中小企业评价封面.pdf",
    label="封面文件",
    sign_by="由法定代表人签字并加盖企业公章",
    record_noun="评价信息",
)
AUDIT_FORM = DocumentKind(
    key="evaluation.audit_form",
    title="科技型中小企业入库审核表",
    template="evaluation/pdf/audit_form.html",
    context=audit_form_context,
    filename=lambda evaluation: f"{evaluation.serial}-入库审核表.pdf",
)
KINDS = (COVER, AUDIT_FORM)


def cover_pdf(evaluation, actor=None) -> bytes:
    return generated.generate(COVER, evaluation, actor=actor)[0]


def audit_form_pdf(evaluation, actor=None) -> bytes:
    return generated.generate(AUDIT_FORM, evaluation, actor=actor)[0]


def cover_status(evaluation) -> generated.Status:
    return generated.status(COVER, evaluation)


TEMPLATES = {
    "staff": (
        "企业上一会计年度职工人数统计表模板.xlsx",
        "企业职工人数统计表",
        ["序号", "姓名", "身份证号码", "学历", "是否科技人员", "入职日期", "离职日期", "备注"],
    ),
    "rd_ledger": (
        "研发支出辅助账汇总表.xlsx",
        "研发支出辅助账汇总表",
        [
            "序号",
            "项目名称",
            "项目编号",
            "研发形式",
            "人员人工费用",
            "直接投入费用",
            "折旧费用",
            "无形资产摊销",
            "新产品设计费等",
            "其他相关费用",
            "合计",
        ],
    ),
}


def template_xlsx(kind: str) -> tuple[bytes, str]:
    import xlsxwriter

    if kind not in TEMPLATES:
        from django.http import Http404

        raise Http404
    name, title, headers = TEMPLATES[kind]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "border": 1, "align": "center"})
    sheet.merge_range(0, 0, 0, len(headers) - 1, f"{title}（需加盖企业公章）", bold)
    for column, header in enumerate(headers):
        sheet.write(1, column, header, bold)
        sheet.set_column(column, column, 16)
    sheet.write(3 + 20, 0, "单位（盖章）：")
    book.close()
    return buffer.getvalue(), name
