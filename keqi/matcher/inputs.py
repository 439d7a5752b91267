"""Each scheme's input built from the facts (X1): only what the platform knows is passed, and
every input taken from a fact is named, so the page can say which facts were used. What is not
known stays out, and the scheme's answer for it is "needs information"."""

from datetime import date

from keqi.matcher.facts import Facts


class Built(dict):
    """A scheme input that remembers the facts it came from."""

    def __init__(self):
        super().__init__()
        self.used: list[str] = []

    def put(self, key: str, value, fact_key: str) -> None:
        if value is not None:
            self[key] = value
            self.used.append(fact_key)


def _year_figures(facts: Facts, built: Built, mapping: dict[str, tuple[int, str]]) -> None:
    """``mapping``: scheme input → (years back from the latest data year, figure key)."""
    latest = facts.latest_year()
    if latest is None:
        return
    for name, (back, key) in mapping.items():
        year = latest - back
        built.put(name, facts.figure(year, key), f"{key}@{year}")


def _holds(built: Built, facts: Facts, name: str, kind: str) -> None:
    """True when the platform records a valid `kind` qualification; otherwise left out (unknown)."""
    built.put(name, True if facts.holds(kind) else None, f"holds_{kind}")


def tech_sme(facts: Facts) -> Built:
    built = Built()
    _year_figures(
        facts,
        built,
        {
            "employees": (0, "employees"),
            "tech_staff": (0, "tech_staff"),
            "sales_revenue": (0, "sales_revenue"),
            "total_assets": (0, "total_assets"),
            "rd_expense": (0, "rd_expense"),
        },
    )
    if "sales_revenue" not in built:
        latest = facts.latest_year()
        if latest is not None:
            built.put("sales_revenue", facts.figure(latest, "operating_revenue"), f"operating_revenue@{latest}")
    built.put("cost_total", facts.get("tech_sme_cost_total"), "tech_sme_cost_total")
    _holds(built, facts, "high_tech_valid", "high_tech")
    return built


def innovative_sme(facts: Facts) -> Built:
    built = Built()
    _year_figures(
        facts,
        built,
        {
            "rd_expense": (0, "rd_expense"),
            "operating_revenue": (0, "operating_revenue"),
            "main_revenue": (0, "main_revenue"),
            "main_revenue_y1": (1, "main_revenue"),
            "total_liabilities": (0, "total_liabilities"),
            "total_assets": (0, "total_assets"),
        },
    )
    return built


# What 专精特新 and 小巨人 read after their revenue years: size, debt and two years of R&D.
SIZE_AND_RD = {
    "main_revenue": (0, "main_revenue"),
    "total_liabilities": (0, "total_liabilities"),
    "total_assets": (0, "total_assets"),
    "rd_expense_y1": (1, "rd_expense"),
    "rd_expense_y2": (0, "rd_expense"),
}


def _tier(facts: Facts, revenue_years: int, title_input: str, title_kind: str) -> Built:
    """A tier scheme's input: operating revenue over `revenue_years` years (…_y2 the latest), the
    shared figures, and whether the tier below is held."""
    built = Built()
    revenue = {f"operating_revenue_y{2 - back}": (back, "operating_revenue") for back in reversed(range(revenue_years))}
    _year_figures(facts, built, {**revenue, **SIZE_AND_RD})
    _holds(built, facts, title_input, title_kind)
    return built


def specialized_sme(facts: Facts) -> Built:
    return _tier(facts, 2, "tech_innovative_valid", "innovative_sme")


def little_giant(facts: Facts) -> Built:
    return _tier(facts, 3, "specialized_valid", "specialized_sme")


def high_tech(facts: Facts) -> Built:
    built = Built()
    built.put("established_date", facts.get("established_date"), "established_date")
    _year_figures(
        facts,
        built,
        {
            "employees": (0, "employees"),
            "tech_staff": (0, "tech_staff"),
            "latest_sales": (0, "operating_revenue"),
            "total_income": (0, "operating_revenue"),
            "high_tech_income": (0, "high_tech_income"),
        },
    )
    latest = facts.latest_year()
    if latest is not None:
        rd = [facts.figure(latest - back, "rd_expense") for back in range(3)]
        sales = [facts.figure(latest - back, "operating_revenue") for back in range(3)]
        if None not in rd:
            built.put("rd_expense_3y", sum(rd), f"rd_expense@{latest}")
        if None not in sales:
            built.put("sales_3y", sum(sales), f"operating_revenue@{latest}")
    return built


# 石柱县科技创新奖补 from the platform's records (the enterprise's own declaration wins when it has one).
HIGH_TECH_PERIOD = (date(2023, 8, 1), date(2024, 3, 31))
IP_PERIOD = (date(2023, 1, 1), date(2024, 3, 31))


def shizhu_subsidy(facts: Facts, category: str) -> Built:
    built = Built()
    built["category"] = category
    records = facts.of_kind("high_tech")
    dated = [q for q in records if q.issued_on]
    if dated:
        latest = dated[-1]
        built.put("high_tech_date", latest.issued_on, "holds_high_tech")
        # The platform's first record of the kind is taken as the first recognition; later
        # records as consecutive reviews (shown as facts, so the enterprise can correct them).
        built.put("high_tech_kind", "first" if len(dated) == 1 else "review", "holds_high_tech")
        if len(dated) > 1:
            built.put("high_tech_reviews", len(dated) - 1, "holds_high_tech")
    tech = [q for q in facts.of_kind("tech_sme") if q.issued_on]
    if tech:
        built.put("tech_first_entry_date", tech[0].issued_on, "holds_tech_sme")
    titles = []
    for kind, title, level in (
        ("specialized_sme", "specialized", "municipal"),
        ("little_giant", "little_giant", "national"),
    ):
        first = [q for q in facts.of_kind(kind) if q.issued_on]
        if first:
            titles.append({"title": title, "level": level, "date": first[0].issued_on, "first_time": True})
    if titles:
        built.put("titles", titles, "holds_specialized_sme")
    if facts.get("above_scale") is not None:
        built.put("above_scale_manufacturer", facts.get("above_scale"), "above_scale")
    any_title = any(facts.holds(kind) for kind in ("specialized_sme", "little_giant", "high_tech"))
    built.put("specialized_or_high_tech", True if any_title else None, "holds_high_tech")
    scale_or_tech = facts.get("above_scale") or facts.holds("high_tech")
    built.put("high_tech_or_above_scale", True if scale_or_tech else None, "above_scale")
    for year in (2023, 2022):
        built.put(f"rd_expense_{year}", facts.figure(year, "rd_expense"), f"rd_expense@{year}")
    patents = facts.get("invention_patents")
    if patents is not None:
        start, end = IP_PERIOD
        built.put("invention_patents_granted", sum(1 for day in patents if start <= day <= end), "invention_patents")
        # Maintained over 5 years by the window's end, counted from the grant date (the register
        # has no filing date): an approximation the page shows as the fact's source.
        maintained = sum(1 for day in patents if _years_after(day, 5) <= end)
        built.put("invention_patents_maintained", maintained, "invention_patents")
    return built


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


SCHEMES = {
    "tech_sme": tech_sme,
    "innovative_sme": innovative_sme,
    "specialized_sme": specialized_sme,
    "little_giant": little_giant,
    "high_tech": high_tech,
}
