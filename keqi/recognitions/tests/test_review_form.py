"""Issue 16 item 3: a 复核 reuses its tier's declaration form by reference (`form_from` in the
program data), prefilled from the enterprise's latest submitted declaration of that tier with the
profile fields as they are now, each value's source shown; scored by the tier's self-assessment."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from keqi.cultivation.tests.test_tier import SPECIALIZED_ANSWERS
from keqi.declarations import assessment, prefill, program_services
from keqi.declarations import services as declarations
from keqi.declarations.models import Program, Submission

pytestmark = pytest.mark.django_db
DAY = datetime(2026, 3, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_each_review_program_uses_its_tiers_form_assessment_and_export_columns(review_programs):
    for kind, series in (
        ("innovative_sme", "innovative-sme"),
        ("specialized_sme", "specialized-sme"),
        ("little_giant", "little-giant"),
    ):
        review = review_programs[kind]
        tier = Program.objects.get(series=series, year=2026)
        assert review.form_from == tier.key and review.form_id == tier.form_id
        assert review.assessment == tier.assessment and review.export_columns == tier.export_columns
        assert review.on_decision["qualification_kinds"] == [kind]


def test_review_starts_from_the_latest_tier_declaration_and_the_current_profile(client, recognised, review_program):
    enterprise = recognised["enterprise"]
    tier = Program.objects.get(key=review_program.form_from)
    answers = {**SPECIALIZED_ANSWERS, "ent_name": enterprise.name, "ent_uscc": enterprise.uscc, "ent_legal": "李四"}
    Submission.objects.create(
        program=tier,
        enterprise=enterprise,
        form=tier.form,
        status="approved",
        answers=answers,
        region_path=enterprise.region_path,
        submitted_at=datetime(2023, 5, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    enterprise.legal_representative = "王五"  # changed since the declaration
    enterprise.save(update_fields=["legal_representative"])
    with time_machine.travel(DAY, tick=False):
        review = declarations.start(actor=recognised["ent"], program=review_program)
        assert review.form_id == tier.form_id
        assert review.answers["operating_revenue_y2"] == "6000" and review.answers["niche_years"] == "5"
        assert review.answers["ent_legal"] == "王五"  # the profile as it is now
        found = prefill.sources(review)
        assert found["ent_legal"] == prefill.PROFILE_SOURCE
        assert found["operating_revenue_y2"] == "来自2026年专精特新中小企业申报（审核通过）"
        result = assessment.run(review)
        assert result and result["result"]["scheme"] == "specialized_sme"
        client.force_login(recognised["ent"])
        page = client.get(f"/declarations/{review.pk}/").content.decode()
    assert "来自2026年专精特新中小企业申报（审核通过）" in page and "经济效益指标" in page


def test_without_an_earlier_declaration_the_profile_alone_prefills(recognised, review_program):
    with time_machine.travel(DAY, tick=False):
        review = declarations.start(actor=recognised["ent"], program=review_program)
    assert review.answers["ent_name"] == recognised["enterprise"].name
    assert "operating_revenue_y2" not in review.answers
    assert prefill.form_source(review_program, recognised["enterprise"]) is None


def test_a_draft_or_withdrawn_declaration_is_not_a_source(recognised, review_program):
    tier = Program.objects.get(key=review_program.form_from)
    Submission.objects.create(
        program=tier,
        enterprise=recognised["enterprise"],
        form=tier.form,
        status="draft",
        answers={"niche_years": "9"},
        region_path=recognised["enterprise"].region_path,
    )
    assert prefill.form_source(review_program, recognised["enterprise"]) is None


def test_unknown_form_source_is_a_clear_error(db):
    with pytest.raises(ValidationError) as caught:
        program_services.load(
            {
                "key": "bad-review-2026",
                "name": "错误的复核",
                "year": 2026,
                "region": "500000",
                "form_from": "no-such-program-2026",
            }
        )
    assert "表单来源申报活动“no-such-program-2026”不存在" in str(caught.value)
    assert not Program.objects.filter(key="bad-review-2026").exists()
