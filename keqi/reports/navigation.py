from keqi.core.navigation import ADM, OFFICERS

ITEMS = [
    (30, "自定义查询", "reports:custom_query", OFFICERS | {ADM}),
]
