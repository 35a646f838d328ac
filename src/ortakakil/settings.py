"""Django settings for Ortak Akıl, read from the environment.

Two modes, chosen by ``ORTAKAKIL_ENV``:

* ``development`` (default): DEBUG on, an embedded SQLite database under ``var/``,
  a fixed development secret. What ``make run`` and the test suite use.
* ``production``: DEBUG off; refuses to start without ``SECRET_KEY`` and
  ``ALLOWED_HOSTS``; secure cookies, HSTS and HTTPS redirects on, so that
  ``ortakakil check --deploy`` is clean.

``DATABASE_URL`` selects the database (``postgres://…`` uses psycopg 3) and
``REDIS_URL`` moves the cache and the huey queue to Redis.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def _default_var_dir() -> Path:
    # In a source checkout (the editable install `make install` does) var/ sits next
    # to pyproject.toml; an installed wheel falls back to the working directory.
    checkout = PACKAGE_DIR.parents[1]
    if (checkout / "pyproject.toml").exists():
        return checkout / "var"
    return Path.cwd() / "var"


env = environ.Env()
ENVIRONMENT = env.str("ORTAKAKIL_ENV", default="development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("ORTAKAKIL_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"
TESTING = "pytest" in sys.modules or env.bool("ORTAKAKIL_TESTING", default=False)

VAR_DIR = Path(env.str("ORTAKAKIL_VAR_DIR", default=str(_default_var_dir())))
VAR_DIR.mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured("Production mode needs these environment variables: " + ", ".join(missing))
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-secret-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env.bool("DEBUG", default=True)

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "ortakakil.core",
    "ortakakil.processes",
    "ortakakil.workshops",
    "ortakakil.proposals",
    "ortakakil.surveys",
    "ortakakil.opinions",
    "ortakakil.textmine",
    "ortakakil.stats",
    "ortakakil.planning",
    "ortakakil.portfolio",
    "ortakakil.monitoring",
    "ortakakil.documents",
    "ortakakil.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ortakakil.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ortakakil.core.middleware.TurkishFirstLocaleMiddleware",
    "ortakakil.api.middleware.JsonApiErrorsMiddleware",
    "ortakakil.core.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ortakakil.core.mfa.StaffMFAMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ortakakil.urls"
WSGI_APPLICATION = "ortakakil.wsgi.application"
ASGI_APPLICATION = "ortakakil.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ortakakil.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ortakakil.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the huey worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
# A read replica of the PostgreSQL primary (docs/DEPLOYMENT.md): the public statistics, scoreboard
# and open data read there (core/replica.py); everything else stays on the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**env.db_url_config(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASES["replica"].setdefault("CONN_MAX_AGE", 60)
DATABASE_ROUTERS = ["ortakakil.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# "documents" keeps rendered reports (DOCX, PDF) for the web server and the huey worker alike:
# with Redis both share it; without, a local memory cache is one process's own, so rendered files
# go to a directory under VAR_DIR (under the tests, the same memory as "default").
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "documents": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "documents",
        },
    }
elif TESTING:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "documents": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "documents": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "documents"),
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
    }

# Background jobs: huey, SQLite storage by default, Redis when REDIS_URL is set,
# immediate (synchronous, in memory) under the test suite.
HUEY_NAME = env.str("HUEY_NAME", default="ortakakil")
if TESTING:
    HUEY = {"name": HUEY_NAME, "immediate": True}
elif REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": HUEY_NAME,
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": HUEY_NAME,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Accounts (django-allauth), the sign-up's KVKK consent, the footer pages -----------------
# Sign-ups confirm their e-mail address before they can log in; only verified accounts write
# (core.rules.is_participant). Accounts made by staff, `ortakakil create_citizens` and the demo
# count as verified (core.accounts.account_verify).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "ortakakil.core.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Ortak Akıl – "
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_FORMS = {
    "login": "ortakakil.core.forms.LoginForm",
    "signup": "ortakakil.core.forms.SignupForm",
    "add_email": "ortakakil.core.forms.AddEmailForm",
    "change_password": "ortakakil.core.forms.ChangePasswordForm",
    "set_password": "ortakakil.core.forms.SetPasswordForm",
    "reset_password": "ortakakil.core.forms.ResetPasswordForm",
    "reset_password_from_key": "ortakakil.core.forms.ResetPasswordKeyForm",
}
# Two-factor authentication (core/mfa.py, allauth.mfa): an authenticator app (TOTP) and recovery
# codes. Staff (STAFF_ROLES and superusers) must set one up before anything else works, unless
# ORTAKAKIL_STAFF_MFA=false: only for the local demo (`make run`); production warns (ortakakil.W001).
STAFF_MFA_REQUIRED = env.bool("ORTAKAKIL_STAFF_MFA", default=True)
MFA_ADAPTER = "ortakakil.core.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Ortak Akıl"
# A code stays valid one 30-second step either side: phones whose clock drifts a little still log in.
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "activate_totp": "ortakakil.core.mfa.ActivateTOTPForm",
    "authenticate": "ortakakil.core.mfa.AuthenticateForm",
    "reauthenticate": "ortakakil.core.mfa.ReauthenticateForm",
}
# The information notice (aydınlatma metni) shown at sign-up and on /privacy/; a consent records
# the version the person saw. Change the version whenever the notice's text changes.
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026-11-29")
# Retention the notice promises, in days, applied nightly by the worker (core.retention, and
# `ortakakil retention --dry-run` to see what would go); the privacy notice states each of them.
ACCOUNT_UNCONFIRMED_RETENTION_DAYS = env.int("ACCOUNT_UNCONFIRMED_RETENTION_DAYS", default=30)
LOGIN_RECORDS_RETENTION_DAYS = env.int("LOGIN_RECORDS_RETENTION_DAYS", default=365)
VERIFICATIONS_EXPIRED_RETENTION_DAYS = env.int("VERIFICATIONS_EXPIRED_RETENTION_DAYS", default=30)
CENSUS_ENTRIES_RETENTION_DAYS = env.int("CENSUS_ENTRIES_RETENTION_DAYS", default=730)
NOTIFICATIONS_RETENTION_DAYS = env.int("NOTIFICATIONS_RETENTION_DAYS", default=365)
JOBS_RETENTION_DAYS = env.int("JOBS_RETENTION_DAYS", default=30)
WORKSHOP_CONTACTS_WITHDRAWN_RETENTION_DAYS = env.int("WORKSHOP_CONTACTS_WITHDRAWN_RETENTION_DAYS", default=365)
WORKSHOP_INVITATIONS_RETENTION_DAYS = env.int("WORKSHOP_INVITATIONS_RETENTION_DAYS", default=365)
# Verified participants (core/verification.py): how long each method's verification holds (days),
# the SMS code's life (minutes), the sender of text messages (core/sms.py) and the hashing key.
VERIFICATION_VALID_DAYS = {"sms": 365, "census": 730, "in_person": 730}
VERIFICATION_SMS_CODE_MINUTES = env.int("VERIFICATION_SMS_CODE_MINUTES", default=10)
VERIFICATION_SECRET = env.str("VERIFICATION_SECRET", default="")
SMS_BACKEND = env.str(
    "SMS_BACKEND", default="ortakakil.core.sms.LocmemBackend" if TESTING else "ortakakil.core.sms.ConsoleBackend"
)
SMS_CODES_RETENTION_DAYS = env.int("SMS_CODES_RETENTION_DAYS", default=30)
# The data controller (veri sorumlusu) and where people reach it: the contact and privacy pages.
# The defaults are the Ankara demo's; a municipality sets its own.
CONTACT = {
    "organisation": env.str("CONTACT_ORGANISATION", default="Ankara Büyükşehir Belediyesi"),
    "unit": env.str("CONTACT_UNIT", default="Strateji Geliştirme Dairesi Başkanlığı"),
    "address": env.str(
        "CONTACT_ADDRESS", default="Emniyet Mahallesi, Hipodrom Caddesi No: 5, 06560 Yenimahalle/Ankara"
    ),
    "email": env.str("CONTACT_EMAIL", default="katilim@demo.ortakakil.local"),
    "kvkk_email": env.str("CONTACT_KVKK_EMAIL", default="kvkk@demo.ortakakil.local"),
    "kep": env.str("CONTACT_KEP", default=""),
    "phone": env.str("CONTACT_PHONE", default=""),
    "is_demo": not os.environ.get("CONTACT_EMAIL"),
}

# Outgoing e-mail (workshop invitations): EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587;
# by default mails are printed on the console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The site's public address for links in e-mails (e.g. https://katilim.ankara.bel.tr); when empty,
# the address of the request that started the mailing is used.
SITE_URL = env.str("SITE_URL", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ortak Akıl <noreply@ortakakil.invalid>")

AXES_FAILURE_LIMIT = 8
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username"]]
AXES_ENABLED = not TESTING

LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # a language chosen (or followed on the first visit) lasts a year
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ortakakil.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
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

# Upload limits: a request body (other than uploaded files) over this size is refused (413 JSON
# under /api/); files are streamed to disk past FILE_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ortakakil.api.authentication.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "ortakakil.api.exceptions.exception_handler",
    # Bodies with control characters or nested too deep get a Turkish JSON 400 (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "ortakakil.api.parsers.SafeJSONParser",
        "ortakakil.api.parsers.SafeFormParser",
        "ortakakil.api.parsers.SafeMultiPartParser",
    ],
}
# Seconds the public pages are kept for visitors without cookies (core/pagecache.py); 0 turns it
# off, as in development and the tests, where a page must show a change at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=30 if PRODUCTION and not TESTING else 0)
# Seconds a worker remembers an API token's user (0 turns the cache off; tests use 0).
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=0 if TESTING else 30)
SPECTACULAR_SETTINGS = {
    "TITLE": "Ortak Akıl API",
    "DESCRIPTION": "Katılımcı stratejik planlama platformu / participatory strategic planning platform",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them as links inside the operation's button (nested interactive
    # elements, an accessibility error).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False},
    # Error answers (400/401/403/404/413/429) and their JSON bodies, for every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ortakakil.api.schema.add_error_responses",
    ],
    # Two models have a "state" with different choices: the budget rounds' keeps its name.
    "ENUM_NAME_OVERRIDES": {
        "StateEnum": "ortakakil.portfolio.models.BudgetRound.State",
        "MeasurementStateEnum": "ortakakil.monitoring.models.Measurement.State",
    },
}

# Proposals: how long authors may edit, and how many reports hide an item until moderated.
PROPOSAL_EDIT_MINUTES = env.int("PROPOSAL_EDIT_MINUTES", default=30)
PROPOSAL_AUTO_HIDE_REPORTS = env.int("PROPOSAL_AUTO_HIDE_REPORTS", default=3)
# Only reports from verified accounts at least this many days old count toward hiding; the
# others wait for a moderator (issue 8, point 23).
PROPOSAL_REPORT_TRUSTED_AFTER_DAYS = env.int("PROPOSAL_REPORT_TRUSTED_AFTER_DAYS", default=7)
# The same author may not post the same proposal or comment text again within this many minutes.
PROPOSAL_DUPLICATE_MINUTES = env.int("PROPOSAL_DUPLICATE_MINUTES", default=24 * 60)
# Pictures (JPEG, PNG, WebP) and PDF documents per proposal and per comment, and their largest size.
PROPOSAL_MAX_IMAGES = env.int("PROPOSAL_MAX_IMAGES", default=4)
PROPOSAL_MAX_DOCUMENTS = env.int("PROPOSAL_MAX_DOCUMENTS", default=2)
PROPOSAL_IMAGE_MAX_MB = env.int("PROPOSAL_IMAGE_MAX_MB", default=8)
PROPOSAL_DOCUMENT_MAX_MB = env.int("PROPOSAL_DOCUMENT_MAX_MB", default=10)

# Rate limits on writes (core/ratelimit.py), web pages and API alike: for each kind of write,
# "per account, per client address" as count/period (s, m, h, d; e.g. 10/h, 6/10m). Over a
# limit the API answers 429 with Retry-After, the pages show a message. Each can be set with
# RATE_LIMIT_<KIND>="user-rate,address-rate"; RATE_LIMITS_ENABLED=false turns them off.
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=not TESTING)
_RATE_LIMIT_DEFAULTS = {
    "proposal_create": "10/h,60/h",
    "comment_create": "6/m,60/m",
    "support": "60/m,600/m",
    "report": "10/h,60/h",
}
RATE_LIMITS = {
    kind: tuple(env.str(f"RATE_LIMIT_{kind.upper()}", default=rates).split(",", 1))
    for kind, rates in _RATE_LIMIT_DEFAULTS.items()
}
# Behind a reverse proxy that sets the client's address in a header (e.g. HTTP_X_REAL_IP);
# empty: REMOTE_ADDR.
RATE_LIMIT_CLIENT_IP_HEADER = env.str("RATE_LIMIT_CLIENT_IP_HEADER", default="")

# Workshops: phones write while the workshop runs (its date and hours, plus this grace) and at most
# so many ideas a minute per participant and per network address at a table; the experts' files.
WORKSHOP_PHONE_GRACE_MINUTES = env.int("WORKSHOP_PHONE_GRACE_MINUTES", default=30)
WORKSHOP_PHONE_IDEAS_PER_MINUTE = env.int("WORKSHOP_PHONE_IDEAS_PER_MINUTE", default=6)
WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS = env.int("WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS", default=30)
WORKSHOP_FILE_MAX_MB = env.int("WORKSHOP_FILE_MAX_MB", default=25)

# Monitoring: the largest evidence file (PDF, PNG, JPEG, XLSX or DOCX) of an indicator value.
MONITORING_EVIDENCE_MAX_MB = env.int("MONITORING_EVIDENCE_MAX_MB", default=10)

# Opinion map: after votes, the map is recomputed in the background once this many new votes
# arrived, or when at least one did and the latest map is this many seconds old (a periodic task
# picks up the last votes of a burst).
OPINIONS_RECOMPUTE_MIN_VOTES = env.int("OPINIONS_RECOMPUTE_MIN_VOTES", default=20)
OPINIONS_RECOMPUTE_SECONDS = env.int("OPINIONS_RECOMPUTE_SECONDS", default=30)
# Each map is computed in a short-lived child process (core/isolation.py), so the worker does not keep
# the memory of the largest map it computed; in-process under the tests (they turn it on where it
# is what they test).
OPINIONS_RECOMPUTE_ISOLATED = env.bool("OPINIONS_RECOMPUTE_ISOLATED", default=not TESTING)
# Monitoring: a period's values are due this many days after the period ends (30 June, 31 December);
# the units are reminded 7 days before, the day after and 7 days after (monitoring/reminders.py).
MONITORING_DUE_DAYS = env.int("MONITORING_DUE_DAYS", default=30)

# Text analysis: compute proposals' embeddings in the background — each new or edited proposal,
# and a process's backlog (e.g. after an import) when a page needs them. The test suite leaves it
# to the tests that need it (pages still compute a few missing embeddings themselves).
TEXTMINE_EMBED_IN_BACKGROUND = env.bool("TEXTMINE_EMBED_IN_BACKGROUND", default=not TESTING)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Content-Security-Policy, sent in every mode (core/middleware.py): scripts only from this site's
# files (no inline script, no eval: htmx's inline indicator styles are off in base.html); inline
# styles stay allowed for the style attributes of timelines, bars and theme colours; Swagger UI
# at /api/docs/ loads its files from the sidecar package and its start script from its own view.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Map tiles for the proposal maps (Leaflet), e.g. "https://tile.example.org/{z}/{x}/{y}.png". Empty
# (the default, and the demo): the pages draw the shipped district map and fetch nothing. When set,
# the Content-Security-Policy allows images from the tile host (core/middleware.py).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
CONTENT_SECURITY_POLICY_REPORT_ONLY = env.bool("CONTENT_SECURITY_POLICY_REPORT_ONLY", default=False)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_REFERRER_POLICY = "same-origin"
