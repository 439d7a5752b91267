from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from keqi.core.workbench import workbench_for


def home(request):
    if request.user.is_authenticated:
        return redirect("core:workbench")
    return render(request, "core/home.html")


@login_required
def workbench(request):
    return render(request, "core/workbench.html", workbench_for(request.user))
