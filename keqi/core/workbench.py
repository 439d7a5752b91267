"""What each role sees first: counts and shortcuts, all scoped."""

from keqi.core.models import AuditLog
from keqi.core.navigation import programs_for, todos_for
from keqi.enterprises.selectors import visible_enterprises


def workbench_for(user) -> dict:
    if user.is_enterprise_user:
        enterprise = visible_enterprises(user).filter(pk=user.enterprise_id).first()
        missing = []
        if enterprise is not None:
            for field, label in (
                ("industry_id", "所属行业"),
                ("legal_representative", "法定代表人"),
                ("established_date", "成立日期"),
                ("address", "住所"),
                ("employees", "职工总数"),
            ):
                if not getattr(enterprise, field):
                    missing.append(label)
        recent = AuditLog.objects.filter(enterprise_id=user.enterprise_id)[:10]
        return {
            "enterprise": enterprise,
            "missing": missing,
            "recent": recent,
            "todos": todos_for(user),
            "programs": programs_for(user),
        }
    enterprises = visible_enterprises(user)
    return {"enterprise_count": enterprises.count(), "scope": user.region, "todos": todos_for(user)}
