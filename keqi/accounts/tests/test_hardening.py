"""issue 11 #7 (P2): no secret-key default in production, no-store for logged-in pages,
a Content-Security-Policy the pages keep to, common passwords refused."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from keqi.accounts.models import Role, User
from keqi.accounts.tests.helpers import solve_captcha
from keqi.core.identifiers import make_uscc

ROOT = Path(__file__).resolve().parents[3]
PRINT_KEY = (
    "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='keqi.settings';django.setup();"
    "from django.conf import settings;print(len(settings.SECRET_KEY))"
)


def run_settings(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"KEQI_DEBUG", "KEQI_SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", PRINT_KEY],
        cwd=ROOT,
        env={**base, "KEQI_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_settings(tmp_path)
    assert result.returncode != 0
    assert "未设置 KEQI_SECRET_KEY" in result.stderr


def test_make_run_and_production_with_a_key_start(tmp_path):
    assert run_settings(tmp_path, KEQI_DEBUG="1").returncode == 0  # what `make run` sets
    result = run_settings(tmp_path, KEQI_SECRET_KEY="k" * 60)
    assert result.returncode == 0 and result.stdout.strip() == "60"


@pytest.mark.django_db
def test_logged_in_pages_are_not_stored_anonymous_ones_may_be(client, make_user):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(make_user())
    for url in ("/workbench/", "/enterprise/profile/", "/accounts/api-tokens/", "/api/v1/accounts/me"):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


# inline code the policy would block (a <script type="application/json"> data block is not code)
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_every_page_has_a_content_security_policy_it_keeps_to(client, make_user, make_enterprise):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    ent = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    officer = make_user(Role.DISTRICT, region_code="110114")
    pages = {
        None: ["/", "/accounts/login/", "/accounts/register/", "/accounts/forgot-password/"],
        ent: [
            "/workbench/",
            "/enterprise/profile/",
            "/declarations/",
            "/accounts/password/",
            "/accounts/api-tokens/",
        ],
        officer: [
            "/workbench/",
            "/enterprise/list/",
            "/enterprise/changes/",
            "/reports/custom-query/",
            "/exports/mine/",
        ],
    }
    for user, urls in pages.items():
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert not INLINE.search(body), f"{url}: {INLINE.search(body).group(0)}"
            assert response["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_registration_refuses_a_common_password(client):
    response = client.post(
        "/accounts/register/",
        {
            "mobile": "13912345670",
            "name": "常见密码测试科技有限公司",
            "uscc": make_uscc("500157", 22345678),
            "password": "Password123",
            "password_confirm": "Password123",
            "captcha": solve_captcha(client),
        },
    )
    assert response.context["form"].errors["password"] == ["该密码过于常见，容易被猜中，请换一个"]
    assert not User.objects.filter(username="13912345670").exists()


@pytest.mark.django_db
def test_openapi_document_and_docs_need_a_login_in_production(client, make_user):
    for url in ("/api/openapi.json", "/api/v1/openapi.json", "/api/v1/docs"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), url
    client.force_login(make_user())
    for url in ("/api/openapi.json", "/api/v1/openapi.json", "/api/v1/docs"):
        assert client.get(url).status_code == 200, url
