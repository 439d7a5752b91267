"""自定义查询 (S2.9, seed 002 §5.5): enterprises in scope with the figures they reported for a year.

The figures come from the enterprise's tech-SME evaluation (科技型中小企业评价, the program series
`tech-sme` on the program host) once it has been submitted: 年份 is that evaluation's year. Without a year every enterprise in scope is listed
with its latest reported figures; with a year, only the enterprises that reported that year.
"""

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from keqi.core.masking import mask_mobile, may_see_personal_data
from keqi.core.scope import enterprise_q
from keqi.declarations.models import Figure, Submission
from keqi.enterprises.models import Enterprise
from keqi.enterprises.selectors import keyword_q, split_contact
from keqi.reference.sectors import sector_of

TECH_SME_SERIES = "tech-sme"
# Submitted and out of the enterprise's hands (not a draft, withdrawn or returned for correction).
REPORTED = ("review", "approved", "rejected")
# Figures a custom query can show: annotation name → the declaration's figure ("data_year": its year).
FIGURES = {
    "data_year": "",
    "main_revenue": "main_revenue",
    "sales_revenue": "sales_revenue",
    "rd_expense": "rd_expense",
    "total_score": "assessment_total",
}
THOUSAND_YUAN_PER_WAN = Decimal(10)


def reported(year: int | None) -> QuerySet[Submission]:
    rows = Submission.objects.filter(program__series=TECH_SME_SERIES, status__in=REPORTED)
    return rows.filter(program__year=year) if year else rows


def _figure(name: str, year: int | None) -> Subquery:
    """The figure of the year's (or the latest) reported evaluation of the outer enterprise."""
    if not FIGURES[name]:
        latest = reported(year).filter(enterprise=OuterRef("pk")).order_by("-program__year")
        return Subquery(latest.values("program__year")[:1])
    figures = Figure.objects.filter(
        key=FIGURES[name],
        submission__enterprise=OuterRef("pk"),
        submission__program__series=TECH_SME_SERIES,
        submission__status__in=REPORTED,
    )
    if year:
        figures = figures.filter(submission__program__year=year)
    return Subquery(figures.order_by("-submission__program__year").values("number")[:1])


def custom_query(user, *, keyword: str = "", year: int | None = None, figures=("data_year", "main_revenue")):
    """Enterprises in the user's scope matching the keyword, annotated with the chosen figures
    of the year's (or the latest) reported evaluation."""
    queryset = Enterprise.objects.filter(enterprise_q(user)).filter(keyword_q(keyword))
    if year:
        queryset = queryset.filter(pk__in=reported(year).values("enterprise_id"))
    return queryset.annotate(**{name: _figure(name, year) for name in figures}).order_by("id")


def in_thousand_yuan(amount: Decimal | None) -> Decimal | None:
    """万元 → 千元, exact (the seed's list shows revenue in 千元)."""
    return None if amount is None else amount * THOUSAND_YUAN_PER_WAN


def page_rows(user, page) -> list[dict]:
    """The seed's columns for one page of the custom query (page and API alike): 三次产业,
    the primary contact with the mobile masked unless the user may see personal data, and
    revenue in 千元."""
    show_personal = may_see_personal_data(user)
    rows = []
    for number, enterprise in enumerate(page, start=page.start_index()):
        contact, mobile = split_contact(enterprise.contact_pair)
        rows.append(
            {
                "number": number,
                "enterprise": enterprise,
                "sector": sector_of(enterprise.industry_code),
                "contact": contact,
                "mobile": mobile if show_personal else mask_mobile(mobile),
                "main_revenue": in_thousand_yuan(enterprise.main_revenue),
            }
        )
    return rows
