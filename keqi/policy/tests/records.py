"""Base records (JSON-like input dicts) that qualify, and small helpers shared by the tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from keqi.policy import assess

D = Decimal

# 科技型中小企业: staff 30 % (20) + R&D 6 % of sales (50) + one class I IP (30) = 100.
TECH_SME = {
    "as_of": "2026-05-01",
    "employees": 100,
    "tech_staff": 30,
    "sales_revenue": "1000",
    "cost_total": "800",
    "total_assets": "5000",
    "rd_expense": "60",
    "ip_class1": 1,
    "ip_class2": 0,
}

# 创新型: IP class1 (10) + R&D 3 % (15) | growth 10 % (15) + debt 55 % (10) | field (10) + main share 60 % (15) = 75.
INNOVATIVE_SME = {
    "as_of": "2026-05-01",
    "ip_level": "class1",
    "rd_expense": "30",
    "operating_revenue": "1000",
    "main_revenue": "600",
    "main_revenue_y1": "545.4545",  # growth just above 10 %
    "total_liabilities": "550",
    "total_assets": "1000",
    "strategic_emerging": True,
}

# 专精特新 2022: passes all four conditions with 78 points (special 10).
SPECIALIZED_2022 = {
    "as_of": "2026-03-31",
    "niche_years": 4,
    "rd_expense_y1": "200",
    "rd_expense_y2": "300",
    "operating_revenue_y2": "5000",
    "main_revenue_y0": "3000",
    "main_revenue_y1": "3300",
    "main_revenue_y2": "3630",
    "field_level": "basic",
    "digital_level": 3,
    "quality_items": 1,
    "net_profit": "500",
    "total_liabilities": "2500",
    "total_assets": "5000",
    "special_score": 10,
    "ip_level": "class1_self",
    "rd_staff": 20,
    "employees": 100,
    "rd_institution_level": "provincial",
}

# 专精特新 2026: every condition holds.
SPECIALIZED_2026 = {
    "as_of": "2026-04-01",
    "tech_innovative_valid": True,
    "niche_years": 3,
    "operating_revenue_y1": "2000",
    "operating_revenue_y2": "2500",
    "main_revenue": "2100",
    "total_liabilities": "1000",
    "total_assets": "2000",
    "rd_expense_y1": "100",
    "rd_expense_y2": "100",
    "ip_class1_self": 1,
    "market_position_ok": True,
    "development_score": 50,
}

# 小巨人 2026: every condition holds (growth exactly 5 % compound).
LITTLE_GIANT_2026 = {
    "as_of": "2026-06-01",
    "specialized_valid": True,
    "niche_years": 3,
    "operating_revenue_y0": "10000",
    "operating_revenue_y1": "10500",
    "operating_revenue_y2": "11025",
    "main_revenue": "9922.5",
    "total_liabilities": "750",
    "total_assets": "1000",
    "rd_expense_y1": "600",
    "rd_expense_y2": "600",
    "ip_class1_self": 4,
    "market_share": "0.1",
    "key_field": True,
    "development_score": 60,
}

# 小巨人 2022: revenue band >= 1亿, every aspect holds.
LITTLE_GIANT_2022 = {
    "as_of": "2025-06-01",
    "specialized_valid": True,
    "niche_years": 3,
    "main_revenue_y0": "10000",
    "main_revenue_y1": "10500",
    "main_revenue_y2": "11025",
    "operating_revenue_y1": "12000",
    "operating_revenue_y2": "15000",
    "info_system": True,
    "certification": True,
    "total_liabilities": "700",
    "total_assets": "1000",
    "market_share": "0.1",
    "own_brand": True,
    "rd_expense_y1": "360",
    "rd_expense_y2": "450",
    "has_rd_institution": True,
    "ip_class1": 2,
    "key_chain_link": True,
    "key_field": True,
}

# 高新技术企业: all eight conditions hold with an expert score of 71.
HIGH_TECH = {
    "as_of": "2026-06-01",
    "established_date": "2024-06-01",
    "application_date": "2025-06-01",
    "owns_core_ip": True,
    "field_in_catalogue": True,
    "tech_staff": 10,
    "employees": 100,
    "rd_expense_3y": "600",
    "sales_3y": "12000",
    "latest_sales": "5000",
    "rd_domestic_3y": "360",
    "high_tech_income": "600",
    "total_income": "1000",
    "innovation_score": 71,
}

DIGITAL = {"as_of": "2024-06-01", "score": 60}  # the 2022 ruleset (2024 is in force from 2024-09-09)


def run(scheme: str, base: dict[str, Any], ruleset: str | None = None, **changes: Any) -> dict[str, Any]:
    """Assess ``base`` with ``changes`` applied (a change of None removes the key)."""
    data = dict(base)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return assess(scheme, data, ruleset, what_if=False)
