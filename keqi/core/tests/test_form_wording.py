"""Issue 10 item 5: no Django default wording anywhere ("这个字段是必填项。", "输入一个有效的
Email 地址。", "---------"); the project's "请填写…" / "请选择…" instead."""

import pytest
from django import forms

from keqi.accounts.models import Role

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = ("这个字段是必填项", "输入一个有效的 Email 地址", "---------", "This field is required", "输入整数")


class Sample(forms.Form):
    name = forms.CharField(label="联系人姓名")
    email = forms.EmailField(label="电子邮箱")
    kind = forms.ChoiceField(label="证件类型", choices=[("", "---------"), ("a", "居民身份证")])
    count = forms.IntegerField(label="职工人数", max_value=10)
    custom = forms.CharField(label="自定义", error_messages={"required": "自定义的提示"})


def test_required_invalid_and_empty_choice_use_the_projects_wording():
    form = Sample({"email": "not-an-email", "count": "x"})
    assert not form.is_valid()
    assert form.errors["name"] == ["请填写联系人姓名"]
    assert form.errors["email"] == ["请输入有效的电子邮箱地址（如 name@example.com）"]
    assert form.errors["kind"] == ["请选择证件类型"]
    assert form.errors["count"] == ["职工人数应为整数"]
    assert form.errors["custom"] == ["自定义的提示"]  # a form's own message is kept
    assert Sample({"count": "11"}).errors["count"] == ["职工人数不能大于10"]
    html = str(Sample()["kind"])
    assert "请选择" in html and "---------" not in html


def test_pages_show_no_django_default_wording(client, make_enterprise, make_user):
    owner = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    client.force_login(owner)
    contact = client.post("/enterprise/profile/contact/new/", {"name": "", "mobile": "13800001111", "email": "bad"})
    page = contact.content.decode()
    assert "请填写姓名" in page and "请输入有效的电子邮箱地址" in page
    profile = client.get("/enterprise/profile/").content.decode()
    for text in DJANGO_DEFAULTS:
        assert text not in page and text not in profile, text
    assert "请选择" in profile
