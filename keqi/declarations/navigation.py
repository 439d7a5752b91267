from keqi.core.navigation import ADM, CITY, DIS, ENT

ITEMS = [
    (20, "申报活动", "declarations:programs", {ENT}),
    (45, "申报审核", "declarations:review_list", {DIS, CITY, ADM}),
    (880, "申报活动管理", "declarations:manage", {DIS, CITY, ADM}),
]
