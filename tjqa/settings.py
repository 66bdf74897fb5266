"""One settings module, read from the environment.

Without DATABASE_URL the portal runs embedded: SQLite, Celery eager, local-memory cache,
e-mail on the console. With DATABASE_URL=postgres://… and REDIS_URL=redis://… it runs on
PostgreSQL, Redis and real Celery workers.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)


def required_outside_debug(name, debug_default, purpose):
    """A value production must set itself: outside DEBUG its absence stops the start."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if DEBUG:
        return debug_default
    raise ImproperlyConfigured(
        f"{name} 未设置：{purpose}。生产环境（DJANGO_DEBUG 未开启）必须在环境变量中设置 {name}；"
        f"本机开发可设置 DJANGO_DEBUG=1 使用开发默认值。"
    )


SECRET_KEY = required_outside_debug(
    "DJANGO_SECRET_KEY",
    "tjqa-debug-only-key-never-used-in-production",
    "它为会话、密码重置链接和表单签名",
)
# The public address printed on certificates (verification QR code) and in e-mailed links.
SITE_URL = required_outside_debug(
    "TJQA_SITE_URL", "http://127.0.0.1:8000", "证书二维码和邮件中的链接使用该公网地址"
)
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "apps.accounts",
    "apps.organizations",
    "apps.recommenders",
    "apps.campaigns",
    "apps.projects",
    "apps.training",
    "apps.review",
    "apps.awards",
    "apps.notifications",
    "apps.core",
    "apps.common",
    "apps.public",
    "apps.applicant",
    "apps.unit",
    "apps.office",
    "apps.expert",
    "apps.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (the CSRF check reads POST only in process_view).
    "tjqa.middleware.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.accounts.middleware.StaffIdleTimeoutMiddleware",
    "apps.accounts.middleware.RequireTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tjqa.urls"
WSGI_APPLICATION = "tjqa.wsgi.application"
ASGI_APPLICATION = "tjqa.asgi.application"

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
                "django.template.context_processors.i18n",
                "apps.common.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the writer instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No statement waits for a lock longer than this (the transition door sets a shorter
    # TJQA_LOCK_TIMEOUT_MS and answers 已被他人处理): well under gunicorn's 60 s timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c lock_timeout=" + os.environ.get("TJQA_DB_LOCK_TIMEOUT_MS", "20000")
TJQA_LOCK_TIMEOUT_MS = int(os.environ.get("TJQA_LOCK_TIMEOUT_MS", 5000))
# The reads compiled once (apps.core.statements) are prepared on each PostgreSQL connection.
# Off ("0") behind a pooler that shares server connections between sessions by transaction.
TJQA_PREPARED_STATEMENTS = os.environ.get("TJQA_PREPARED_STATEMENTS", "1") != "0"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to wait for Redis (cache and broker) before giving up: a Redis outage costs a request
# at most a couple of seconds, never a 500 (the caches fall back to the database cache).
REDIS_TIMEOUT = float(os.environ.get("TJQA_REDIS_TIMEOUT", 1.5))
# The database cache (table created by `manage.py createcachetable`, run with every migrate):
# shared by all processes, so rate limits count once however many workers serve the site.
_DATABASE_CACHE = {"BACKEND": "apps.core.cache.DatabaseCache", "LOCATION": "tjqa_cache"}


def cache_settings(redis_url):
    """CACHES for a Redis URL (or none): "default" and "ratelimit" on Redis falling back to the
    database cache, or locmem and the database cache without Redis."""
    if redis_url:
        redis_cache = {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "FALLBACK": "database",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
        return {"default": redis_cache, "ratelimit": redis_cache, "database": _DATABASE_CACHE}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tjqa"},
        "ratelimit": _DATABASE_CACHE,
        "database": _DATABASE_CACHE,
    }


CACHES = cache_settings(REDIS_URL)
# django-ratelimit counts in a store every process shares: Redis, or the database without it.
RATELIMIT_USE_CACHE = "ratelimit"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before the password check
    "apps.accounts.backends.AccountBackend",
    # Object permissions come from each domain app's policy (django-rules predicates).
    "rules.permissions.ObjectPermissionBackend",
]
GUARDIAN_RAISE_403 = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:workbench"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese only: no translation exists, so no other language is offered and the browser's
# Accept-Language is not consulted (no LocaleMiddleware, no /i18n/ switch).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("TJQA_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TJQA_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The embedded default serves static files from the app folders directly (no collectstatic).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# 第二十四条: the periods in which a regulation is in force, each with its name and its first
# and last day (inclusive). 《天津市质量攻关管理办法》 takes effect on 2024-01-01 for 5 years, so
# its last day is 2028-12-31. A campaign (年度工作方案) may be created only for a year in which a
# listed regulation is in force (apps/campaigns/validity.py); enter a successor regulation by
# adding its period here.
TJQA_REGULATION_PERIODS = [
    {"name": "天津市质量攻关管理办法", "starts_on": "2024-01-01", "ends_on": "2028-12-31"},
]

# Uploads (第七条 application material): checked by content, not by name.
TJQA_MAX_UPLOAD_BYTES = int(os.environ.get("TJQA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# Request bodies, refused with 413 from their Content-Length before anything reads them
# (tjqa.middleware.RequestSizeLimitMiddleware). A signed-in upload form carries several files
# of at most TJQA_MAX_UPLOAD_BYTES each; the one anonymous upload (the objection form's
# evidence, at most 10 MB) gets a smaller limit, and anonymous forms without files (login,
# registration, password reset) a small one.
TJQA_MAX_REQUEST_BYTES = int(os.environ.get("TJQA_MAX_REQUEST_BYTES", 5 * TJQA_MAX_UPLOAD_BYTES + 1024 * 1024))
TJQA_MAX_ANONYMOUS_UPLOAD_BYTES = int(os.environ.get("TJQA_MAX_ANONYMOUS_UPLOAD_BYTES", 11 * 1024 * 1024))
TJQA_MAX_ANONYMOUS_FORM_BYTES = int(os.environ.get("TJQA_MAX_ANONYMOUS_FORM_BYTES", 64 * 1024))
# Django's own limits while parsing: the form fields outside files, the number of files, and
# the size above which an uploaded file goes to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "天津市质量攻关平台 <noreply@tjqa.local>")

# Celery: eager in the embedded default, Redis-backed workers otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
# Short timeouts and a bounded publish retry: with the broker down, queueing gives up within
# seconds (the work stays pending in the database and a beat sweeper queues it again).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": max(REDIS_TIMEOUT, 2.0),  # above the worker's 1 s BRPOP poll
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Nothing reads task results (progress is counted from the database); without this, queueing
# a task also subscribes to its result in Redis, which retries for 20 s when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = max(REDIS_TIMEOUT, 2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A certificate run item still pending this long after it was queued or taken up is queued
# again by the beat's sweeper (a killed worker, a lost message).
TJQA_CERTIFICATE_STUCK_SECONDS = int(os.environ.get("TJQA_CERTIFICATE_STUCK_SECONDS", 180))
TJQA_SWEEP_SECONDS = float(os.environ.get("TJQA_SWEEP_SECONDS", 60))
CELERY_BEAT_SCHEDULE = {
    "certificate-runs": {
        "task": "apps.awards.tasks.sweep_certificate_runs",
        "schedule": TJQA_SWEEP_SECONDS,
    },
    "pending-notifications": {
        "task": "apps.notifications.tasks.sweep_pending_notifications",
        "schedule": 120.0,
    },
    "deadline-reminders": {
        "task": "apps.notifications.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "review-reminders": {
        "task": "apps.notifications.tasks.send_review_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "objection-reminders": {
        "task": "apps.notifications.tasks.send_objection_reminders",
        "schedule": crontab(hour=9, minute=30),
    },
    # 第七条(四): a duplicate check whose task was lost (broker down at submission) runs again.
    "pending-similarity-checks": {
        "task": "apps.projects.tasks.requeue_pending_checks",
        "schedule": crontab(minute="*/10"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TJQA_LOG_LEVEL", "WARNING")},
}

# Sessions. Everyone's session ends after TJQA_SESSION_HOURS (12 h); the commission's, the
# agency's and the experts' also after TJQA_STAFF_IDLE_MINUTES (2 h) without a request
# (apps.accounts.middleware.StaffIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("TJQA_SESSION_HOURS", 12)) * 3600
SESSION_COOKIE_HTTPONLY = True
TJQA_STAFF_IDLE_MINUTES = int(os.environ.get("TJQA_STAFF_IDLE_MINUTES", 120))
X_FRAME_OPTIONS = "DENY"  # the expert review page frames its attachments: that one view says SAMEORIGIN
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS: behind a TLS-terminating proxy that sets X-Forwarded-Proto, TJQA_HTTPS=1 redirects
# plain HTTP, sends HSTS and marks the session and CSRF cookies Secure.
TJQA_HTTPS = env_bool("TJQA_HTTPS", False)
if TJQA_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("TJQA_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("TJQA_HSTS_PRELOAD", True)  # allows, never makes, a preload submission
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content Security Policy (django-csp 4): scripts only from our own files, no inline script,
# no eval. Styles allow 'unsafe-inline' because templates still carry style="…" attributes;
# drop it once they are gone. The verification QR code is inline SVG, the certificate's
# preview an <img> of our own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Logins (django-axes): 5 wrong passwords for one account within 30 minutes lock that account
# for 30 minutes, whatever the address; the commission can unlock it earlier.
AXES_FAILURE_LIMIT = int(os.environ.get("TJQA_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TJQA_LOGIN_LOCK_MINUTES", 30)))
AXES_USE_ATTEMPT_EXPIRATION = True  # each failure counts for 30 minutes: a sliding window
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the client address among the lockout keys, against attackers who rotate
# user agents or cookies; neither is a key here. Keying on the address as well would lock a
# whole office behind one NAT address after five colleagues' typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # retrying while locked does not prolong the lock
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Two-factor (django-otp, TOTP): required of the commission, the agency and the experts
# (apps.accounts.middleware.RequireTwoFactorMiddleware).
OTP_TOTP_ISSUER = "天津市质量攻关平台"
# No list renders more rows than this on one page (apps/common/pagination.py).
TJQA_MAX_PAGE_SIZE = 100
