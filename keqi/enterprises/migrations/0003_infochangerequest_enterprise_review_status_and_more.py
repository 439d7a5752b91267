import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_industry_columns(apps, schema_editor):
    Enterprise = apps.get_model("enterprises", "Enterprise")
    for enterprise in Enterprise.objects.exclude(industry=None).select_related("industry").iterator():
        Enterprise.objects.filter(pk=enterprise.pk).update(
            industry_section=enterprise.industry.section, industry_code=enterprise.industry.code
        )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0002_intellectual_property"),
        ("reference", "0002_load_reference_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InfoChangeRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "未提交"),
                            ("pending", "待审核"),
                            ("approved", "审核通过"),
                            ("rejected", "审核不通过"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="审核状态",
                    ),
                ),
                ("changes", models.JSONField(default=dict, verbose_name="变更内容")),
                ("base_version", models.PositiveIntegerField(verbose_name="提交时信息版本")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="审核时间")),
                ("opinion", models.TextField(blank=True, verbose_name="审核意见")),
                ("status_changed_at", models.DateTimeField(blank=True, null=True, verbose_name="状态变更时间")),
            ],
            options={
                "verbose_name": "企业信息变更申请",
                "verbose_name_plural": "企业信息变更申请",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="enterprise",
            name="industry_code",
            field=models.CharField(blank=True, editable=False, max_length=4, verbose_name="行业代码"),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="industry_section",
            field=models.CharField(blank=True, editable=False, max_length=1, verbose_name="行业门类"),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="review_status",
            field=models.CharField(
                choices=[
                    ("none", "未提交"),
                    ("pending", "待审核"),
                    ("approved", "审核通过"),
                    ("rejected", "审核不通过"),
                ],
                db_index=True,
                default="none",
                editable=False,
                max_length=12,
                verbose_name="审核状态",
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["established_date"], name="ent_established_idx"),
        ),
        migrations.AddIndex(
            model_name="qualification",
            index=models.Index(fields=["kind", "year", "enterprise"], name="qual_kind_year_idx"),
        ),
        migrations.AddField(
            model_name="infochangerequest",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="审核人",
            ),
        ),
        migrations.AddField(
            model_name="infochangerequest",
            name="enterprise",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="change_requests", to="enterprises.enterprise"
            ),
        ),
        migrations.AddField(
            model_name="infochangerequest",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="提交人",
            ),
        ),
        migrations.AddIndex(
            model_name="infochangerequest",
            index=models.Index(fields=["status", "id"], name="icr_status_idx"),
        ),
        migrations.RunPython(fill_industry_columns, migrations.RunPython.noop),
    ]
