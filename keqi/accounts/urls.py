from django.urls import path

from keqi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("captcha.png", views.captcha_image, name="captcha"),
    path("forgot-password/", views.forgot_password, name="forgot_password"),
    path("officers/", views.officer_list, name="officers"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("password/", views.change_password, name="change_password"),
]
