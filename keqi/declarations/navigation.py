from keqi.core.navigation import ADM, CITY, DIS, ENT
from keqi.declarations.series import menu_entries

ITEMS = [
    (20, "申报活动", "declarations:programs", {ENT}),
    (45, "申报审核", "declarations:review_list", {DIS, CITY, ADM}),
    (870, "申报时间维护", "declarations:region_windows", {CITY}),
    (46, "奖补汇总", "declarations:award_totals", {DIS, CITY}),
    (880, "申报活动管理", "declarations:manage", {DIS, CITY, ADM}),
]
# Series lists declared in the bundled program files (e.g. 年报数据审核, 年报数据查询).
ITEMS += [
    (e["order"], e["label"], f"declarations:series-{e['series']}-{e['list']}", set(e["roles"])) for e in menu_entries()
]
