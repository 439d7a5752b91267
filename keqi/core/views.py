from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from keqi.core.discovery import app_modules
from keqi.core.workbench import workbench_for


def _home_blocks(request) -> list[str]:
    """Each app's `portal.home_block(request)` (rendered HTML), e.g. the announcements."""
    return [mark_safe(module.home_block(request)) for module in app_modules("portal")]  # noqa: S308  our own templates


def home(request):
    if request.user.is_authenticated:
        return redirect("core:workbench")
    return render(request, "core/home.html", {"blocks": _home_blocks(request)})


@login_required
def workbench(request):
    return render(request, "core/workbench.html", workbench_for(request.user))
