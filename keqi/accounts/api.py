from ninja import Router, Schema

router = Router(tags=["账号"])


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    region_code: str | None
    enterprise_id: int | None


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.username,
        display_name=str(user),
        role=user.role,
        role_label=user.get_role_display(),
        region_code=user.region.code if user.region_id else None,
        enterprise_id=user.enterprise_id,
    )
