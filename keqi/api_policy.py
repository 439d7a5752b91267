"""HTTP face of keqi.policy (S1.14, S3.3, X2): POST /api/v1/policy/{scheme}/assess.

Bodies are parsed with Decimal so figures keep every digit; bad input answers 422 with
every bad field, an unknown scheme 404.
"""

import json
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router

from keqi import policy

router = Router(tags=["政策测算"])


def _body(request: HttpRequest):
    try:
        return json.loads(request.body or b"{}", parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise policy.PolicyInputError([{"field": "", "message": "请求体不是有效的 JSON"}]) from None


@router.get("/schemes", summary="政策类型及规则版本")
def schemes(request):
    return policy.list_schemes()


@router.get("/{scheme}/schema", summary="测算输入的 JSON Schema")
def schema(request, scheme: str, ruleset: str | None = None):
    return policy.input_schema(scheme, ruleset)


@router.post(
    "/{scheme}/assess",
    summary="政策测算：得分、未满足条件与原因、提升建议",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}, "required": True}},
)
def assess(request, scheme: str, ruleset: str | None = None):
    return policy.assess(scheme, _body(request), ruleset)
