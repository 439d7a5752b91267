from keqi.core.navigation import ENT

ITEMS = [(25, "政策匹配", "matcher:matcher", {ENT})]
