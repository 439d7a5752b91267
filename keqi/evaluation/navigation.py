from keqi.core.navigation import AGY, CITY, ENT

ITEMS = [
    (30, "评价概览", "evaluation:overview", {ENT}),
    (31, "评价信息", "evaluation:list", {ENT}),
    (40, "评价审核", "evaluation:review_list", {AGY, CITY}),
]
