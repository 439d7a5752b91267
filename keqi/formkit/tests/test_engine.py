"""formkit: one declaration validates every field type, row limits and cross-field rules."""

import json
from decimal import Decimal

import pytest

from keqi.declarations.tests.tech_sme import PROGRAM_FILE
from keqi.formkit import engine
from keqi.formkit.document import compile_form
from keqi.formkit.spec import DATE, INTEGER, MONEY, PERCENT, Field

pytestmark = pytest.mark.django_db
# The tech-SME evaluation's form document (seed 001): every field type, tables and checks.
EVALUATION_FORM = compile_form(json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))["form"], "1")


def test_formkit_one_declaration_validates_every_type():
    answers, errors = engine.validate(
        EVALUATION_FORM,
        {
            "contact_phone": "12",
            "products": [{"name": "x", "revenue": "abc"}],
            "awards_2y": "1.5",
            "wants_financing": "maybe",
        },
    )
    assert errors["contact_phone"].startswith("请填写11位手机号码")
    assert errors["products-0-revenue"] == "上年度销售收入（万元）应为数字"
    assert errors["wants_financing"] == "请选择有效的是否勾选"
    assert answers["products"][0]["name"] == "x"


def test_formkit_values_are_typed_exactly():
    assert engine.clean_value(Field("m", "金额", MONEY), "1,234.5") == ("1234.5000", None)
    assert engine.clean_value(Field("m", "金额", MONEY), "-1")[1] == "金额不能为负数"
    assert engine.clean_value(Field("m", "利润", MONEY, allow_negative=True), "-1") == ("-1.0000", None)
    assert engine.clean_value(Field("n", "人数", INTEGER), "3.5")[1] == "人数应为整数"
    assert engine.clean_value(Field("p", "比例", PERCENT), "101")[1] == "比例应在0到100之间"
    assert engine.clean_value(Field("d", "日期", DATE), "2024-02-30")[1].startswith("日期应为日期")
    assert engine.clean_value(Field("t", "名称"), "   ") == (None, None)
    assert engine.plain(Decimal("120.5000")) == "120.5"


def test_formkit_complete_mode_adds_required_rows_and_attachments():
    _answers, errors = engine.validate(EVALUATION_FORM, {}, base={}, complete=True)
    assert errors["products"] == "主要产品至少填写1条"
    assert errors["slot-balance_sheet"] == "请上传资产负债表"
    assert errors["contact_name"] == "请填写联系人姓名"
    assert "invention_applications" not in errors  # required only when financing is "是"
