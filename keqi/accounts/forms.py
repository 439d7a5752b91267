from django import forms

from keqi.accounts.models import Agency, Role
from keqi.accounts.services import TOKEN_LIFETIMES
from keqi.reference.models import Region


class RegistrationForm(forms.Form):
    mobile = forms.CharField(label="手机号（账号）", max_length=11)
    name = forms.CharField(label="企业名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)
    password_confirm = forms.CharField(label="确认密码", widget=forms.PasswordInput, max_length=128)
    captcha = forms.CharField(label="验证码", max_length=8)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", "两次输入的密码不一致")
        return data


class LoginForm(forms.Form):
    username = forms.CharField(
        label="账号（手机号/登录名）", max_length=150, help_text="已实名认证的企业也可使用统一社会信用代码登录"
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)
    captcha = forms.CharField(label="验证码", max_length=8)


class LoginCodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ResetPasswordForm(forms.Form):
    mobile = forms.CharField(label="手机号", max_length=11)
    captcha = forms.CharField(label="验证码", max_length=8, required=False)
    code = forms.CharField(label="短信验证码", max_length=6, required=False)
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, max_length=128, required=False)
    password_confirm = forms.CharField(label="确认密码", widget=forms.PasswordInput, max_length=128, required=False)


class OfficerForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=64)
    mobile = forms.CharField(label="手机号", max_length=11, required=False)
    role = forms.ChoiceField(
        label="角色", choices=[(r.value, r.label) for r in (Role.DISTRICT, Role.CITY, Role.AGENCY)]
    )
    region = forms.ModelChoiceField(
        label="管辖区域",
        queryset=Region.objects.exclude(level=Region.Level.COUNTY).order_by("code"),
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码，如 110114"}),
        error_messages={"invalid_choice": "区划代码不存在"},
    )
    agency = forms.ModelChoiceField(label="评价机构", queryset=Agency.objects.all(), required=False)
    can_view_personal_data = forms.BooleanField(label="可查看身份证号、手机号等个人信息", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, max_length=128)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=64)
    days = forms.TypedChoiceField(
        label="有效期", coerce=int, choices=[(days, label) for days, label in TOKEN_LIFETIMES.items()], initial=90
    )
    password = forms.CharField(label="当前密码", widget=forms.PasswordInput, max_length=128)
    captcha = forms.CharField(label="验证码", max_length=8)


class ChangePasswordForm(forms.Form):
    old_password = forms.CharField(label="当前密码", widget=forms.PasswordInput, max_length=128)
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, max_length=128)
    password_confirm = forms.CharField(label="确认新密码", widget=forms.PasswordInput, max_length=128)


class MobileChangeForm(forms.Form):
    new_mobile = forms.CharField(
        label="新手机号",
        max_length=11,
        error_messages={"required": "请输入新手机号", "max_length": "手机号应为11位数字"},
    )
    old_code = forms.CharField(label="原手机号短信验证码", max_length=6, required=False)
    new_code = forms.CharField(label="新手机号短信验证码", max_length=6, required=False)
