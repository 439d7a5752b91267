"""Out-of-scope info-change request for the permission walker (P1, S2.1): a pending request of
the Chongqing enterprise; no Changping/Beijing role may see or decide it."""

from keqi.accounts.models import Role
from keqi.enterprises.models import InfoChangeRequest, Qualification
from keqi.enterprises.services import save_profile


def build(world, make_enterprise, make_user) -> None:
    outside = world["outside"]
    owner = make_user(Role.ENTERPRISE, enterprise=outside)
    Qualification.objects.create(enterprise=outside, kind="tech_sme", number="2026500240A00001", year=2026)
    save_profile(
        actor=owner, enterprise=outside, values={"address": "重庆范围外新住所"}, expected_version=outside.version
    )
    change = InfoChangeRequest.objects.get(enterprise=outside)
    world["params"]["change_id"] = change.pk
    world["route_params"]["enterprise/changes/<int:pk>/"] = {"pk": change.pk}
    world["secrets"].append("重庆范围外新住所")

    def change_untouched():
        row = InfoChangeRequest.objects.get(pk=change.pk)
        assert row.status == "pending" and row.decided_by_id is None
        outside.refresh_from_db()
        assert outside.address != "重庆范围外新住所"

    world["untouched"].append(change_untouched)

    # a qualification claim of the outside enterprise: nobody in Beijing may confirm it or read its number
    claim = Qualification.objects.create(
        enterprise=outside, kind="high_tech", number="GR-石柱-范围外", status=Qualification.Status.CLAIMED
    )
    world["route_params"]["enterprise/qualifications/<int:pk>/decide/"] = {"pk": claim.pk}
    world["route_params"]["enterprise/profile/qualification/<int:pk>/edit/"] = {"pk": claim.pk}
    world["secrets"].append("GR-石柱-范围外")

    def claim_untouched():
        row = Qualification.objects.get(pk=claim.pk)
        assert row.status == "claimed" and row.decided_by_id is None and row.number == "GR-石柱-范围外"

    world["untouched"].append(claim_untouched)
