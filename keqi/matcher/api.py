"""政策匹配 API (X1): GET /api/v1/matcher — the calling enterprise's matches as JSON."""

from django.core.exceptions import PermissionDenied
from ninja import Router

from keqi.matcher import selectors

router = Router(tags=["政策匹配"])


@router.get("", response={200: dict}, summary="本企业的政策匹配结果")
def match(request):
    if not request.user.is_enterprise_user or request.user.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以查看政策匹配")
    return selectors.as_json(selectors.match(request.user.enterprise))
