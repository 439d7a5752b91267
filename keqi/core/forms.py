"""The project's own wording for every Django form (issue 10, item 5).

Django's defaults read as machine text ("这个字段是必填项。", "输入一个有效的 Email 地址。",
an empty choice "---------"). `install()` (CoreConfig.ready) makes every form — page, API and
admin — say "请填写联系人姓名", "请选择注册地", "请输入有效的电子邮箱地址" instead. Only
Django's own defaults are replaced; a message a form sets itself is kept.

It runs when a form validates or a field is rendered, not in BaseForm.__init__, because many
forms replace fields after calling super().__init__().
"""

import copy

from django import forms

DASHES = "---------"
_APPLIED = "_keqi_messages"


def _defaults(field: forms.Field) -> dict[str, str]:
    messages: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        messages.update({key: str(value) for key, value in getattr(cls, "default_error_messages", {}).items()})
    return messages


def _picks(field: forms.Field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField))


def _wording(field: forms.Field, label: str) -> dict[str, str]:
    subject = label or "此项"
    wording = {
        "required": f"请选择{subject}" if _picks(field) else f"请填写{subject}",
        "invalid_choice": f"所选{subject}无效，请重新选择",
        "max_length": f"{subject}不能超过%(limit_value)d个字（当前%(show_value)d个）",
        "min_length": f"{subject}至少%(limit_value)d个字（当前%(show_value)d个）",
        "max_value": f"{subject}不能大于%(limit_value)s",
        "min_value": f"{subject}不能小于%(limit_value)s",
    }
    if isinstance(field, forms.BooleanField):
        wording["required"] = f"请勾选{subject}"
    if isinstance(field, forms.FileField):
        wording["required"] = f"请上传{subject}"
        wording["invalid"] = f"{subject}不是有效的文件"
        wording["empty"] = f"上传的{subject}是空文件"
    elif isinstance(field, forms.EmailField):
        wording["invalid"] = "请输入有效的电子邮箱地址（如 name@example.com）"
    elif isinstance(field, forms.IntegerField):
        wording["invalid"] = f"{subject}应为整数"
    elif isinstance(field, (forms.DecimalField, forms.FloatField)):
        wording["invalid"] = f"{subject}应为数字"
        wording["max_digits"] = f"{subject}位数过多"
        wording["max_decimal_places"] = f"{subject}最多保留%(max)s位小数"
        wording["max_whole_digits"] = f"{subject}整数部分位数过多"
    elif isinstance(field, forms.DateTimeField):
        wording["invalid"] = f"{subject}应为日期时间（格式：2024-01-31 09:30）"
    elif isinstance(field, forms.DateField):
        wording["invalid"] = f"{subject}应为日期（格式：2024-01-31）"
    elif isinstance(field, forms.URLField):
        wording["invalid"] = "请输入有效的网址"
    if isinstance(field, forms.ModelMultipleChoiceField):
        wording["invalid_choice"] = f"所选{subject}无效，请重新选择"
        wording["invalid_pk_value"] = f"所选{subject}无效，请重新选择"
    return wording


def apply(field: forms.Field) -> None:
    """Replace Django's default messages and empty choice of one field (idempotent)."""
    if getattr(field, _APPLIED, False):
        return
    label = str(field.label or "")
    defaults = _defaults(field)
    wording = _wording(field, label)
    for key, message in wording.items():
        current = field.error_messages.get(key)
        if current is not None and str(current) == defaults.get(key):
            field.error_messages[key] = message
    # Length and range checks are validators; only those still carrying Django's text are reworded
    # (a model's own message, e.g. 金额不能为负数, stays).
    validators = []
    for validator in field.validators:
        code = getattr(validator, "code", None)
        if code in wording and str(validator.message) == str(type(validator).message):
            validator = copy.copy(validator)
            validator.message = wording[code]
        validators.append(validator)
    field.validators = validators
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DASHES:
        field.empty_label = "请选择"
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if any(value == "" and str(text) == DASHES for value, text in choices):
            field.choices = [
                (value, "请选择" if value == "" and str(text) == DASHES else text) for value, text in choices
            ]
    setattr(field, _APPLIED, True)


def apply_all(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        apply(field)


def install() -> None:
    """Hook every form: before validation and before a field is rendered."""
    if getattr(forms.BaseForm, _APPLIED, False):
        return
    full_clean = forms.BaseForm.full_clean
    getitem = forms.BaseForm.__getitem__

    def chinese_full_clean(self):
        apply_all(self)
        return full_clean(self)

    def chinese_getitem(self, name):
        field = self.fields.get(name)
        if field is not None:
            apply(field)
        return getitem(self, name)

    forms.BaseForm.full_clean = chinese_full_clean
    forms.BaseForm.__getitem__ = chinese_getitem
    setattr(forms.BaseForm, _APPLIED, True)
