"""Declaration windows per region (S0.1, X5): whether an enterprise may declare now, and if
not, the dates that say when it can."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from keqi.declarations.models import Window


@dataclass(frozen=True)
class WindowState:
    open: bool
    window: Window | None  # the open one, else the next, else the last
    message: str

    @property
    def phase(self) -> str:
        if self.open:
            return "open"
        if self.window is None:
            return "none"
        return "upcoming" if self.window.opens_at > timezone.now() else "closed"


def _dates(window: Window) -> str:
    local = timezone.localtime
    return f"{local(window.opens_at):%Y-%m-%d %H:%M}至{local(window.closes_at):%Y-%m-%d %H:%M}"


def windows_for(program, enterprise, purpose: str = Window.Purpose.DECLARE) -> list[Window]:
    """The program's windows that apply to the enterprise's region (the most specific region wins)."""
    windows = [w for w in program.windows.all() if w.purpose == purpose]
    mine = [w for w in windows if w.region_id and enterprise.region_path.startswith(w.region.path)]
    return mine or [w for w in windows if w.region_id is None]


def state(program, enterprise, now: datetime | None = None) -> WindowState:
    now = now or timezone.now()
    windows = sorted(windows_for(program, enterprise), key=lambda w: w.opens_at)
    if program.status != program.Status.PUBLISHED:
        return WindowState(False, windows[-1] if windows else None, "该申报活动未在申报期内")
    for window in windows:
        if window.opens_at <= now <= window.closes_at:
            return WindowState(True, window, f"申报时间：{_dates(window)}")
    upcoming = [w for w in windows if w.opens_at > now]
    if upcoming:
        return WindowState(False, upcoming[0], f"申报尚未开始，申报时间：{_dates(upcoming[0])}")
    if windows:
        return WindowState(False, windows[-1], f"申报已截止，申报时间：{_dates(windows[-1])}")
    if setter_level(program) is not None:
        return WindowState(False, None, NOT_OPEN_HERE)
    return WindowState(False, None, "该申报活动尚未设置申报时间")


NOT_OPEN_HERE = "本地区尚未开放申报入口：需主管部门完成【申报时间】维护并进入申报时间段内，才会开放本地区的申报入口"


def setter_level(program) -> dict | None:
    """The review level whose officers set the windows of their own region (`"sets_windows": true`
    in the program's levels, e.g. each province for its province)."""
    return next((level for level in program.levels or [] if level.get("sets_windows")), None)


def can_set_window(user, program) -> bool:
    level = setter_level(program)
    region = getattr(user, "region", None)
    if level is None or region is None or user.role not in level.get("roles", ()):
        return False
    return region.level == level.get("region_level") and region.path.startswith(program.region.path)


def own_window(program, region) -> Window | None:
    return (
        Window.objects.filter(program=program, region=region, purpose=Window.Purpose.DECLARE)
        .order_by("-closes_at")
        .first()
    )
