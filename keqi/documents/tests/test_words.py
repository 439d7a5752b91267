"""Amounts in words (大写) for official forms (issue 14, S4.3)."""

from decimal import Decimal

import pytest

from keqi.documents.words import rmb_upper


@pytest.mark.parametrize(
    ("yuan", "words"),
    [
        ("0", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("1000", "壹仟元整"),
        ("1001", "壹仟零壹元整"),
        ("10010", "壹万零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("200000", "贰拾万元整"),
        ("1000", "壹仟元整"),
        ("3000", "叁仟元整"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("123456.78", "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("12.05", "壹拾贰元零伍分"),
        ("51000", "伍万壹仟元整"),
    ],
)
def test_rmb_upper(yuan, words):
    assert rmb_upper(Decimal(yuan)) == words
