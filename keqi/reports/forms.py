"""Filters of the custom query (S2.9): 搜索 and 年份, validated with messages at the field."""

from django import forms

from keqi.enterprises.selectors import KEYWORD_MAX

PARAM_NAMES = ["q", "year"]


class CustomQueryForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=KEYWORD_MAX,
        error_messages={"max_length": "搜索内容不能超过%(limit_value)d个字符（当前%(show_value)d个）"},
    )
    year = forms.IntegerField(
        label="年份",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "年份应为四位数字",
            "min_value": "年份不能早于2000年",
            "max_value": "年份不能晚于2100年",
        },
    )

    def query_string(self) -> dict:
        source = self.data if self.is_bound else {}
        return {name: source.get(name) for name in PARAM_NAMES if source.get(name)}


def bind(params) -> CustomQueryForm:
    return CustomQueryForm({name: params.get(name, "") for name in PARAM_NAMES})
