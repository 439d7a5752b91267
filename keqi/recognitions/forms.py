from django import forms

from keqi.recognitions import selectors


class ChangeForm(forms.Form):
    change_type = forms.ChoiceField(label="变更类型")
    before = forms.CharField(label="变更前", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    after = forms.CharField(
        label="变更后",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="更名请填写变更后的企业全称，审核通过后企业信息和认定信息同步更新",
    )
    changed_on = forms.DateField(
        label="变更日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="变更实际发生的日期（如工商变更登记日期）；发生后3个月内申报",
    )
    description = forms.CharField(
        label="变更说明", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    evidence = forms.FileField(
        label="证明材料", required=False, help_text="PDF或图片，单个不超过10M，最多3个；提交前须上传"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_type"].choices = [("", "请选择"), *selectors.change_types()]
        self.fields["changed_on"].error_messages = {"invalid": "请按年-月-日填写变更日期", "required": "请填写变更日期"}
        for name in ("before", "after"):
            self.fields[name].error_messages = {
                "required": f"请填写{self.fields[name].label}的内容",
                "max_length": f"{self.fields[name].label}的内容不能超过1000字",
            }
        self.fields["change_type"].error_messages = {
            "required": "请选择变更类型",
            "invalid_choice": "请从列表中选择变更类型",
        }


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("pass", "审核通过"), ("reject", "审核不通过")],
        error_messages={"required": "请选择审核结果", "invalid_choice": "请选择审核结果"},
    )
    opinion = forms.CharField(
        label="审核意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        error_messages={"max_length": "审核意见不能超过2000字"},
    )
