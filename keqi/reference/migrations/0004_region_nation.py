"""全国 (部级) as a region: the ministry's officers' scope and national programs' host (issue 15)."""

from django.db import migrations, models

from keqi.reference import loaders


def add_nation(apps, schema_editor):
    Region = apps.get_model("reference", "Region")
    if Region.objects.exists():
        loaders.ensure_nation(Region)


def remove_nation(apps, schema_editor):
    apps.get_model("reference", "Region").objects.filter(code=loaders.NATION_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_voucher_types")]
    operations = [
        migrations.AlterField(
            model_name="region",
            name="level",
            field=models.CharField(
                choices=[("country", "部级"), ("province", "省级"), ("city", "市级"), ("county", "区县"), ("zone", "园区")],
                max_length=16,
                verbose_name="级别",
            ),
        ),
        migrations.RunPython(add_nation, remove_nation),
    ]
