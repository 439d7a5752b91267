from keqi.core.navigation import ADM, CITY, DIS, OFFICERS

ITEMS = [
    # 科企信息统计表 (seed 002 §5)
    (29, "培育进度统计表", "reports:progress_statistics", {DIS, CITY, ADM}),
    (30, "自定义查询", "reports:custom_query", OFFICERS | {ADM}),
    (31, "区县入库企业情况统计表", "reports:enterprise_statistics", {DIS, CITY, ADM}),
    (32, "区县科技型企业年报统计表", "reports:annual_statistics", {DIS, CITY, ADM}),
    (33, "全市概况图", "reports:overview", {DIS, CITY, ADM}),
    # 申报事项 (seed 002 §4)
    (48, "知识价值信用评级列表", "reports:credit_list", {DIS, CITY, ADM}),
    (49, "科技创新券申领统计表", "reports:voucher_counts", {DIS, CITY, ADM}),
    (50, "科技创新券情况统计表", "reports:voucher_list", {DIS, CITY, ADM}),
    (885, "知识价值信用评级参数", "reports:credit_parameters", {ADM}),
]
