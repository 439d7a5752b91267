"""What this app registers with the engines: eligibility kinds and assessment providers for the
declarations host, and who may read a verification's or an assessment's files."""

from datetime import date

from keqi.cultivation import selectors
from keqi.cultivation.models import Verification
from keqi.declarations import assessment, eligibility
from keqi.enterprises.models import Qualification
from keqi.files import access


def _digital_assessment(condition: dict, enterprise, today: date, regions=None):
    if selectors.latest_assessment(enterprise) is not None:
        return eligibility.Outcome(condition["label"], eligibility.MET)
    return eligibility.Outcome(condition["label"], eligibility.UNMET, "请先完成数字化水平评测")


def _legal_person_verified(condition: dict, enterprise, today: date, regions=None):
    if selectors.verified(enterprise):
        return eligibility.Outcome(condition["label"], eligibility.MET)
    if selectors.pending_verification(enterprise):
        return eligibility.Outcome(condition["label"], eligibility.UNMET, "人工实名认证审核中，审核通过后才能申报")
    return eligibility.Outcome(condition["label"], eligibility.UNMET, "请先完成法人实名认证")


def _digital_level(enterprise, on: date):
    latest = selectors.latest_assessment(enterprise)
    if latest is None:
        return assessment.Missing("数字化水平：需补充信息（请先完成数字化水平评测）")
    if latest.platform_level is None:
        return assessment.Missing(
            f"数字化水平：需补充信息（最新一次评测得分{latest.total.normalize():f}分；"
            "2024年版评测等级的判定规则未公开，请在数字化水平评测中填写平台出具的等级）"
        )
    return latest.platform_level


def _valid(kinds: tuple[str, ...]):
    def provider(enterprise, on: date) -> bool:
        rows = Qualification.objects.filter(enterprise=enterprise, kind__in=kinds)
        return any(q.is_valid_on(on) for q in rows)

    return provider


eligibility.register("digital_assessment", _digital_assessment)
eligibility.register("legal_person_verified", _legal_person_verified)
assessment.register_provider("digital_level", _digital_level, "最新一次数字化水平评测等级")
assessment.register_provider(
    "tech_innovative_valid", _valid(("tech_sme", "innovative_sme")), "科技和创新型中小企业资格"
)
assessment.register_provider("specialized_valid", _valid(("specialized_sme",)), "专精特新中小企业资格")


def _verification(user, owner_id: int) -> bool:
    return selectors.visible_verifications(user).filter(pk=owner_id).exists()


access.register(Verification._meta.label_lower, _verification)
