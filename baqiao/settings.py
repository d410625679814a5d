"""八桥镇法治政府建设工作平台 — the one settings module.

Every knob is an environment variable with a safe default, so the same file
serves a developer's laptop (SQLite, `make run`) and production (PostgreSQL
from DATABASE_URL behind gunicorn, DJANGO_DEBUG=0).
"""

import ipaddress
import json
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a forgotten variable must never expose debug pages.
DEBUG = env_bool("DJANGO_DEBUG", False)
# The test suite (pytest, `make test`): plain http test client, a local secret.
TESTING = env_bool("DJANGO_TESTING", False) or "pytest" in sys.modules


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    if not (DEBUG or TESTING or env_bool("DJANGO_ALLOW_LOCAL_SECRET", False)):
        raise ImproperlyConfigured("生产环境必须通过环境变量 DJANGO_SECRET_KEY 提供密钥。")
    # Local development: a random key kept outside the repository (.gitignore).
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    # ours: core (shared plumbing) and accounts first, then the data apps,
    # reports last — it only reads the others through their figures.
    "core",
    "accounts",
    "enforcement",
    "litigation",
    "disputes",
    "goals",
    "publicity",
    "indicators",
    "reports",
    "dashboard",
    "district",
]

MIDDLEWARE = [
    # First: the load balancer's /healthz, before host validation and the HTTPS redirect.
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "core.middleware.DistrictTownMiddleware",
    # A `?year=` picked on any page becomes the session's year (core.year.current_year).
    "core.year.YearMemoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.AuditContextMiddleware",
    # AxesMiddleware last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baqiao.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "baqiao.wsgi.application"

# SQLite is the embedded default so a new user needs nothing else installed;
# production sets DATABASE_URL=postgres://user:pass@host:5432/name.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout so two clerks saving at once wait instead of failing; transactions
    # take the write lock when they begin (IMMEDIATE), so one that read first and writes later
    # waits for the other writer too instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalBackend",
]

PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 3)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHARACTER_CLASSES},
    },
]

# Users flagged must_change_password (the demo accounts, whose password is published) are
# sent to the password change page until they change it (accounts.middleware). Off in
# DEBUG and in the test suite, where the demo stays convenient to sign in to.
PASSWORD_CHANGE_ENFORCED = not (DEBUG or TESTING)

if TESTING:
    # Every persona a test makes gets a password, and PBKDF2 (1,000,000 rounds) costs about a
    # second of CPU each: the suite spent most of its fixture time hashing. Tests check who may
    # sign in, not the hash; production keeps Django's default hashers.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Lockout (等保2.0 身份鉴别: 登录失败处理): 5 failures lock the account for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
# Lock the pair (account, address): locking the account alone let anyone who knows a
# colleague's user name lock them out from another machine; locking the address alone
# would lock a whole office behind one NAT address. A town's 管理员 unlocks early on
# /org/lockouts/ (accounts.views.LockoutListView).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address as core.network.client_ip sees it (X-Forwarded-For only from TRUSTED_PROXIES),
# the same the audit log records.
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"
# security.W021 (HSTS preload): intranet host names cannot be on the public preload list.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Axes' own log lines carry the attempted username only, never the password.
AXES_SENSITIVE_PARAMETERS = ["password"]

# Idle sessions end after SESSION_IDLE_MINUTES: the session's expiry is renewed by the
# requests of a signed-in user (core.middleware.SessionRenewalMiddleware), so it measures
# inactivity, not time since login. Renewed at most once per SESSION_RENEW_SECONDS rather than
# on every request (SESSION_SAVE_EVERY_REQUEST made every page a database write); a session
# therefore ends between SESSION_IDLE_MINUTES minus SESSION_RENEW_SECONDS and SESSION_IDLE_MINUTES
# after the last request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# An expired form or one posted from elsewhere: a Chinese page in the portal layout.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (package.json / package-lock.json, `npm ci`)
# at set-up; the repository holds none of their files.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
]
STORAGES = {
    # Uploaded files go through Django's storage API: a local folder by default, an
    # S3-compatible object store (django-storages) when AWS_STORAGE_BUCKET_NAME is set.
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL"),
                "default_acl": "private",
                "querystring_auth": True,
            },
        }
        if os.environ.get("AWS_STORAGE_BUCKET_NAME")
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Excel import (core.xlsx): caps on an uploaded workbook, checked before it is read.
# Rows: a web upload is validated and saved within one request, which gunicorn's 60-s timeout
# (`make serve`) ends by killing the worker: the clerk would get a 502 instead of an answer
# (all or nothing still holds: nothing is saved). Measured on a 2-core machine with PostgreSQL,
# a dispute row (the heaviest importer: parties, mediators, events, history and audit rows) takes
# ~50 ms to validate and save, so 800 rows is ~40 s. A bigger ledger goes in batches, or through
# `manage.py import_xlsx`, which has no request timeout (IMPORT_MAX_ROWS_COMMAND).
# 5 MB holds far more than 50,000 rows.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 5) * 1024 * 1024
IMPORT_MAX_UNZIPPED_BYTES = env_int("IMPORT_MAX_UNZIPPED_MB", 50) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 800)
IMPORT_MAX_ROWS_COMMAND = env_int("IMPORT_MAX_ROWS_COMMAND", 50000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# CSP (django-csp 4): everything from our own origin, no inline script at all.
# Inline style attributes are allowed because Bootstrap's progress bars and
# crispy's widgets use them; scripts never are.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or TESTING):
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    # Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses (or networks, CIDR) of the reverse proxies / load balancers we run, e.g.
# "127.0.0.1" for nginx on the same host. X-Forwarded-For is read only from them
# (core.network.client_ip); empty: the connecting address is the client.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES 中的“{_proxy}”不是有效的 IP 地址或网段。") from None

# Stateless app servers: sessions and lockout state live in the database; the
# cache too (or in Redis when REDIS_URL is set), so several gunicorn hosts
# behind a load balancer share one state.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    SESSION_ENGINE = (
        "django.contrib.sessions.backends.cache"
        if env_bool("SESSIONS_IN_REDIS", False)
        else "django.contrib.sessions.backends.db"
    )
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "baqiao-tests"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}

# The figures of (organization, year) are cached under a version every write of the town
# replaces (core/figure_cache.py): this bounds the memory, not the freshness. 0 turns it off.
FIGURE_CACHE_SECONDS = env_int("FIGURE_CACHE_SECONDS", 86400)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pii": {"()": "core.logging.PersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["pii"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- product settings (local practice, not law; see ../shared/DOMAIN.md) ---
# 执法证 shown as 即将到期 within this many days of expiry.
CERTIFICATE_EXPIRY_WINDOW_DAYS = env_int("CERTIFICATE_EXPIRY_WINDOW_DAYS", 180)
# Yearly training target per enforcement officer (common practice: 60 学时).
TRAINING_HOURS_TARGET = env_int("TRAINING_HOURS_TARGET", 60)
# 调解成功率口径 of a district that does not use the common 调解成功 ÷ (成功+不成功+终止), as
# JSON keyed by the district's 简称 (docs/figures.md "调解成功率", checked at start-up), e.g.
# {"大渡口区": {"success": ["succeeded"], "concluded": ["succeeded", "failed"]}}.
try:
    DISPUTES_SUCCESS_RATE_RULES = json.loads(os.environ.get("DISPUTES_SUCCESS_RATE_RULES") or "{}")
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"DISPUTES_SUCCESS_RATE_RULES is not valid JSON: {exc}") from exc
# 主题分类 of the annual report in the 政府信息公开目录, written into the release package's
# metadata.json (reports.package); each website names its own categories.
REPORT_TOPIC_CATEGORY = os.environ.get("REPORT_TOPIC_CATEGORY", "综合政务/法治政府建设")
# Folder a deployment fills with its licensed TTFs (方正小标宋简体, 仿宋_GB2312 …).
REPORT_FONTS_DIR = Path(os.environ.get("REPORT_FONTS_DIR", BASE_DIR / "fonts"))
