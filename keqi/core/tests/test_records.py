"""X4 tamper-evident records (issue 11 item 9): audit rows are hash-chained; verify_records names
the first broken link; two writers to one chain queue on its head."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from keqi.core import audit, records
from keqi.core.models import AuditLog, ChainHead, RecordSeal


def write(actor, enterprise, count, action="save"):
    return [
        audit.record(actor=actor, action=action, target=enterprise, enterprise_id=enterprise.pk) for _ in range(count)
    ]


@pytest.mark.django_db
def test_audit_rows_are_chained_and_a_direct_edit_is_found(make_enterprise, make_user, capsys):
    enterprise = make_enterprise()
    user = make_user(enterprise=enterprise)
    rows = write(user, enterprise, 3)
    links = list(RecordSeal.objects.filter(chain=f"audit:{enterprise.pk}").order_by("sequence"))
    assert [link.record_id for link in links] == [row.pk for row in rows]
    assert links[0].prev_hash == "" and links[1].prev_hash == links[0].hash and links[2].prev_hash == links[1].hash
    call_command("verify_records")
    assert "记录完整" in capsys.readouterr().out

    AuditLog.objects.filter(pk=rows[1].pk).update(changes={"status": ["draft", "approved"]})  # around the services
    with pytest.raises(CommandError) as error:
        call_command("verify_records")
    assert f"第2环（审计日志编号{rows[1].pk}）的内容与封存摘要不符" in str(error.value)


@pytest.mark.django_db
def test_a_rewritten_link_a_deleted_row_and_a_cut_tail_are_each_found(make_enterprise, make_user):
    enterprise = make_enterprise()
    user = make_user(enterprise=enterprise)
    rows = write(user, enterprise, 3)
    chain = f"audit:{enterprise.pk}"
    assert records.verify_chain(chain) is None

    # Recomputing the edited row's content hash in its own link still breaks the next link's prev.
    AuditLog.objects.filter(pk=rows[0].pk).update(action="forged")
    forged = records.content_hash(AuditLog.objects.filter(pk=rows[0].pk).values(*records._fields(AuditLog)).get())
    RecordSeal.objects.filter(chain=chain, sequence=1).update(content_hash=forged)
    assert "第1环" in str(records.verify_chain(chain)) and "链接摘要不符" in str(records.verify_chain(chain))

    other = make_enterprise()
    kept = write(user, other, 2)
    AuditLog.objects.filter(pk=kept[0].pk).delete()
    assert "的记录已被删除" in str(records.verify_chain(f"audit:{other.pk}"))

    third = make_enterprise()
    tail = write(user, third, 2)
    AuditLog.objects.filter(pk=tail[1].pk).delete()
    RecordSeal.objects.filter(record_type="core.auditlog", record_id=tail[1].pk).delete()
    assert "末尾的记录被删除" in str(records.verify_chain(f"audit:{third.pk}"))


@pytest.mark.django_db
def test_a_row_inserted_around_the_services_has_no_seal_and_is_named(make_enterprise):
    enterprise = make_enterprise()
    AuditLog.objects.bulk_create(
        [AuditLog(action="forged", target_type="x", target_id="1", enterprise_id=enterprise.pk)]
    )
    problem = records.verify()
    assert problem is not None and "没有封存记录" in str(problem)


@pytest.mark.django_db(transaction=True)
def test_two_writers_to_one_chain_queue_on_its_head(make_enterprise, make_user):
    """Each thread has its own connection; without the head lock both would link to the same predecessor
    (on PostgreSQL: select_for_update; on SQLite: BEGIN IMMEDIATE)."""
    enterprise = make_enterprise()
    user = make_user(enterprise=enterprise)
    errors = []
    start = threading.Barrier(2)

    def writer():
        try:
            start.wait()
            write(user, enterprise, 15)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    chain = f"audit:{enterprise.pk}"
    assert ChainHead.objects.get(key=chain).length == 30
    assert list(RecordSeal.objects.filter(chain=chain).values_list("sequence", flat=True)) == list(range(1, 31))
    assert records.verify_chain(chain) is None, connection.vendor


@pytest.mark.django_db
def test_demo_data_verifies(capsys):
    call_command("load_demo")
    call_command("verify_records")
    assert "记录完整" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_seal_hashes_what_the_database_gives_back(make_enterprise, make_user):
    """The seal hashes the saved instance without reading it back (one query less per write); the
    values that a save and a read change — JSON numbers, IPv6 spelling, ids stored as text — must
    hash as what verify reads back, on SQLite and PostgreSQL."""
    from keqi.workflow.models import ReviewRecord

    enterprise = make_enterprise()
    user = make_user(enterprise=enterprise)
    tricky = {
        "tenth": 0.1,
        "whole": 2.0,
        "huge_float": 1e300,
        "tiny": 1e-7,
        "minus_zero": -0.0,
        "big_int": 2**70,
        "nested": [{"b": 1, "a": (1, 2)}],
        "text": "中文\u202e名称",
    }
    audit_row = AuditLog.objects.create(
        actor=user,
        action="x",
        target_type="t",
        target_id=12345,
        enterprise_id=enterprise.pk,
        changes=tricky,
        ip_address="2001:0db8:0000::0001",
    )
    review_row = ReviewRecord.objects.create(
        process="p",
        target_type="t",
        target_id=7,
        transition="pass",
        from_state="a",
        to_state="b",
        actor=user,
        actor_name="审核员",
        level="district",
        decision="pass",
        opinion="同意",
    )
    for row in (audit_row, review_row):
        stored = records._stored(type(row), row.pk)
        assert records.content_hash(records._as_stored(row)) == records.content_hash(stored), connection.vendor
        link = RecordSeal.objects.get(record_type=row._meta.label_lower, record_id=row.pk)
        assert link.content_hash == records.content_hash(stored)
    assert records.verify() is None
