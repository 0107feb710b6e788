"""Django settings for Passage, read from the environment (docs/deploy.md lists every variable).

Development is the default and runs with nothing set; `PASSAGE_ENV=production` turns on the
secure settings and refuses to start without the values a deployment must provide.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PASSAGE_ENV = env("PASSAGE_ENV", "development")
if PASSAGE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PASSAGE_ENV must be 'development' or 'production'.")
PRODUCTION = PASSAGE_ENV == "production"

DEBUG = env_bool("PASSAGE_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("PASSAGE_DEBUG must be off when PASSAGE_ENV=production.")

SECRET_KEY = env("PASSAGE_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("PASSAGE_SECRET_KEY is required when PASSAGE_ENV=production.")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"  # nosec B105

ALLOWED_HOSTS = [h.strip() for h in (env("PASSAGE_ALLOWED_HOSTS") or "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured("PASSAGE_ALLOWED_HOSTS is required when PASSAGE_ENV=production.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in (env("PASSAGE_CSRF_TRUSTED_ORIGINS") or "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "passage.core",
    "passage.registry",
    "passage.health",
    "passage.orientation",
    "passage.readiness",  # after the modules whose demo clearances it computes
    "passage.movements",  # its demo part runs after health, orientation and readiness
    "passage.reports",
    "passage.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "passage.core.middleware.RequestContextMiddleware",
    "passage.core.middleware.ApiProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "passage.core.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "passage.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "passage.urls"
WSGI_APPLICATION = "passage.wsgi.application"
ASGI_APPLICATION = "passage.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "passage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "passage.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite (WAL) unless DATABASE_URL names another --------------------------------
DATA_DIR = Path(env("PASSAGE_DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'passage.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures, per user name and address (django-axes).
AXES_FAILURE_LIMIT = int(env("PASSAGE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("PASSAGE_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions expire after inactivity (seconds; default 8 hours) and at browser close.
SESSION_COOKIE_AGE = int(env("PASSAGE_SESSION_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = "Passage"

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "passage.core.views.csrf_failure"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PASSAGE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("PASSAGE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("PASSAGE_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Number of reverse proxies in front of the app whose X-Forwarded-For we trust for client addresses.
PASSAGE_NUM_PROXIES = int(env("PASSAGE_NUM_PROXIES", "0"))

# Content-Security-Policy (django-csp 4): no third-party origins at all; scripts need our nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "passage" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "passage" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Encryption of sensitive fields (see passage/core/crypto.py) -------------------------------
PASSAGE_FIELD_KEYS = [k.strip() for k in (env("PASSAGE_FIELD_KEYS") or "").split(",") if k.strip()]
if PRODUCTION and not PASSAGE_FIELD_KEYS:
    raise ImproperlyConfigured("PASSAGE_FIELD_KEYS is required when PASSAGE_ENV=production.")

# Movements: the shortest connection between two legs of an itinerary, in minutes.
PASSAGE_MIN_CONNECTION_MINUTES = int(env("PASSAGE_MIN_CONNECTION_MINUTES", "90"))

# --- Background tasks (django-tasks; `manage.py db_worker` runs them) ---------------------------
# PASSAGE_TASKS_BACKEND=immediate runs tasks in the request instead (tests, one-off scripts).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env("PASSAGE_TASKS_BACKEND") == "immediate" else "django_tasks_db.DatabaseBackend",
    }
}

# --- Bulk import and export of cases (registry/imports.py, registry/exports.py) -----------------
PASSAGE_IMPORT_DIR = Path(env("PASSAGE_IMPORT_DIR", str(DATA_DIR / "imports")))
PASSAGE_IMPORT_MAX_BYTES = int(env("PASSAGE_IMPORT_MAX_MB", "200")) * 1_000_000
# Files up to this size are imported during the upload request; larger ones by the task worker.
PASSAGE_IMPORT_INLINE_BYTES = int(env("PASSAGE_IMPORT_INLINE_KB", "512")) * 1000
PASSAGE_IMPORT_MAX_REPORTED_ERRORS = 1000
# A running import whose worker has not reported for this long is marked failed (a killed worker).
PASSAGE_IMPORT_STALE_MINUTES = int(env("PASSAGE_IMPORT_STALE_MINUTES", "15"))
# An XLSX import's shared-strings table (Excel puts every text cell there) bigger than this is read
# into a temporary file rather than memory.
PASSAGE_XLSX_STRINGS_IN_MEMORY_BYTES = int(env("PASSAGE_XLSX_STRINGS_IN_MEMORY_MB", "16")) * 1_000_000
PASSAGE_XLSX_MAX_DATA_ROWS = 1_048_575  # XLSX holds 1,048,576 rows a sheet, one of them the header

# --- API --------------------------------------------------------------------------------------
PASSAGE_API_PAGE_SIZE = 50
PASSAGE_API_MAX_PAGE_SIZE = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("PASSAGE_LOG_LEVEL", "INFO")},
    # fontTools logs each glyph subset at INFO (about 100 lines a certificate PDF).
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
