"""Messages created by events (S3.7): 认定通知 on a recognition (or its extension or new name),
取消认定 on a cancellation, 信息更新 on the district's decision about an update."""

from django.dispatch import receiver

from keqi.enterprises.services import change_request_decided, qualification_changed
from keqi.inbox.services import send


def _kind_label(kind: str) -> str:
    from django.conf import settings

    return getattr(settings, "RECOGNITION_KINDS", {}).get(kind, kind)


@receiver(qualification_changed)
def on_qualification(sender, qualification, event, actor=None, reason="", **kwargs):
    label = _kind_label(qualification.kind)
    enterprise = qualification.enterprise
    until = f"{qualification.valid_until:%Y年%-m月%-d日}" if qualification.valid_until else "长期"
    if event == "granted":
        send(
            enterprise=enterprise,
            kind="notice",
            title=f"认定通知：贵企业已被认定为{label}",
            body=f"贵企业已被认定为{label}（证书编号：{qualification.number or '待发放'}），有效期至{until}。"
            "认定期内请每年1月1日至4月30日完成信息更新，发生重大变更请在3个月内申报。",
            reason=f"granted:{qualification.pk}",
            link="/recognitions/expiry/",
        )
    elif event == "extended":
        send(
            enterprise=enterprise,
            kind="notice",
            title=f"认定通知：{label}复核通过",
            body=f"贵企业的{label}复核通过，认定有效期延长至{until}。",
            reason=f"extended:{qualification.pk}:{qualification.valid_until}",
            link="/recognitions/expiry/",
        )
    elif event == "renamed":
        send(
            enterprise=enterprise,
            kind="notice",
            title=f"认定通知：{label}认定信息已更新",
            body=f"根据审核通过的企业更名，{label}认定信息中的企业名称已更新为“{qualification.holder_name}”。",
            reason=f"renamed:{qualification.pk}:{qualification.holder_name}"[:120],
            link="/recognitions/expiry/",
        )
    elif event == "cancelled":
        send(
            enterprise=enterprise,
            kind="cancelled",
            title=f"取消认定：贵企业的{label}认定已被取消",
            body=f"贵企业的{label}认定已于{qualification.cancelled_on:%Y年%-m月%-d日}取消。原因：{reason}",
            reason=f"cancelled:{qualification.pk}",
            link="/recognitions/expiry/",
        )


@receiver(change_request_decided)
def on_update_decision(sender, change_request, decision, actor=None, **kwargs):
    yearly = change_request.purpose == "yearly_update"
    what = f"{change_request.year}年度信息更新" if yearly else "工商登记信息变更"
    result = "审核通过" if decision == "approve" else "审核不通过"
    body = f"贵企业提交的{what}{result}。"
    if change_request.opinion:
        body += f"审核意见：{change_request.opinion}"
    send(
        enterprise=change_request.enterprise,
        kind="update",
        title=f"信息更新：{what}{result}",
        body=body,
        reason=f"info:{change_request.pk}:{decision}",
        link="/enterprise/profile/",
    )
