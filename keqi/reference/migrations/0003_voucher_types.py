"""科技创新券类型 (issue 12 item 3, S2.6) as an editable dictionary: the types were not found in any
source (NEXT-WAVE-RULES §1.6), so these are assumptions administrators change in 数据字典."""

from django.db import migrations

from keqi.reference import loaders


def load(apps, schema_editor):
    entry = apps.get_model("reference", "DictionaryEntry")
    rows = loaders.read_csv("dictionaries.csv")
    for index, row in enumerate(rows):
        if row["category"] == "voucher_type":
            entry.objects.get_or_create(
                category=row["category"], code=row["code"], defaults={"label": row["label"], "sort_order": index}
            )


def unload(apps, schema_editor):
    apps.get_model("reference", "DictionaryEntry").objects.filter(category="voucher_type").delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_load_reference_data")]
    operations = [migrations.RunPython(load, unload)]
