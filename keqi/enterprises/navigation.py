from keqi.core.navigation import ADM, CITY, DIS, ENT, OFFICERS

ITEMS = [
    (10, "企业基本信息", "enterprises:profile", {ENT}),
    (15, "基本信息审核", "enterprises:changes", {DIS, CITY, ADM}),
    (20, "企业查询", "enterprises:list", OFFICERS | {ADM}),
]
