"""P2: identifier check digits per GB 32100 (USCC) and GB 11643 (ID number)."""

from datetime import date

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
    assert resident_id_error("110105194912310021") == "居民身份证号码校验位不正确，请核对后重新输入"


def test_resident_id_wrong_length():
    assert resident_id_error("1101051949123100") == "居民身份证号码应为18位（当前16位）"


@pytest.mark.parametrize("number", ["500112198507150012", "500240198809210042"])
def test_resident_id_area_code_newer_than_the_birth_date_is_valid(number):
    # 重庆 codes date from 1997; people born before then were issued them later (issue 10).
    assert resident_id_error(number) is None


def with_check_digit(first17: str) -> str:
    """Check digit computed by python-stdnum, independently of our own function."""
    from stdnum.cn import ric

    return first17 + ric.calc_check_digit(first17 + "0")


SPREAD = [
    ("110101", "19491001"),  # 北京东城, born at the founding
    ("110103", "19580312"),  # 北京崇文区, retired 2010
    ("120101", "19670505"),  # 天津和平
    ("130102", "19730228"),  # 石家庄长安
    ("140105", "19811111"),  # 太原小店
    ("150102", "19920606"),  # 呼和浩特新城
    ("210102", "19550720"),  # 沈阳和平
    ("220104", "19600101"),  # 长春朝阳
    ("230103", "19700830"),  # 哈尔滨南岗
    ("310104", "19880808"),  # 上海徐汇
    ("310103", "19620415"),  # 上海卢湾区, retired 2011
    ("320102", "19960229"),  # 南京玄武, leap day
    ("330106", "20000101"),  # 杭州西湖
    ("340104", "19851231"),  # 合肥蜀山
    ("350102", "19780909"),  # 福州鼓楼
    ("360426", "19910101"),  # 江西德安 (python-stdnum's example)
    ("370102", "19690707"),  # 济南历下
    ("410105", "19830315"),  # 郑州金水
    ("420106", "19750620"),  # 武汉武昌
    ("430104", "19990909"),  # 长沙岳麓
    ("440305", "20010101"),  # 深圳南山, code newer than the holder in many cases
    ("440106", "19500505"),  # 广州天河 (1985) with a 1950 birth
    ("450103", "19861010"),  # 南宁青秀
    ("460105", "19930303"),  # 海口秀英
    ("500101", "19640212"),  # 重庆万州
    ("500105", "19720101"),  # 重庆江北区, retired 2025
    ("500222", "19660606"),  # 綦江县, retired 2011
    ("500381", "19790909"),  # 江津市, retired 2006
    ("510104", "19820202"),  # 成都锦江
    ("512301", "19700101"),  # 涪陵市 (四川, before 重庆)
    ("520102", "19880101"),  # 贵阳南明
    ("530102", "19770707"),  # 昆明五华
    ("540102", "19890303"),  # 拉萨城关
    ("610113", "19950505"),  # 西安雁塔
    ("620102", "19630808"),  # 兰州城关
    ("630102", "19741212"),  # 西宁城东
    ("640104", "19860606"),  # 银川兴庆
    ("650102", "19940404"),  # 乌鲁木齐天山
    ("653228", "20240601"),  # 和康县, new in 2024
    ("500157", "19800101"),  # 两江新区 (2025) holding a 1980 birth date
]


@pytest.mark.parametrize(("area", "born"), SPREAD)
def test_resident_id_real_shaped_numbers_from_many_provinces_and_eras(area, born):
    for serial in ("001", "012", "123", "998"):
        number = with_check_digit(area + born + serial)
        assert resident_id_error(number, today=date(2026, 12, 1)) is None, number


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("50011219850715001", "居民身份证号码应为18位（当前17位）"),
        ("5001121985071500123", "居民身份证号码应为18位（当前19位）"),
        ("50011219850715001A", "居民身份证号码前17位应为数字，最后一位为数字或X"),
        ("5001121985O715001X", "居民身份证号码前17位应为数字，最后一位为数字或X"),
        (with_check_digit("50011219850230001"), "居民身份证号码中的出生日期19850230不是有效日期"),
        (with_check_digit("50011218850715001"), "居民身份证号码中的出生日期18850715不在有效范围内"),
        (with_check_digit("50011220990715001"), "居民身份证号码中的出生日期20990715不在有效范围内"),
        (with_check_digit("99011219850715001"), "居民身份证号码前6位990112不是有效的行政区划代码"),
        (with_check_digit("50019919850715001"), "居民身份证号码前6位500199不是有效的行政区划代码"),
        ("500112198507150013", "居民身份证号码校验位不正确，请核对后重新输入"),
        ("500240198809210041", "居民身份证号码校验位不正确，请核对后重新输入"),
    ],
)
def test_resident_id_gives_the_true_reason(number, message):
    assert resident_id_error(number, today=date(2026, 12, 1)) == message


def test_resident_id_lowercase_x_is_accepted():
    assert resident_id_error("11010519491231002x") is None


@pytest.mark.parametrize("value", ["1380000000", "23800000000", "1380000000a"])
def test_mobile_rejects_malformed_numbers(value):
    assert mobile_error(value) == "请输入11位有效手机号码"
