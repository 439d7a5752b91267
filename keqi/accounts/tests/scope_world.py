"""Out-of-scope account records for the permission walker (P2): another user's API token,
which nobody else may see or revoke, and that user's mobile, which no walked page (修改手机号
included) may show or change."""

from keqi.accounts.models import ApiToken, Role
from keqi.accounts.services import issue_api_token


def build(world, make_enterprise, make_user) -> None:
    owner = make_user(Role.ENTERPRISE, enterprise=world["outside"])
    issue_api_token(user=owner, name="石柱企业令牌")
    token = ApiToken.objects.get(user=owner)
    world["params"]["token_id"] = token.pk
    world["secrets"] += ["石柱企业令牌", owner.mobile, f"{owner.mobile[:3]}****{owner.mobile[-4:]}"]
    mobile = owner.mobile

    def token_untouched():
        assert not ApiToken.objects.get(pk=token.pk).revoked
        owner.refresh_from_db()
        assert owner.mobile == mobile and owner.username == mobile

    world["untouched"].append(token_untouched)
