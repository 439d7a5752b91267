from ninja import Router

router = Router(tags=["附件"])
