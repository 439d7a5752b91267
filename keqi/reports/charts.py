"""全市概况图 (seed 002 §5.4, S2.8): the numbers behind the two charts, from the same selectors as
区县入库企业情况统计表 so a chart never disagrees with the table.

- 区县科技型企业数据统计图: per district, 注册企业数 / 入库科企数 / 年报科企数 of the year;
- 两江新区、国家级高新区和经开区、市级高新区科技型企业数量统计图: per zone (两江新区 and the
  zones in reference data), the enterprises located there (registered in or by zone) that are
  入库, and those whose report of the year passed.
Both read the per-district tallies kept per process (keqi.reports.tallies, ADR 0026)."""

from django.db.models import Q

from keqi.reference.models import Region
from keqi.reports import tallies
from keqi.reports.statistics import base_region, enterprise_table

LIANGJIANG = "500157"
DISTRICT_SERIES = (("注册企业数", 3), ("入库科企数", 4), ("年报科企数", 5))


def with_rows(chart: dict) -> dict:
    """The same numbers as table rows (the chart's table view for screen readers)."""
    columns = [s["data"] for s in chart["series"]]
    return {**chart, "rows": [[label, *[c[i] for c in columns]] for i, label in enumerate(chart["labels"])]}


def district_chart(user, year: int | None) -> dict:
    table = enterprise_table(user, year)
    return {
        "title": f"区县科技型企业数据统计图（{year or '—'}年）",
        "unit": "家",
        "labels": [row[1] for row in table.rows],
        "series": [{"name": name, "data": [row[index] for row in table.rows]} for name, index in DISTRICT_SERIES],
    }


def zones(base: Region) -> list[Region]:
    """The zones under the officer's region: 两江新区 and the 园区 of the reference data."""
    found = Region.objects.filter(Q(level=Region.Level.ZONE) | Q(code=LIANGJIANG), path__startswith=base.path)
    return list(found.order_by("code"))


def zone_chart(user, year: int | None) -> dict:
    base = base_region(user)
    title = f"两江新区、国家级高新区和经开区、市级高新区科技型企业数量统计图（{year or '—'}年）"
    if base is None:
        return {"title": title, "unit": "家", "labels": [], "series": []}
    labels, stored, reported = [], [], []
    in_scope = set(Region.objects.filter(path__startswith=base.path).values_list("pk", flat=True))
    people, reports = tallies.enterprises(), tallies.for_year(year)
    for zone in zones(base):
        labels.append(zone.name)
        stored.append(people.stored_at(zone.pk, in_scope))
        reported.append(reports.reported_at(zone, in_scope))
    return {
        "title": title,
        "unit": "家",
        "labels": labels,
        "series": [{"name": "入库科企数", "data": stored}, {"name": "年报科企数", "data": reported}],
    }
