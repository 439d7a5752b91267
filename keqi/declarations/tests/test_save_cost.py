"""Issue 11 Speed (X7): a full save-draft of a program's main form is a handful of queries, and
its promoted figures stay right (docs/performance.md has the load figures)."""

from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keqi.declarations import services
from keqi.declarations.models import Figure, Submission

AMOUNTS = ["amount_qualification", "amount_rd", "amount_major", "amount_loan", "amount_platform"]


def body(version: int, n: int) -> str:
    data = {"version": str(version), "tech_field": "electronics", "industry": "C", "finances-present": "1"}
    for index, key in enumerate(AMOUNTS):
        data[key] = f"{n + index}.5"
    for year in range(4):
        data.update({f"finances-{year}-_uid": f"y{year}", f"finances-{year}-revenue": f"{3000 + n}"})
    return urlencode(data)


def test_autosave_of_the_full_main_form_costs_few_queries_and_keeps_figures(client, people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    client.force_login(people["ent"])
    url = f"/declarations/{submission.pk}/"
    kind = "application/x-www-form-urlencoded"
    first = client.post(url, body(submission.version, 1), content_type=kind, headers={"X-Autosave": "1"})
    assert first.status_code == 200, first.content
    with CaptureQueriesContext(connection) as captured:
        second = client.post(url, body(first.json()["version"], 2), content_type=kind, headers={"X-Autosave": "1"})
    assert second.status_code == 200 and second.json()["version"] == first.json()["version"] + 1
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # session, user; submission under its lock, update, figures upsert, audit row; the audit
    # row's seal in its hash chain (head, seal, head: X4; the row is hashed as saved, not read
    # back); session save. It was 56 + 4.
    assert len(statements) <= 11, "\n".join(s[:120] for s in statements)
    figures = dict(Figure.objects.filter(submission=submission).values_list("key", "number"))
    assert {key: str(figures[key]) for key in AMOUNTS} == {key: f"{2 + i}.5000" for i, key in enumerate(AMOUNTS)}
    assert Submission.objects.get(pk=submission.pk).answers["amount_rd"] == "3.5000"


def test_the_page_save_refuses_stale_versions_bad_values_and_other_enterprises(
    client, people, changping, make_user, qualified
):
    from keqi.accounts.models import Role

    submission = services.start(actor=people["ent"], program=changping)
    url, kind = f"/declarations/{submission.pk}/", "application/x-www-form-urlencoded"
    client.force_login(people["ent"])
    saved = client.post(url, body(submission.version, 1), content_type=kind, headers={"X-Autosave": "1"})
    stale = client.post(url, body(submission.version, 9), content_type=kind, headers={"X-Autosave": "1"})
    assert stale.status_code == 409 and stale.json()["version"] == saved.json()["version"]
    bad = client.post(url, urlencode({"version": saved.json()["version"], "amount_rd": "很多"}), content_type=kind)
    assert bad.status_code == 422 and "很多" in bad.content.decode()  # what was typed stays on the page
    assert Submission.objects.get(pk=submission.pk).version == saved.json()["version"]
    client.force_login(make_user(Role.ENTERPRISE, enterprise=qualified()))
    other = client.post(url, body(saved.json()["version"], 3), content_type=kind, headers={"X-Autosave": "1"})
    assert other.status_code == 404


def test_figures_follow_prefill_and_only_changed_values_are_written(people, changping):
    from django.test.utils import CaptureQueriesContext

    submission = services.start(actor=people["ent"], program=changping)
    promoted = {f["key"] for f in services.promoted_of(submission.form)}
    assert set(Figure.objects.filter(submission=submission).values_list("key", flat=True)) == promoted
    submission = services.save(
        actor=people["ent"], submission=submission, raw={"amount_rd": "7"}, expected_version=submission.version
    )
    with CaptureQueriesContext(connection) as captured:  # a promoted value unchanged: no figure write
        services.save(
            actor=people["ent"],
            submission=submission,
            raw={"amount_rd": "7", "amount_loan": "2"},
            expected_version=submission.version,
        )
    writes = [q["sql"] for q in captured.captured_queries if "declarations_figure" in q["sql"]]
    assert len(writes) == 1 and "amount_loan" in writes[0] and "amount_rd" not in writes[0]
    assert Figure.objects.get(submission=submission, key="amount_rd").number == 7
