from keqi.core.navigation import ENT, OFFICERS

ITEMS = [
    (10, "企业基本信息", "enterprises:profile", {ENT}),
    (20, "企业查询", "enterprises:list", OFFICERS),
]
