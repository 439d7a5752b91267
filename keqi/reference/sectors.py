"""三次产业 (primary / secondary / tertiary sector) of a GB/T 4754-2017 industry class.

国家统计局《三次产业划分规定》(2012, amended 2018 for GB/T 4754-2017): 第一产业 is agriculture,
forestry, animal husbandry and fishery (divisions 01–04, not 05 专业及辅助性活动); 第二产业 is
mining (06–12, not 11 开采专业及辅助性活动), manufacturing (13–43, not 43 修理业), utilities
(44–46) and construction (47–50); everything else is 第三产业 (services).
"""

PRIMARY = "第一产业"
SECONDARY = "第二产业"
TERTIARY = "第三产业"
SERVICE_DIVISIONS = {5, 11, 43}  # the agricultural, mining and repair service divisions


def sector_of(industry_code: str) -> str | None:
    """The sector of a 2-, 3- or 4-digit industry code; None for an empty or section-only code."""
    if len(industry_code) < 2 or not industry_code[:2].isdigit():
        return None
    division = int(industry_code[:2])
    if division in SERVICE_DIVISIONS:
        return TERTIARY
    if division <= 4:
        return PRIMARY
    if division <= 50:
        return SECONDARY
    return TERTIARY
