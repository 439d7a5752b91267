"""The daily message job (S3.7), run from cron by `manage.py send_reminders`:

- 认定到期 at 90, 30 and 7 days before a recognition expires (settings.EXPIRY_NOTICE_DAYS). A run
  sends the message of the nearest threshold already reached, so a missed day catches up next run;
- 信息更新 when the window opens, and 15 days before it closes to those who have not updated;
- 申报提醒 when a published program's window that the enterprise qualifies for is open: the policy
  matcher's verdict where it has one, the program's eligibility otherwise (`verdict`).

Every message has a unique reason, so a second run on the same day (or any later day) sends
nothing twice."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from keqi.declarations import eligibility, windows
from keqi.declarations.models import Program
from keqi.enterprises.models import Enterprise
from keqi.inbox.selectors import sent_reasons
from keqi.inbox.services import send
from keqi.matcher import selectors as matcher
from keqi.recognitions import rules, selectors


def expiry_messages(day: date) -> int:
    sent = 0
    thresholds = sorted(settings.EXPIRY_NOTICE_DAYS)  # 7, 30, 90
    held = selectors.recognitions(day).filter(valid_until__isnull=False).select_related("enterprise")
    for qualification in held.filter(valid_until__lte=day + timedelta(days=thresholds[-1])):
        left = (qualification.valid_until - day).days
        threshold = next((t for t in thresholds if left <= t), None)
        if threshold is None:
            continue
        label = selectors.kind_label(qualification.kind)
        until = f"{qualification.valid_until:%Y年%-m月%-d日}"
        body = (
            f"贵企业的{label}认定将于{until}到期（还有{left}天）。"
            "请在认证到期管理中提交复核申请；复核通过后有效期延长3年。"
        )
        if selectors.update_status(qualification.enterprise, day) == selectors.OVERDUE:
            body += f"贵企业未在{day.year}年4月30日前完成信息更新，按规定不能申请复核。"
        message = send(
            enterprise=qualification.enterprise,
            kind="expiry",
            title=f"认定到期提醒：{label}认定将于{until}到期",
            body=body,
            reason=f"expiry:{qualification.pk}:{qualification.valid_until}:{threshold}",
            link="/recognitions/expiry/",
        )
        sent += message is not None
    return sent


def update_messages(day: date) -> int:
    window = rules.update_window(day.year)
    if not window.is_open(day):
        return 0
    closing = (window.closes - day).days <= settings.UPDATE_CLOSING_NOTICE_DAYS
    sent = 0
    ids = selectors.recognitions(day).values_list("enterprise_id", flat=True).distinct()
    for enterprise in Enterprise.objects.filter(pk__in=ids):
        if selectors.update_status(enterprise, day) == selectors.UPDATED:
            continue
        if closing:
            title, reason = (
                f"信息更新提醒：{day.year}年度信息更新将于{window.closes:%-m月%-d日}截止",
                f"update-closing:{enterprise.pk}:{day.year}",
            )
            body = (
                f"贵企业尚未完成{day.year}年度信息更新。信息更新期为{window.text}，"
                "逾期未更新将失去复核资格，请尽快在企业基本信息中点击【信息更新】提交。"
            )
        else:
            title, reason = (f"信息更新通知：{day.year}年度信息更新已开放", f"update-open:{enterprise.pk}:{day.year}")
            body = (
                f"{day.year}年度信息更新已开放（{window.text}）。"
                "请在企业基本信息中点击【信息更新】核对并提交企业信息，由区县主管部门审核。"
            )
        sent += (
            send(
                enterprise=enterprise,
                kind="update",
                title=title,
                body=body,
                reason=reason,
                link="/recognitions/update/",
            )
            is not None
        )
    return sent


def _matched(enterprise, day: date, now, cache: dict) -> dict:
    """The policy matcher's entries for the enterprise by key (and its facts), once per run."""
    if enterprise.pk not in cache:
        result = matcher.match(enterprise, today=day, now=now)
        cache[enterprise.pk] = {"facts": result["facts"], **{e.key: e for e in result["entries"]}}
    return cache[enterprise.pk]


def verdict(program, enterprise, day: date, matched: dict) -> tuple[str, str] | None:
    """(reason key, sentence) when the enterprise should hear of the program, else None.

    The matcher's entry for the program where it has one (eligibility, region, the amount rule),
    narrowed by its recognition scheme for a program scored by one (a tier declaration: "not yet"
    against the standard, or holding the recognition already unless the program is its 复核,
    means no reminder); the program's
    own eligibility where the matcher has no entry. "Needs information" is a reminder too —
    unknown is never "no" — saying what is missing."""
    entry = matched.get(f"program:{program.key}")
    if entry is None:
        outcomes = eligibility.evaluate(program.eligibility, enterprise, day)
        return ("eligible", "贵企业符合申报条件") if all(o.status == eligibility.MET for o in outcomes) else None
    scheme_key = (program.assessment or {}).get("scheme", "")
    scheme = matched.get(f"scheme:{scheme_key}")
    reviews = scheme_key in ((program.on_decision or {}).get("qualification_kinds") or [])  # a 复核 of it
    if scheme is not None and matched["facts"].holds(scheme_key) and not reviews:
        return None
    statuses = {entry.status, scheme.status if scheme else entry.status}
    if matcher.NOT_YET in statuses:
        return None
    if matcher.NEEDS_INFO in statuses:
        missing = [*entry.missing, *(scheme.missing if scheme else [])][:5]
        return "needs_info", "贵企业可能符合申报条件，尚需补充：" + "、".join(missing) + "（见政策匹配）"
    found = [*entry.notes, *(scheme.notes if scheme else [])]
    if entry.amount is not None:
        found.append(f"{entry.amount_note}{entry.amount.normalize():f}万元")
    return "qualifies", "政策匹配结果：贵企业符合申报条件" + (f"（{'；'.join(found)}）" if found else "")


def reminder_messages(day: date) -> int:
    sent = 0
    now = timezone.now()
    cache: dict = {}
    programs = (
        Program.objects.filter(status=Program.Status.PUBLISHED)
        .select_related("region")
        .prefetch_related("windows__region")
    )
    for program in programs:
        done = sent_reasons(f"program:{program.pk}:")
        for enterprise in Enterprise.objects.filter(region_path__startswith=program.region.path).iterator():
            state = windows.state(program, enterprise, now)
            if not state.open:
                continue
            key = f"program:{program.pk}:{state.window.pk}:{enterprise.pk}"
            if f"{key}:qualifies" in done or f"{key}:eligible" in done:
                continue  # the last word for this window was said: spare the matcher
            found = verdict(program, enterprise, day, _matched(enterprise, day, now, cache))
            if found is None:
                continue
            why, sentence = found
            window = state.window
            closes = timezone.localtime(window.closes_at)
            sent += (
                send(
                    enterprise=enterprise,
                    kind="reminder",
                    title=f"申报提醒：{program.name}已开放申报",
                    body=f"{program.name}正在申报中，截止时间{closes:%Y-%m-%d %H:%M}。{sentence}。可前往申报活动查看并申报。",
                    # once per window and verdict: "needs information" now, "qualifies" once it does
                    reason=f"{key}:{why}",
                    link=f"/declarations/programs/{program.key}/",
                )
                is not None
            )
    return sent


def run(day: date | None = None) -> dict[str, int]:
    day = day or timezone.localdate()
    return {"认定到期": expiry_messages(day), "信息更新": update_messages(day), "申报提醒": reminder_messages(day)}
