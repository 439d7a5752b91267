"""Enterprises registered under a retired GB/T 2260 code (渝北区 500112, 江北区 500105 → 两江新区
500157) were placed in the city, which the profile's 注册地 select cannot show: move each to
its one successor (issue 10). Enterprises with several successors choose in their profile."""

from django.db import migrations

from keqi.reference import loaders


def move(apps, schema_editor):
    Enterprise = apps.get_model("enterprises", "Enterprise")
    Region = apps.get_model("reference", "Region")
    successors = {
        row["code"]: row["successors"].split()
        for row in loaders.read_csv("retired_regions.csv")
        if len(row["successors"].split()) == 1
    }
    regions = {r.code: r for r in Region.objects.filter(code__in=[s[0] for s in successors.values()])}
    stranded = Enterprise.objects.filter(region__level__in=["city", "province"]).only("uscc", "region")
    for enterprise in stranded.iterator():
        target = regions.get((successors.get(enterprise.uscc[2:8]) or [""])[0])
        if target is not None:
            Enterprise.objects.filter(pk=enterprise.pk).update(region=target, region_path=target.path)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0006_contact_primary_index"), ("reference", "0002_load_reference_data")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
