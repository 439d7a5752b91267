from keqi.core.navigation import ENT

ITEMS = [(12, "我的消息", "inbox:list", {ENT})]
