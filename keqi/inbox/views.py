from urllib.parse import urlencode

from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import role_required
from keqi.core.paging import paginate
from keqi.inbox import selectors, services
from keqi.inbox.models import Message

STATES = [("", "全部"), ("unread", "未读"), ("read", "已读")]


@role_required(Role.ENTERPRISE)
def message_list(request):
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    error = ""
    if kind and kind not in Message.Kind.values:
        error, kind = "消息类型不存在，已显示全部消息", ""
    if state not in dict(STATES):
        error, state = "阅读状态不存在，已显示全部消息", ""
    page = paginate(request, selectors.messages_for(request.user, kind=kind, state=state))
    counts = {k: selectors.messages_for(request.user, kind=k, state="unread").count() for k in Message.Kind.values}
    context = {
        "page": page,
        "kind": kind,
        "state": state,
        "error": error,
        "kinds": [(value, label, counts[value]) for value, label in Message.Kind.choices],
        "states": STATES,
        "query": urlencode({"kind": kind, "state": state}),
    }
    return render(request, "inbox/list.html", context)


@role_required(Role.ENTERPRISE)
def message_detail(request, pk: int):
    message = services.mark_read(message=selectors.message_for(request.user, pk))
    return render(request, "inbox/detail.html", {"message": message})


@role_required(Role.ENTERPRISE)
@require_POST
def read_all(request):
    enterprise_id = request.user.enterprise_id
    count = services.mark_all_read(enterprise=enterprise_id) if enterprise_id else 0
    flash.success(request, f"已将{count}条消息标记为已读" if count else "没有未读消息")
    return redirect("inbox:list")
