from django.urls import path

from keqi.accounts import oidc_views, views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("oidc/start/", oidc_views.start, name="oidc_start"),
    path("oidc/callback/", oidc_views.callback, name="oidc_callback"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("captcha.png", views.captcha_image, name="captcha"),
    path("forgot-password/", views.forgot_password, name="forgot_password"),
    path("officers/", views.officer_list, name="officers"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("password/", views.change_password, name="change_password"),
    path("mobile/", views.mobile_change, name="mobile_change"),
]
