"""Filters of the custom query (S2.9): 搜索 and 年份, validated with messages at the field."""

from django import forms

from keqi.enterprises.filters import keyword_field, year_field

PARAM_NAMES = ["q", "year"]


class CustomQueryForm(forms.Form):
    q = keyword_field("搜索")
    year = year_field("年份", earliest=2000)

    def query_string(self) -> dict:
        source = self.data if self.is_bound else {}
        return {name: source.get(name) for name in PARAM_NAMES if source.get(name)}


def bind(params) -> CustomQueryForm:
    return CustomQueryForm({name: params.get(name, "") for name in PARAM_NAMES})
