from decimal import Decimal

from django import forms

from keqi.core.http import client_ip
from keqi.core.identifiers import mobile_error, uscc_region_code
from keqi.enterprises.models import PROFILE_FIELDS, Contact, Enterprise, Qualification, Shareholder
from keqi.reference import selectors as reference
from keqi.reference.models import Region


class IndustryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ProfileForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    industry = IndustryChoiceField(label="所属行业（国民经济行业小类）", queryset=None, required=False)

    class Meta:
        model = Enterprise
        fields = PROFILE_FIELDS
        widgets = {
            "established_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "business_scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        enterprise = self.instance
        self.fields["industry"].queryset = reference.leaf_industries()
        in_province = reference.regions_in_province(enterprise.region)
        self.fields["region"].queryset = in_province
        self.fields["zone"].queryset = in_province.filter(level=Region.Level.ZONE)
        if enterprise.region.level not in {Region.Level.COUNTY, Region.Level.ZONE}:
            self._offer_current_region(enterprise)
        self.fields["zone"].required = False
        for name, category in (
            ("registration_type", "registration_type"),
            ("tax_collection_method", "tax_collection"),
            ("high_tech_field", "high_tech_field"),
        ):
            self.fields[name] = forms.ChoiceField(
                label=self.fields[name].label,
                choices=[("", "请选择"), *reference.dictionary_choices(category)],
                required=False,
            )
        self.fields["registered_capital"].min_value = Decimal("0")
        self.initial.setdefault("version", enterprise.version)
        # Seed 003 §三（一）: what these two fields decide, said where they are filled in.
        self.fields["region"].help_text = (
            (self.fields["region"].help_text + "。") if self.fields["region"].help_text else ""
        ) + "注意：【注册地】将作为管理端审核区划依据"
        self.fields["industry"].help_text = "注意：【所属行业】将作为数字化水平评测表分类依据"

    def lock(self) -> None:
        """A recognised enterprise outside 信息更新: everything shown, nothing editable."""
        for field in self.fields.values():
            field.disabled = True

    def edit(self, request) -> dict:
        """What a profile write takes from a valid form (save_profile, and recognitions' 信息更新):
        who edits, the values, the version the page was loaded at (a stale tab is refused) and the address."""
        return {
            "actor": request.user,
            "values": {name: value for name, value in self.cleaned_data.items() if name != "version"},
            "expected_version": self.cleaned_data["version"],
            "ip_address": client_ip(request),
        }

    def _offer_current_region(self, enterprise):
        """Registered before a code was retired (渝北区 500112, 江北区 500105 → 两江新区) or under a
        code we cannot place: the stored region is a city, which the select cannot show. Preselect
        the one successor, or say which successors to choose among, instead of a blank field."""
        code = uscc_region_code(enterprise.uscc)
        retired = reference.retired_region(code)
        successors = reference.successor_regions(code)
        if len(successors) == 1:
            self.initial["region"] = successors[0].pk
        else:
            self.initial["region"] = None
        if retired and successors:
            names = "、".join(region.full_name for region in successors)
            self.fields["region"].help_text = (
                f"登记机关区划代码{code}（{retired['name']}）已于{retired['year']}年撤销，"
                f"注册地改为其继任区县：{names}" + ("，请核对" if len(successors) == 1 else "，请选择其一")
            )
        else:
            self.fields["region"].help_text = "请选择贵企业注册地所在的区县或园区"


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "mobile", "email", "is_primary"]

    def clean_mobile(self):
        value = self.cleaned_data["mobile"].strip()
        if message := mobile_error(value):
            raise forms.ValidationError(message)
        return value


class ShareholderForm(forms.ModelForm):
    class Meta:
        model = Shareholder
        fields = ["name", "shareholder_type", "contribution", "share_ratio"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shareholder_type"] = forms.ChoiceField(
            label="股东类型", choices=reference.dictionary_choices("shareholder_type")
        )

    def clean_share_ratio(self):
        value = self.cleaned_data["share_ratio"]
        if value < 0 or value > 100:
            raise forms.ValidationError("持股比例应在0至100之间")
        return value


class QualificationForm(forms.ModelForm):
    """An enterprise's qualification claim; the evidence file travels in the same post."""

    file = forms.FileField(
        label="证明材料",
        required=False,
        help_text="上传资质证书、认定文件或公示名单截图（PDF或图片，不超过10M）；经区县主管部门确认后生效",
    )

    class Meta:
        model = Qualification
        fields = ["kind", "number", "year", "issued_on", "valid_until"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label="资质类型", choices=reference.dictionary_choices("qualification_kind")
        )

    def clean(self):
        data = super().clean()
        issued, until = data.get("issued_on"), data.get("valid_until")
        if issued and until and until < issued:
            self.add_error("valid_until", "有效期至不能早于认定日期")
        return data


CHILD_FORMS = {"contact": ContactForm, "shareholder": ShareholderForm, "qualification": QualificationForm}
CHILD_TITLES = {"contact": "联系人", "shareholder": "股东", "qualification": "企业资质"}


class ReviewForm(forms.Form):
    """区县审核: pass or fail, with an opinion (required to fail)."""

    decision = forms.ChoiceField(
        label="审核结果",
        choices=[("approve", "审核通过"), ("reject", "审核不通过")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审核结果", "invalid_choice": "请选择审核通过或审核不通过"},
    )
    opinion = forms.CharField(
        label="审核意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "审核意见不能超过%(limit_value)d字（当前%(show_value)d字）"},
    )
