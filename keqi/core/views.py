from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from keqi.core.workbench import workbench_for


def _home_blocks(request) -> list[str]:
    """Each app's `portal.home_block(request)` (rendered HTML), e.g. the announcements."""
    blocks = []
    for config in apps.get_app_configs():
        if not config.name.startswith("keqi."):
            continue
        try:
            module = import_module(f"{config.name}.portal")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.portal":
                raise
            continue
        blocks.append(mark_safe(module.home_block(request)))  # noqa: S308  our own rendered template
    return blocks


def home(request):
    if request.user.is_authenticated:
        return redirect("core:workbench")
    return render(request, "core/home.html", {"blocks": _home_blocks(request)})


@login_required
def workbench(request):
    return render(request, "core/workbench.html", workbench_for(request.user))
