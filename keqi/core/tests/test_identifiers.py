"""P2: identifier check digits per GB 32100 (USCC) and GB 11643 (ID number)."""

import pytest

from keqi.core.identifiers import make_uscc, mobile_error, resident_id_error, uscc_error


def test_uscc_worked_example_is_valid():
    assert uscc_error("91110000600037341L") is None


def test_uscc_lowercase_is_accepted_after_normalising():
    assert uscc_error("91110000600037341l") is None


def test_uscc_wrong_check_character_names_the_check_digit():
    assert uscc_error("91110000600037341M") == "统一社会信用代码校验位不正确，请核对后重新输入"


def test_uscc_with_letter_authority_code_is_valid():
    # 'Y' = other registration authorities; python-stdnum rejects these, we must not.
    first17 = "Y1110000600037341"
    from keqi.core.identifiers import uscc_check_character

    assert uscc_error(first17 + uscc_check_character(first17)) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9111000060003734", "统一社会信用代码应为18位"),
        ("91110000600037341I", "统一社会信用代码含有无效字符“I”（不使用I、O、Z、S、V）"),
        ("911A0000600037341L", "统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）"),
    ],
)
def test_uscc_shape_errors(value, message):
    assert uscc_error(value) == message


def test_make_uscc_produces_valid_codes_for_many_regions():
    for serial in range(0, 5000, 7):
        assert uscc_error(make_uscc("500157", serial)) is None


def test_make_uscc_reproduces_the_worked_example():
    assert make_uscc("110000", 60003734) == "91110000600037341L"


def test_resident_id_standard_sample_is_valid():
    assert resident_id_error("11010519491231002X") is None


def test_resident_id_wrong_check_digit():
    assert resident_id_error("110105194912310021") == "居民身份证号码校验位不正确"


def test_resident_id_wrong_length():
    assert resident_id_error("1101051949123100") == "居民身份证号码应为18位，最后一位可为数字或X"


@pytest.mark.parametrize("value", ["1380000000", "23800000000", "1380000000a"])
def test_mobile_rejects_malformed_numbers(value):
    assert mobile_error(value) == "请输入11位有效手机号码"
