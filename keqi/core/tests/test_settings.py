"""Settings: embedded defaults, deploy check with production variables, persistent connections."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def test_connections_are_persistent():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60


def test_check_deploy_passes_with_production_variables(tmp_path):
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "KEQI_DEBUG": "0",
        "KEQI_SECRET_KEY": "x" * 30 + "-production-secret-" + "y" * 20,
        "KEQI_ALLOWED_HOSTS": "keqi.example.cn",
        "KEQI_SECURE_SSL_REDIRECT": "1",
        "KEQI_SECURE_COOKIES": "1",
        "KEQI_HSTS_SECONDS": "31536000",
        "KEQI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_by_default():
    env = {key: value for key, value in os.environ.items() if key != "KEQI_DEBUG"}
    code = "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='keqi.settings';django.setup();from django.conf import settings;print(settings.DEBUG)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
