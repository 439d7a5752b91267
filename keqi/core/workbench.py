"""What each role sees first: counts and shortcuts, all scoped.

Core knows no enterprise: the figures an app owns (the profile's completeness, the officer's
enterprise count) come from each app's `navigation.workbench(user)` (ADR 0024)."""

from keqi.core.models import AuditLog
from keqi.core.navigation import programs_for, todos_for, workbench_facts


def workbench_for(user) -> dict:
    if user.is_enterprise_user:
        context = {
            "recent": AuditLog.objects.filter(enterprise_id=user.enterprise_id)[:10],
            "todos": todos_for(user),
            "programs": programs_for(user),
        }
    else:
        context = {"scope": user.region, "todos": todos_for(user)}
    return {**context, **workbench_facts(user)}
