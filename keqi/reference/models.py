"""Reference data (P1, P4): regions, industries, IP types and editable dictionaries."""

from django.db import models


class Region(models.Model):
    """A GB/T 2260 division or a zone. `path` lists ancestor codes so scope is a prefix match."""

    class Level(models.TextChoices):
        COUNTRY = "country", "部级"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "区县"
        ZONE = "zone", "园区"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    full_name = models.CharField("全称", max_length=200)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField("路径", max_length=120, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.full_name


class Industry(models.Model):
    """GB/T 4754-2017 国民经济行业分类 at four levels."""

    code = models.CharField("代码", max_length=4, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级")  # 1 门类, 2 大类, 3 中类, 4 小类
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    section = models.CharField("门类", max_length=1, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "国民经济行业"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IPType(models.Model):
    """IP kinds with their class for the tech-SME evaluation (Ⅰ类 / Ⅱ类 / not counted)."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    ip_class = models.PositiveSmallIntegerField("类别", null=True, blank=True, choices=[(1, "Ⅰ类"), (2, "Ⅱ类")])
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = verbose_name_plural = "知识产权类型"

    def __str__(self) -> str:
        return self.name


class DictionaryEntry(models.Model):
    """Administrator-editable code lists: registration types, tax methods, high-tech fields…"""

    category = models.CharField("字典", max_length=40, db_index=True)
    code = models.CharField("代码", max_length=40)
    label = models.CharField("名称", max_length=100)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["category", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="uniq_dictionary_code")]
        verbose_name = verbose_name_plural = "数据字典"

    def __str__(self) -> str:
        return f"{self.category}:{self.label}"
