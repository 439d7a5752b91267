"""The old evaluation row of the walker's out-of-scope declaration (declarations/tests/scope_world.py
gives that declaration the same 系统填报号): its old URLs redirect, and only within scope."""

from keqi.evaluation.models import Evaluation


def build(world, make_enterprise, make_user):
    old = Evaluation.objects.create(
        enterprise=world["outside"], year=2026, serial="2026500240999999", status="agency_review"
    )
    world["params"]["evaluation_id"] = old.pk
    world["route_params"]["evaluation/<int:evaluation_id>/<path:rest>"] = {"rest": "form/"}
