"""Ship the reference tables with the schema: every database has them from the start."""

from django.db import migrations

from keqi.reference import loaders


def load(apps, schema_editor):
    loaders.load_regions(apps.get_model("reference", "Region"))
    loaders.load_industries(apps.get_model("reference", "Industry"))
    loaders.load_dictionaries(apps.get_model("reference", "DictionaryEntry"), apps.get_model("reference", "IPType"))


def unload(apps, schema_editor):
    for name in ("DictionaryEntry", "IPType", "Industry", "Region"):
        model = apps.get_model("reference", name)
        if name in {"Industry", "Region"}:
            model.objects.update(parent=None)
        model.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
