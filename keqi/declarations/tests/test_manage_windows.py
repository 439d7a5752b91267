"""申报活动管理 windows (issue 9 item 6, X5): a window's region is picked by name, never typed as a
code, and a refused save shows every window row as it was typed."""

import pytest

from keqi.accounts.models import Role
from keqi.declarations import program_services
from keqi.declarations.tests.test_annual_report import annual_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return program_services.load(annual_data(2025))


def test_the_region_is_a_list_of_names_below_the_program_region(client, make_user, program):
    client.force_login(make_user(Role.CITY, region_code="500000"))
    page = client.get(f"/declarations/manage/{program.key}/").content.decode()
    assert '<option value="">重庆市全部</option>' in page
    assert '<option value="500240">重庆市石柱土家族自治县</option>' in page
    assert "110114" not in page  # nothing outside the program's region
    assert "区划代码" not in page


def test_a_refused_save_keeps_what_was_typed(client, make_user, program):
    client.force_login(make_user(Role.CITY, region_code="500000"))
    response = client.post(
        f"/declarations/manage/{program.key}/",
        {
            "name": "2025年度年报（改名）",
            "notes": "新写的申报须知",
            "materials": "营业执照\n审计报告",
            "window_region": ["500240", "500109"],
            "window_opens": ["2026-05-06 09:00", "2026-05-07 09:00"],
            "window_closes": ["2026-06-06 17:00", "六月底"],
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "第2个申报时间：截止时间格式不正确" in page
    assert 'value="2026-05-06 09:00"' in page and 'value="六月底"' in page
    assert '<option value="500109" selected>' in page and '<option value="500240" selected>' in page
    assert 'value="2025年度年报（改名）"' in page and "新写的申报须知" in page and "营业执照\n审计报告" in page


def test_a_region_outside_the_program_is_refused_by_name(client, make_user, program):
    client.force_login(make_user(Role.CITY, region_code="500000"))
    response = client.post(
        f"/declarations/manage/{program.key}/",
        {"name": program.name, "window_region": "110114", "window_opens": "2026-05-06 09:00",
         "window_closes": "2026-06-06 17:00"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "第1个申报时间：所选区域不在重庆市范围内" in response.content.decode()
