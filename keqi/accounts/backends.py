"""The one authentication backend: any use of authenticate() goes through lockout, throttle and log."""

from django.contrib.auth.backends import ModelBackend

from keqi.accounts import services
from keqi.core.http import client_ip


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get("username")
        if username is None or password is None:
            return None
        user, _reason = services.login_attempt(
            username=username,
            password=password,
            ip_address=client_ip(request) if request is not None else None,
            user_agent=request.META.get("HTTP_USER_AGENT", "") if request is not None else "",
            channel="authenticate",
            second_factor_follows=True,
        )
        if user is not None and services.needs_second_factor(user):
            return None  # a password alone does not let this role in: the SMS step is on the login page
        return user
