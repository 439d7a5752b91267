import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keqi.accounts.models import Role
from keqi.evaluation import services
from keqi.evaluation.declaration import EVALUATION_FORM
from keqi.evaluation.tests.helpers import EVIDENCE_SLOTS, QUALIFYING, complete_profile, pdf_bytes
from keqi.formkit import engine


@pytest.fixture
def setup(make_enterprise, make_user):
    """An enterprise with a complete profile, its user, two agencies and their officers."""
    enterprise = complete_profile(make_enterprise("110114", name="北京昌平评价测试科技有限公司"))
    ent = make_user(Role.ENTERPRISE, enterprise=enterprise)
    agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心")
    other_agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京另一评价机构")
    province = make_user(Role.CITY, region_code="110000")
    other_province = make_user(Role.CITY, region_code="500000")
    return {
        "enterprise": enterprise,
        "ent": ent,
        "agency": agency_user.agency,
        "agency_user": agency_user,
        "other_agency_user": other_agency_user,
        "province": province,
        "other_province": other_province,
    }


@pytest.fixture
def filled(setup):
    """A qualifying evaluation with every required attachment, ready for the cover page."""
    ent = setup["ent"]
    evaluation = services.create_evaluation(actor=ent, enterprise=setup["enterprise"])
    services.acknowledge(actor=ent, evaluation=evaluation)
    raw = engine.parse_post(EVALUATION_FORM, QUALIFYING)
    evaluation = services.save_answers(actor=ent, evaluation=evaluation, raw=raw, expected_version=evaluation.version)
    for slot in EVIDENCE_SLOTS:
        upload = SimpleUploadedFile(f"{slot}.pdf", pdf_bytes(), content_type="application/pdf")
        services.upload(actor=ent, evaluation=evaluation, slot_key=slot, upload_file=upload)
    evaluation.refresh_from_db()
    return evaluation


def attach_cover(evaluation, ent):
    evaluation = services.mark_cover_printed(actor=ent, evaluation=evaluation)
    upload = SimpleUploadedFile("封面（签字盖章）.pdf", pdf_bytes(), content_type="application/pdf")
    services.upload(actor=ent, evaluation=evaluation, slot_key="cover", upload_file=upload)
    evaluation.refresh_from_db()
    return evaluation
