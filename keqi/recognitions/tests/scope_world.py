"""Out-of-scope records for the permission walker (P1, issue 16): a submitted major change and a
recognition of the Chongqing enterprise; no Beijing role may see or decide them."""

from datetime import date

from keqi.enterprises.services import grant_qualification
from keqi.recognitions.models import MajorChange


def build(world, make_enterprise, make_user) -> None:
    outside = world["outside"]
    grant_qualification(actor=None, enterprise=outside, kind="specialized_sme", issued_on=date(2024, 1, 1))
    change = MajorChange.objects.create(
        enterprise=outside, change_type="rename", before="石柱范围外企业", after="范围外变更后名称",
        changed_on=date(2026, 1, 1), status="review", region_path=outside.region_path,
    )
    draft = MajorChange.objects.create(
        enterprise=outside, change_type="merger", before="甲", after="范围外草稿内容",
        changed_on=date(2026, 1, 1), region_path=outside.region_path,
    )
    for route in ("", "edit/", "delete/", "submit/"):
        world["route_params"][f"recognitions/changes/<int:pk>/{route}"] = {"pk": draft.pk}
    world["route_params"]["recognitions/manage/changes/<int:pk>/"] = {"pk": change.pk}
    world["secrets"] += ["范围外变更后名称", "范围外草稿内容"]

    def changes_untouched():
        assert MajorChange.objects.get(pk=change.pk).status == "review"
        assert MajorChange.objects.get(pk=draft.pk).status == "draft"
        outside.refresh_from_db()
        assert outside.name == "石柱范围外企业"

    world["untouched"].append(changes_untouched)
