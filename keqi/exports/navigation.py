from keqi.core.navigation import ADM, OFFICERS

ITEMS = [
    (80, "我的导出", "exports:mine", OFFICERS | {ADM}),
]
