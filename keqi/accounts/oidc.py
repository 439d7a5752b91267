"""统一身份认证 (P3): the OpenID Connect client side (ADR 0017).

mozilla-django-oidc does the protocol (state, nonce, PKCE, code exchange, JWKS signature check,
userinfo). Here we add what it leaves out: the provider's endpoints from its discovery document
(so settings name only the issuer), the id token's issuer and audience, and a client that
returns the verified claims instead of a user, because which account they open is ours to
decide (`keqi.accounts.identity`), with the same login log, throttle and lockout as a password.
"""

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.utils.crypto import constant_time_compare
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

_discovered: dict[str, dict] = {}


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def provider() -> dict:
    """The provider's discovery document, fetched once per process and issuer."""
    key = issuer()
    if key not in _discovered:
        response = requests.get(
            f"{key}/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
            verify=settings.OIDC_VERIFY_SSL,
        )
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != key:
            raise ImproperlyConfigured("统一身份认证：发现文档中的 issuer 与 KEQI_OIDC_ISSUER 不一致")
        _discovered[key] = document
    return _discovered[key]


class RequestView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint (state, nonce, PKCE in the session)."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)  # skip the settings lookup
        self.OIDC_OP_AUTH_ENDPOINT = provider()["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID


class ClaimsClient(OIDCAuthenticationBackend):
    """Exchanges the code and returns the verified claims (id token + userinfo), or None.

    Not an authentication backend: AUTHENTICATION_BACKENDS keeps its one password backend.
    """

    def __init__(self):
        document = provider()
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document.get("jwks_uri")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        if self.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not self.OIDC_OP_JWKS_ENDPOINT:
            raise ImproperlyConfigured("统一身份认证：提供方未公布 jwks_uri，无法验证签名")

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # the library leaves issuer and audience unchecked; a token minted for another client
        # of the same provider must not open a Keqi account
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("id token issuer mismatch")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if not any(constant_time_compare(str(item), self.OIDC_RP_CLIENT_ID) for item in audiences):
            raise SuspiciousOperation("id token audience mismatch")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):  # OIDC Core 5.3.2
            raise SuspiciousOperation("userinfo subject differs from the id token")
        return {**payload, **claims}
