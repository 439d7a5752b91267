"""The enterprise query list's filters (S2.2, S2.9): one form for the page, the export and the API.

Every value is validated against what the acting user may see; a bad value gives a Chinese
message at its field and an empty result, never a 500.
"""

from functools import lru_cache

from django import forms
from django.utils.html import format_html_join

from keqi.enterprises import selectors
from keqi.enterprises.models import ReviewStatus
from keqi.reference import selectors as reference
from keqi.reference.models import Industry, Region

STORAGE_CHOICES = [("", "全部"), ("yes", "已入库"), ("no", "未入库")]
FILTER_NAMES = ["q", "review_status", "storage", "storage_year", "region", "industry", "year", "qualification", "sort"]


def keyword_field(label: str) -> forms.CharField:
    """Fuzzy search by name or USCC, capped with a message that says by how much."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=selectors.KEYWORD_MAX,
        error_messages={"max_length": "搜索内容不能超过%(limit_value)d个字符（当前%(show_value)d个）"},
    )


def year_field(label: str, *, earliest: int) -> forms.IntegerField:
    """An optional four-digit year with messages that name the field."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=earliest,
        max_value=2100,
        error_messages={
            "invalid": f"{label}应为四位数字年份",
            "min_value": f"{label}不能早于{earliest}年",
            "max_value": f"{label}不能晚于2100年",
        },
    )


class EnterpriseFilterForm(forms.Form):
    q = keyword_field("企业名称/统一社会信用代码")
    review_status = forms.ChoiceField(label="审核状态", required=False)
    storage = forms.ChoiceField(label="入库状态", required=False, choices=STORAGE_CHOICES)
    storage_year = year_field("入库年度", earliest=2000)
    region = forms.CharField(label="所属区域", required=False, max_length=12)
    industry = forms.CharField(label="所属行业", required=False, max_length=4)
    year = year_field("注册年份", earliest=1900)
    qualification = forms.ChoiceField(label="企业资质", required=False)
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[(key, label) for key, (label, _) in selectors.SORTS.items()]
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.user = user
        self.fields["review_status"].choices = [("", "全部"), *ReviewStatus.choices]
        self.fields["qualification"].choices = [("", "全部"), *reference.dictionary_choices("qualification_kind")]
        for name in ("review_status", "storage", "qualification", "sort"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"{self.fields[name].label}“%(value)s”不存在，请重新选择"
            )

    def region_choices(self):
        return region_options(self.user.region.path if self.user.region_id else "", self.user.is_platform_admin)

    def options(self):
        """<option> lists of every select, rendered once in Python (template loops over a few
        hundred options cost more than the query at 100,000 enterprises)."""
        source = self.data if self.is_bound else {}
        choices = {
            "review_status": self.fields["review_status"].choices,
            "storage": STORAGE_CHOICES,
            "qualification": self.fields["qualification"].choices,
            "sort": self.fields["sort"].choices,
            "region": [("", "全部"), *self.region_choices()],
            "industry": [("", "全部"), *industry_options()],
        }
        return {
            name: format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, " selected" if str(source.get(name, "")) == str(value) else "", label)
                    for value, label in items
                ),
            )
            for name, items in choices.items()
        }

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        if not code:
            return None
        region = selectors.scoped_region(self.user, code)
        if region is None:
            raise forms.ValidationError("所选区域不存在或不在您的管辖范围内")
        return region

    def clean_industry(self):
        code = self.cleaned_data["industry"].strip().upper()
        if code and not Industry.objects.filter(code=code).exists():
            raise forms.ValidationError("所选行业不存在（须为国民经济行业分类代码）")
        return code

    def filters(self) -> dict:
        """The validated filters for selectors.query_enterprises (call after is_valid())."""
        data = dict(self.cleaned_data)
        data["keyword"] = data.pop("q", "")
        return data

    def query_string(self) -> dict:
        """The submitted values (for pager links and exports), empty ones left out."""
        source = self.data if self.is_bound else {}
        return {name: source.get(name) for name in FILTER_NAMES if source.get(name)}


@lru_cache(maxsize=1)
def industry_options() -> tuple:
    """GB/T 4754-2017 sections and divisions (a national standard: fixed for the process)."""
    return tuple((i.code, f"{i.code} {i.name}") for i in Industry.objects.filter(level__lte=2).order_by("id"))


@lru_cache(maxsize=64)
def region_options(path: str, everything: bool) -> tuple:
    """Counties and zones under an officer's region (GB/T 2260 data: fixed for the process)."""
    if not path and not everything:
        return ()
    regions = Region.objects.exclude(level=Region.Level.PROVINCE).order_by("code")
    if not everything:
        regions = regions.filter(path__startswith=path)
    return tuple((r.code, reference.region_label(r)) for r in regions)


def bind(user, params) -> EnterpriseFilterForm:
    """A bound filter form from GET/JSON params (only known names are taken)."""
    data = {name: params.get(name, "") for name in FILTER_NAMES}
    return EnterpriseFilterForm(data, user=user)
