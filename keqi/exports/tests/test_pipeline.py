"""P10: background exports read their rows in a forked child while the parent writes. The rows
are the same as read in-process, a failing or dying child fails the export with a message,
and a cancelled export leaves no child behind."""

import multiprocessing
import os
from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.enterprises.models import Enterprise
from keqi.exports import datasets, pipeline, services, writers
from keqi.exports.tests.helpers import read_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def test_p10_rows_come_from_a_child_process_and_equal_the_in_process_rows(make_enterprise):
    for index in range(5):
        make_enterprise("110114", name=f"北京管道测试{index}有限公司")
    parent = os.getpid()

    def produce():
        return ((os.getpid(), e.name) for e in Enterprise.objects.order_by("id"))

    assert pipeline.available()
    rows = list(pipeline.rows_from_child(produce))
    assert {pid for pid, _ in rows} != {parent} and len({pid for pid, _ in rows}) == 1
    assert [name for _, name in rows] == [name for _, name in produce()]
    assert Enterprise.objects.count() == 5  # the parent reconnects after the fork
    assert multiprocessing.active_children() == []


def test_p10_a_failing_child_fails_with_its_reason():
    def produce():
        yield ("第一行",)
        raise ValueError("坏数据")

    with pytest.raises(pipeline.ProducerFailed, match="ValueError: 坏数据"):
        list(pipeline.rows_from_child(produce))


def test_p10_a_child_that_dies_is_reported():
    def produce():
        yield ("第一行",)
        os._exit(3)

    with pytest.raises(pipeline.ProducerFailed, match="导出数据读取进程意外退出"):
        list(pipeline.rows_from_child(produce))


def test_p10_stopping_early_kills_the_child():
    def produce():
        number = 0
        while True:
            number += 1
            yield (number,)

    rows = pipeline.rows_from_child(produce)
    assert next(rows) == (1,)
    rows.close()  # what a cancelled job does when its progress step raises
    assert multiprocessing.active_children() == []


def test_p10_file_written_through_the_child_equals_the_in_process_file(make_enterprise, make_user, tmp_path):
    make_enterprise("110114", name="北京甲资本有限公司", registered_capital=Decimal("12345678901.2345"))
    make_enterprise("110114", name="北京乙资本有限公司", registered_capital=Decimal("0.0001"))
    make_enterprise("110114", name="北京丙资本有限公司")
    officer = make_user(Role.DISTRICT, region_code="110114")
    columns = services.pick_columns(
        datasets.get("enterprises"), ["name", "registered_capital", "established_date", "stored"]
    )
    files = {}
    for in_child in (True, False):
        queryset = datasets.queryset_for(datasets.get("enterprises"), officer, {}, [c.key for c in columns])
        path = tmp_path / f"{in_child}.xlsx"
        written = services.write_file(
            path,
            dataset=datasets.get("enterprises"),
            user=officer,
            queryset=queryset,
            columns=columns,
            in_child=in_child,
        )
        assert written == 3
        files[in_child] = read_xlsx(path.read_bytes())
    assert files[True] == files[False]
    assert files[True][1][1] == 12345678901.2345 and files[True][2][1] == 0.0001


def test_p10_cell_values_turn_money_into_the_double_excel_stores():
    rows = [("甲", Decimal("1.1"), 3), ("乙", None, None)]
    assert list(writers.cell_values(rows, ["text", "money", "int"])) == [("甲", 1.1, 3), ("乙", None, None)]
    assert list(writers.cell_values(rows, ["text", "text", "int"])) == rows


def test_p10_the_child_never_uses_the_parents_database_session(make_enterprise):
    """Django leaves a connection open when it was flagged closed-in-transaction, so the fork
    can inherit a live socket (seen on PostgreSQL after other tests). The child must open its
    own: using or closing the inherited one ends the parent's session."""
    from django.db import connection

    make_enterprise("110114", name="北京会话测试有限公司")
    connection.ensure_connection()
    parents = id(connection.connection)
    connection.closed_in_transaction = True  # close_all() before the fork now leaves it open
    try:

        def produce():
            names = [e.name for e in Enterprise.objects.iterator(chunk_size=100)]
            return [(names, id(connection.connection))]

        for _ in range(2):
            [(names, childs)] = list(pipeline.rows_from_child(produce))
            assert names == ["北京会话测试有限公司"] and childs != parents
        assert id(connection.connection) == parents and Enterprise.objects.count() == 1
    finally:
        connection.closed_in_transaction = False
