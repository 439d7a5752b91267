"""Out-of-scope account records for the permission walker (P2): another user's API token,
which nobody else may see or revoke."""

from keqi.accounts.models import ApiToken, Role
from keqi.accounts.services import issue_api_token


def build(world, make_enterprise, make_user) -> None:
    owner = make_user(Role.ENTERPRISE, enterprise=world["outside"])
    issue_api_token(user=owner, name="石柱企业令牌")
    token = ApiToken.objects.get(user=owner)
    world["params"]["token_id"] = token.pk
    world["secrets"].append("石柱企业令牌")

    def token_untouched():
        assert not ApiToken.objects.get(pk=token.pk).revoked

    world["untouched"].append(token_untouched)
