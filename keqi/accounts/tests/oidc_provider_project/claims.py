"""The legal-person claims: the enterprise's USCC and name, as a 法人 identity provider gives them."""

import json
import os

from oidc_provider.lib.claims import ScopeClaims


def person(username: str) -> dict:
    with open(os.environ["OP_PEOPLE_FILE"], encoding="utf-8") as handle:
        people = {entry["username"]: entry for entry in json.load(handle)}
    return people.get(username, {})


def userinfo(claims: dict, user) -> dict:
    claims["name"] = person(user.username).get("org_name", "")
    return claims


class LegalPersonClaims(ScopeClaims):
    info_legal_person = ("法人信息", "统一社会信用代码和单位名称")

    def scope_legal_person(self):
        entry = person(self.user.username)
        return {"uscc": entry.get("uscc"), "org_name": entry.get("org_name")}
