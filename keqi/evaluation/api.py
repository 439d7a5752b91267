from ninja import Router

router = Router(tags=["科技型中小企业评价"])
