"""One env-driven settings module.

Every setting has an embedded default so the platform runs with no environment at all
(SQLite in WAL mode under var/, media under var/media, console SMS). Production sets
KEQI_SECRET_KEY, KEQI_DEBUG=0, KEQI_ALLOWED_HOSTS, DATABASE_URL and the HTTPS flags.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KEQI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("KEQI_DEBUG", False)
# No default key outside development: production (KEQI_DEBUG off) refuses to start without one.
SECRET_KEY = os.environ.get("KEQI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "未设置 KEQI_SECRET_KEY：生产环境（KEQI_DEBUG 关闭）必须设置随机密钥；本机开发请用 make run"
        )
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = env_list("KEQI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("KEQI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "keqi.core",
    "keqi.reference",
    "keqi.accounts",
    "keqi.enterprises",
    "keqi.files",
    "keqi.formkit",
    "keqi.workflow",
    "keqi.documents",
    "keqi.evaluation",
    "keqi.exports",
    "keqi.reports",
    "keqi.declarations",
    "keqi.cultivation",
    "keqi.matcher",
    "keqi.libraries",
    "keqi.inbox",
    "keqi.recognitions",
    "django_tasks",
    "django_tasks_db",
]

# Background work (large exports, PDF batches) runs on the database: no extra server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "keqi.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "keqi.accounts.middleware.BodyLimitMiddleware",
    "keqi.core.middleware.InputSanityMiddleware",
    "keqi.core.middleware.TooManyRequestsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "keqi.urls"
WSGI_APPLICATION = "keqi.wsgi.application"
ASGI_APPLICATION = "keqi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "keqi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "keqi.core.context_processors.navigation",
                "keqi.core.context_processors.site",
                "keqi.inbox.context_processors.inbox",
            ],
        },
    },
]

# Database: SQLite (WAL, under var/) unless DATABASE_URL says otherwise. Connections are
# persistent: a new PostgreSQL connection per request cut throughput roughly twentyfold.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'keqi.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DATABASES["default"]["NAME"] == ":memory:" else 600
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Statistics pages and export rows read from a replica when one is configured (keqi.core.replica).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["keqi.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "keqi.accounts.passwords.StrongPasswordValidator"},
    {"NAME": "keqi.accounts.passwords.CommonPasswordValidator"},
]
# One backend: authenticate() anywhere goes through lockout, per-address throttle and login log.
AUTHENTICATION_BACKENDS = ["keqi.accounts.backends.AccountBackend"]

# 统一身份认证 (P3, ADR 0017): legal-person login through an OpenID Connect provider, shown on
# the login page when KEQI_OIDC_ISSUER and KEQI_OIDC_CLIENT_ID are set. The endpoints come from
# the issuer's /.well-known/openid-configuration; docs/deploy.md lists the variables.
OIDC_ISSUER = os.environ.get("KEQI_OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("KEQI_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("KEQI_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("KEQI_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("KEQI_OIDC_SCOPES", "openid profile")
OIDC_USCC_CLAIM = os.environ.get("KEQI_OIDC_USCC_CLAIM", "uscc")  # the claim carrying the USCC
OIDC_NAME_CLAIM = os.environ.get("KEQI_OIDC_NAME_CLAIM", "name")  # the enterprise's name, for a first login
OIDC_VERIFY_SSL = env_bool("KEQI_OIDC_VERIFY_SSL", True)
OIDC_TIMEOUT = 10
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"

# Cache and sessions: in Redis when KEQI_REDIS_URL is set (every process shares them), else
# the local-memory cache and sessions in the database, which every process shares as well.
REDIS_URL = os.environ.get("KEQI_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = int(os.environ.get("KEQI_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "keqi" / "static"]
MEDIA_ROOT = Path(os.environ.get("KEQI_MEDIA_ROOT", VAR_DIR / "media"))
# Attachments and export files: S3-compatible object storage when KEQI_S3_BUCKET is set (every
# process and machine sees the same files; downloads still go through Django's permission checks).
S3_BUCKET = os.environ.get("KEQI_S3_BUCKET", "")
DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("KEQI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("KEQI_S3_REGION") or None,
            "access_key": os.environ.get("KEQI_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("KEQI_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("KEQI_S3_PREFIX", "media"),
            "default_acl": None,  # private objects: only Django hands them out
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "keqi.core.storage.StaticStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# The footer of every page (P10): who to call, who runs the site, the ICP filing number.
SITE_HOTLINE = os.environ.get("KEQI_SITE_HOTLINE", "023-12345678")
SITE_SUPPORT = os.environ.get("KEQI_SITE_SUPPORT", "科企通平台运维中心（工作日 9:00–17:30）")
SITE_ICP = os.environ.get("KEQI_SITE_ICP", "渝ICP备00000000号")
SITE_ICP_URL = os.environ.get("KEQI_SITE_ICP_URL", "https://beian.miit.gov.cn/")

# SMS: console by default; "file" appends JSON lines to KEQI_SMS_FILE (used by tests).
SMS_BACKEND = os.environ.get("KEQI_SMS_BACKEND", "console")
SMS_FILE = Path(os.environ.get("KEQI_SMS_FILE", VAR_DIR / "sms.jsonl"))

# Account security parameters (P2).
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 15
SMS_CODE_TTL_SECONDS = 300
SMS_MIN_INTERVAL_SECONDS = 60
SMS_MAX_PER_DAY = 10
SMS_CODE_MAX_ATTEMPTS = 5  # wrong guesses that void a code
# Second factor at login (seed 001 §4.1 登录名、密码和短信验证码): the roles that must enter an SMS
# code after the password. On for officers and administrators by default; "" turns it off.
LOGIN_SMS_ROLES = {
    role.strip() for role in os.environ.get("KEQI_LOGIN_SMS_ROLES", "AGY,DIS,CITY,ADM").split(",") if role.strip()
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("KEQI_SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("KEQI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("KEQI_SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = int(os.environ.get("KEQI_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("KEQI_BEHIND_PROXY", False)  # client address from X-Forwarded-For's last entry
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# P6 / issue 9: every multipart body is capped before it is read (the slot's cap when the view
# set one, else the largest slot's), spooled to disk above 2.5 MB in chunks and hashed while it
# streams (keqi/files/uploads.py); a 300 MB ZIP is never held in memory.
FILE_UPLOAD_HANDLERS = ["keqi.files.uploads.StreamingUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILES_MAX_UPLOAD_BYTES = 300 * 1024 * 1024
# Images above this many pixels are refused at upload (decompression bombs); Pillow's own
# MAX_IMAGE_PIXELS is set to it too (keqi.files.apps), so no decode anywhere goes beyond it.
FILES_MAX_IMAGE_PIXELS = 50_000_000
# Largest request body by declared Content-Length, refused before it is read (accounts.middleware).
KEQI_BODY_LIMITS = {
    "anonymous": 64 * 1024,  # login, registration, password reset; never a file
    # logged-in multipart: beyond every slot's cap; within it files.uploads answers with the slot's own message
    "upload": FILES_MAX_UPLOAD_BYTES + 1024 * 1024,
    "default": DATA_UPLOAD_MAX_MEMORY_SIZE,  # logged-in forms and JSON (a full evaluation draft)
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KEQI_LOG_LEVEL", "WARNING")},
}

# Libraries (ADR 0019): how long a process may keep serving its in-memory copy of a year's report
# facts after a decision changed them, while one thread reloads it (0: always reload inline).
KEQI_LIBRARY_MAX_STALE = float(os.environ.get("KEQI_LIBRARY_MAX_STALE", "30"))

# After recognition (S3.6, S3.7, S3.10; NEXT-WAVE-RULES §4.5).
# The recognitions whose holders follow the yearly update, major-change and 复核 rules.
RECOGNITION_KINDS = {
    "innovative_sme": "创新型中小企业",
    "specialized_sme": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
}
# 信息更新 is open from (month, day) to (month, day) each year, inclusive.
INFO_UPDATE_OPENS = (1, 1)
INFO_UPDATE_CLOSES = (4, 30)
# A major change declared more than this many months after it happened is flagged.
MAJOR_CHANGE_LATE_MONTHS = 3
# 认定到期 messages this many days before expiry; 信息更新 reminder this many days before close.
EXPIRY_NOTICE_DAYS = (90, 30, 7)
UPDATE_CLOSING_NOTICE_DAYS = 15
# Message kinds also sent by SMS to the primary contact.
INBOX_SMS_KINDS = ("expiry", "cancelled")
