from keqi.core.navigation import ADM, CITY, DIS, OFFICERS

ITEMS = [
    (30, "自定义查询", "reports:custom_query", OFFICERS | {ADM}),
    (31, "区县入库企业情况统计表", "reports:enterprise_statistics", {DIS, CITY, ADM}),
    (32, "区县科技型企业年报统计表", "reports:annual_statistics", {DIS, CITY, ADM}),
]
