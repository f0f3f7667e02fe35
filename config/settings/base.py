"""Settings shared by every mode. Everything a deployment changes comes from the environment.

The modes (`development`, `test`, `production`) import this module and adjust only what
differs. LMS-specific settings are named `LMS_*`, each with a default and a comment.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state of the embedded runtime: SQLite files, the generated secret key, media.
VAR_DIR = Path(environ.Env().str("LMS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1

INSTALLED_APPS = [
    "daphne",
    "modeltranslation",
    "unfold.apps.BasicAppConfig",  # keeps admin.site = LmsAdminSite (admin_ext)
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "unfold.contrib.guardian",
    "admin_ext.apps.LmsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "huey.contrib.djhuey",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "guardian",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.usersessions",  # which browsers a person is signed in on: "sign out everywhere"
    "axes",
    "pwa",
    "lms.core",
    "lms.audit",
    "lms.accounts",
    "lms.notifications",
    "lms.catalog",
    "lms.learning",
    "lms.commerce",
    "lms.people",
    "lms.assignments",
    "lms.assessments",
    "lms.meetings",
    "lms.community",
    "lms.mentor",
    "lms.resumes",
    "lms.chat",
    "lms.gamification",
    "lms.certificates",
    "lms.reports",
    "lms.api",
    "student_pwa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "student_pwa.middleware.HtmxMessagesMiddleware",
    "student_pwa.middleware.ClearSiteDataOnSignOutMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that they see the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
    "lms.accounts.lockout.SignInRefusedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # admin_ext is registered through its AdminConfig (named django.contrib.admin), so its
        # templates folder is listed here rather than found as an app folder.
        "DIRS": [BASE_DIR / "templates", BASE_DIR / "admin_ext" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "student_pwa.context_processors.site",
                "student_pwa.navigation.app_navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the job worker read while the other writes;
    # IMMEDIATE makes a writing transaction take its lock up front instead of failing late.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    # Under daphne every request runs in a thread of its own, so a persistent connection
    # (CONN_MAX_AGE > 0) stays behind with each finished thread until PostgreSQL runs out of
    # slots. Each request closes its connection instead, which hands it back to a pool of
    # this process (psycopg_pool): at most LMS_DB_POOL_MAX connections per process, however
    # many requests run at once. Rule: LMS_DB_POOL_MAX × (web processes + worker processes)
    # + a few for management commands < PostgreSQL's max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Connections kept open when idle, the most open at once, and seconds a request waits
    # for a free one before it fails. LMS_DB_POOL_MAX=0 turns the pool off (one connection
    # per request, e.g. behind PgBouncer).
    LMS_DB_POOL_MIN = env.int("LMS_DB_POOL_MIN", default=2)
    LMS_DB_POOL_MAX = env.int("LMS_DB_POOL_MAX", default=10)
    LMS_DB_POOL_TIMEOUT = env.float("LMS_DB_POOL_TIMEOUT", default=10.0)
    if LMS_DB_POOL_MAX > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(LMS_DB_POOL_MIN, LMS_DB_POOL_MAX),
            "max_size": LMS_DB_POOL_MAX,
            "timeout": LMS_DB_POOL_TIMEOUT,
            # Connections above min_size close after this many idle seconds.
            "max_idle": 60,
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PostgreSQL's JIT compiles any plan estimated above jit_above_cost: on short web queries it
# only costs (70–110 ms of compiling for a catalog query that runs in 17 ms). (#9)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = f"{_pg_options.get('options', '')} -c jit=off".strip()

REDIS_URL = env.str("REDIS_URL", default="")

# Redis down must not take the site down: the cache treats an unreachable server as a miss
# (lms.core.cache), and every client gives up connecting after a fraction of a second.
# Seconds to wait for Redis to accept a connection, and to answer a cache call.
LMS_REDIS_CONNECT_TIMEOUT = env.float("LMS_REDIS_CONNECT_TIMEOUT", default=0.5)
LMS_CACHE_TIMEOUT = env.float("LMS_CACHE_TIMEOUT", default=1.0)
# After a failed cache call, seconds during which the cache is not tried (misses instead).
LMS_CACHE_RETRY_AFTER = env.float("LMS_CACHE_RETRY_AFTER", default=5.0)


def _redis_url_with(url: str, **params: float) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": LMS_REDIS_CONNECT_TIMEOUT,
                "socket_timeout": LMS_CACHE_TIMEOUT,
                "RETRY_AFTER_SECONDS": LMS_CACHE_RETRY_AFTER,
            },
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "lms.core.channel_layer.ResilientRedisChannelLayer",
            # No read timeout: receiving blocks on Redis for seconds by design.
            "CONFIG": {
                "hosts": [
                    {"address": REDIS_URL, "socket_connect_timeout": LMS_REDIS_CONNECT_TIMEOUT}
                ]
            },
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "lms",
        "immediate": False,
        # The consumer's blocking reads wait 1 s, so reads may take longer than that.
        "connection": {
            "url": _redis_url_with(
                REDIS_URL, socket_connect_timeout=LMS_REDIS_CONNECT_TIMEOUT, socket_timeout=10
            )
        },
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lms",
        "immediate": False,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }

# --- Accounts and sign-in ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes only records sign-ins for the console's log (its lockout is off, see below).
    "axes.backends.AxesStandaloneBackend",
    # The one password check (allauth's, by email) under the sign-in limits. It answers
    # every password sign-in, right or wrong, so the two below never check a password:
    # they stay for sessions signed in through them before and for login(backend=...).
    "lms.accounts.backends.SignInBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "lms.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "student_pwa:landing"  # routes by role

ACCOUNT_ADAPTER = "lms.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "lms.accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SIGNUP_FORM_CLASS = "lms.accounts.forms.SignupDetailsForm"
# Sign-in, sign-up and password-reset limits are the LMS's own (lms.accounts.limits: in
# the database, exact, failures only); allauth's per-address limits would refuse a class
# signing up together. Its per-email cooldown for resending the verification mail stays.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "signup": None,
    "reset_password": None,
}
# Sign-up with a taken email looks like any sign-up; the owner gets an "account already
# exists" email instead (allauth's default, stated because the API relies on it too).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {
    "signup": "lms.accounts.signup_forms.SignupForm",
    "reset_password": "lms.accounts.signup_forms.ResetPasswordForm",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {"google": {"SCOPE": ["profile", "email"]}}
if env.str("GOOGLE_CLIENT_ID", default=""):
    # Otherwise Google sign-in is configured from the admin console (Social applications).
    SOCIALACCOUNT_PROVIDERS["google"]["APPS"] = [
        {
            "client_id": env.str("GOOGLE_CLIENT_ID"),
            "secret": env.str("GOOGLE_CLIENT_SECRET"),
            "key": "",
        }
    ]

# django-axes keeps the log of sign-ins and failures shown in the console; the limits
# themselves are lms.accounts.limits (axes counts one rule for every key and cannot tell
# a classroom from a guesser).
AXES_LOCK_OUT_AT_FAILURE = False
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "lms.accounts.lockout.username_from_attempt"
AXES_CLIENT_IP_CALLABLE = "lms.core.client_address.client_address"
AXES_RESET_ON_SUCCESS = False

# Proxies in front of the web server that write X-Forwarded-For (the compose nginx: 1).
# Every address-keyed limit reads the address through lms.core.client_address.
LMS_TRUSTED_PROXIES = env.int("LMS_TRUSTED_PROXIES", default=env.int("PROXY_COUNT", default=0))
# Wrong passwords per account (from any address) before it is locked; its owner unlocks it
# at once by resetting the password. And wrong passwords per address (any accounts).
LMS_SIGNIN_FAILURES_PER_ACCOUNT = env.int(
    "LMS_SIGNIN_FAILURES_PER_ACCOUNT", default=env.int("AXES_FAILURE_LIMIT", default=5)
)
LMS_SIGNIN_FAILURES_PER_ADDRESS = env.int("LMS_SIGNIN_FAILURES_PER_ADDRESS", default=60)
# Length of the window those failures are counted in (and of a lockout), in minutes.
LMS_SIGNIN_LOCK_MINUTES = env.int(
    "LMS_SIGNIN_LOCK_MINUTES", default=env.int("AXES_COOLOFF_MINUTES", default=15)
)
# New accounts per address (API and web): a class signs up together, a script does not stop.
LMS_SIGNUPS_PER_ADDRESS_PER_HOUR = env.int("LMS_SIGNUPS_PER_ADDRESS_PER_HOUR", default=100)
LMS_SIGNUPS_PER_ADDRESS_PER_DAY = env.int("LMS_SIGNUPS_PER_ADDRESS_PER_DAY", default=300)
# Wrong email-verification codes per address (any accounts) in LMS_SIGNIN_LOCK_MINUTES.
LMS_EMAIL_CODE_FAILURES_PER_ADDRESS = env.int("LMS_EMAIL_CODE_FAILURES_PER_ADDRESS", default=30)
# Password-reset emails per target address, and requests per client address, per hour;
# past them requests are accepted and nothing is sent.
LMS_PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env.int(
    "LMS_PASSWORD_RESETS_PER_EMAIL_PER_HOUR", default=3
)
LMS_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env.int(
    "LMS_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", default=60
)
# Argon2 password checks computed at once per web process; the rest wait their turn.
LMS_PASSWORD_CHECKS_AT_ONCE = env.int("LMS_PASSWORD_CHECKS_AT_ONCE", default=1)

# Guardian's anonymous user would be a fake account row; the LMS has none.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# --- Internationalisation and time -------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats per language (config/formats/<lang>/formats.py): natural Hindi dates.
FORMAT_MODULE_PATH = ["config.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "hi")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and media --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Multipart bodies over these sizes are refused (413) before they are read: the console
# takes lesson videos (2 GB each), the student app and the API at most a few 20 MB files.
LMS_MAX_UPLOAD_BODY_BYTES = env.int("LMS_MAX_UPLOAD_BODY_BYTES", default=64 * 1024 * 1024)
LMS_MAX_CONSOLE_UPLOAD_BODY_BYTES = env.int(
    "LMS_MAX_CONSOLE_UPLOAD_BODY_BYTES", default=2 * 1024 * 1024 * 1024 + 64 * 1024 * 1024
)
FILE_UPLOAD_HANDLERS = [
    "lms.core.files.UploadBodyLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    # Every object is private; the app hands out short-lived signed URLs.
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=300)
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"

STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email ------------------------------------------------------------------------------

# Every message is handed to a Huey task (lms.notifications.email); the task delivers it
# with the backend configured by EMAIL_URL.
EMAIL_BACKEND = "lms.notifications.email.QueuedEmailBackend"
_email = env.email_url("EMAIL_URL", default="consolemail://")
LMS_EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="LMS <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API ---------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Both sign in verified accounts only (lms.api.authentication).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lms.api.authentication.JwtAuthentication",
        "lms.api.authentication.SessionAuthentication",
    ],
    # Deny unless an endpoint says who may use it.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "lms.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "lms.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # Exact counters keyed by lms.core.client_address (lms.api.throttles).
    "DEFAULT_THROTTLE_CLASSES": [
        "lms.api.throttles.AnonRateThrottle",
        "lms.api.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("LMS_API_ANON_RATE", default="60/minute"),
        "user": env.str("LMS_API_USER_RATE", default="100/minute"),
        # Sign-in endpoints, per address: only a ceiling against floods (a class of 60
        # signs up and in through it); guessing is limited by LMS_SIGNIN_* and friends.
        "auth": env.str("LMS_API_AUTH_RATE", default="300/minute"),
        # Token refresh and logout, per person (never per address).
        "refresh": env.str("LMS_API_REFRESH_RATE", default="20/minute"),
    },
    # Addresses come from lms.core.client_address; DRF must not read X-Forwarded-For itself.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "lms.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "lms.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LMS API",
    "DESCRIPTION": "Everything a student can do in the app, for mobile apps and other frontends.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several contexts have a "status" field with different choices; name each set.
    "ENUM_NAME_OVERRIDES": {
        "CourseStatusEnum": "lms.catalog.models.CourseStatus",
        "QuestionKindEnum": "lms.assessments.models.QuestionKind",
        "ProctorEventKindEnum": "lms.assessments.models.ProctorEventKind",
        "AssessmentKindEnum": "lms.assessments.models.AssessmentKind",
        "MeetingKindEnum": "lms.meetings.models.MeetingKind",
        "TaskKindEnum": "lms.catalog.models.TaskKind",
    },
}

# --- Progressive web app (django-pwa serves the manifest and service worker) ---------------

PWA_APP_NAME = env.str("LMS_SITE_NAME", default="LMS Academy")
PWA_APP_SHORT_NAME = env.str("LMS_SITE_SHORT_NAME", default="LMS")
PWA_APP_DESCRIPTION = "Courses, roadmaps, quizzes and live classes in one app."
PWA_APP_THEME_COLOR = "#1d4ed8"
PWA_APP_BACKGROUND_COLOR = "#ffffff"
PWA_APP_DISPLAY = "standalone"
PWA_APP_SCOPE = "/"
PWA_APP_START_URL = "/app/"
PWA_APP_ORIENTATION = "any"
PWA_APP_STATUS_BAR_COLOR = "default"
PWA_APP_ICONS = [
    {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
    {
        "src": "/static/icons/icon-maskable-512.png",
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    },
]
PWA_APP_ICONS_APPLE = [{"src": "/static/icons/icon-192.png", "sizes": "192x192"}]
PWA_APP_SPLASH_SCREEN = []
PWA_APP_DIR = "ltr"
PWA_APP_LANG = "en"
PWA_SERVICE_WORKER_PATH = BASE_DIR / "static" / "js" / "serviceworker.js"

# --- Admin console ------------------------------------------------------------------------

from config.settings.admin_console import UNFOLD  # noqa: E402,F401  (sidebar declared as data)

# --- LMS --------------------------------------------------------------------------------

# Name shown in page titles, emails and the manifest.
LMS_SITE_NAME = PWA_APP_NAME
# Public address used in links that leave the request (emails, printed setup links).
LMS_PUBLIC_URL = env.str("LMS_PUBLIC_URL", default="http://127.0.0.1:8000")
# Zone used for people who have not picked their own.
LMS_DEFAULT_TIMEZONE = env.str("LMS_DEFAULT_TIMEZONE", default="Asia/Kolkata")
# How long the one-time link that creates the first admin stays valid.
LMS_FIRST_ADMIN_LINK_HOURS = env.int("LMS_FIRST_ADMIN_LINK_HOURS", default=24)
# The short email-verification code for API clients: lifetime and wrong tries allowed.
LMS_EMAIL_CODE_MINUTES = env.int("LMS_EMAIL_CODE_MINUTES", default=30)
LMS_EMAIL_CODE_MAX_ATTEMPTS = 5
# Largest upload accepted for a profile photo and a resume, in bytes.
LMS_MAX_PHOTO_BYTES = 2 * 1024 * 1024
LMS_MAX_RESUME_BYTES = 5 * 1024 * 1024
# New profile photos and resumes one person may upload per hour (together); past it the
# change is refused with a 429 until the hour turns. Replaced files are deleted on commit.
LMS_PROFILE_UPLOADS_PER_HOUR = env.int("LMS_PROFILE_UPLOADS_PER_HOUR", default=10)
# Share of a lesson's video (0–1) a student must reach for its "watch" tasks to complete
# themselves; below it they can still mark them done by hand.
LMS_WATCH_COMPLETE_RATIO = env.float("LMS_WATCH_COMPLETE_RATIO", default=0.9)
# Question files larger than this are parsed and imported by a Huey job (the console shows a
# progress bar); smaller ones are previewed at once.
LMS_QUESTION_IMPORT_BACKGROUND_BYTES = env.int(
    "LMS_QUESTION_IMPORT_BACKGROUND_BYTES", default=256 * 1024
)
# Content Security Policy for every response; the admin console gets its own (unfold needs
# inline styles and Alpine.js). A view may add sources with lms.core.csp.csp_extend.
LMS_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "frame-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
LMS_CSP_ADMIN = {
    **LMS_CSP,
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
    "frame-src": ["'self'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Sales: coupons and payment gateways ---------------------------------------------------
# A gateway whose keys are empty is not offered anywhere (hidden, never broken).
RAZORPAY_KEY_ID = env.str("RAZORPAY_KEY_ID", default="")
RAZORPAY_KEY_SECRET = env.str("RAZORPAY_KEY_SECRET", default="")
# Secret set on the Razorpay dashboard's webhook; signs X-Razorpay-Signature.
RAZORPAY_WEBHOOK_SECRET = env.str("RAZORPAY_WEBHOOK_SECRET", default="")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
# Signing secret of the Stripe webhook endpoint (whsec_...); signs Stripe-Signature.
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Gateways' API addresses; only tests (a local fake) or a proxy change them.
LMS_RAZORPAY_API_BASE = env.str("LMS_RAZORPAY_API_BASE", default="https://api.razorpay.com")
LMS_STRIPE_API_BASE = env.str("LMS_STRIPE_API_BASE", default="https://api.stripe.com")
# Seconds to wait for a gateway's API before giving up.
LMS_GATEWAY_TIMEOUT_SECONDS = env.int("LMS_GATEWAY_TIMEOUT_SECONDS", default=20)
# Wrong coupon codes a person may try per minute before being told to wait (429).
LMS_COUPON_ATTEMPTS_PER_MINUTE = env.int("LMS_COUPON_ATTEMPTS_PER_MINUTE", default=10)
# Most codes one "generate batch" may create at once.
LMS_COUPON_BATCH_MAX = env.int("LMS_COUPON_BATCH_MAX", default=1000)
# Length of generated coupon codes (without the optional prefix).
LMS_COUPON_CODE_LENGTH = env.int("LMS_COUPON_CODE_LENGTH", default=10)
# An unpaid order older than this gives its reserved coupon back (periodic job).
LMS_ORDER_PENDING_MINUTES = env.int("LMS_ORDER_PENDING_MINUTES", default=60)

# --- People import (lms.people) -----------------------------------------------------------
# Most rows one file may hold, and its largest size in bytes.
LMS_PEOPLE_IMPORT_MAX_ROWS = env.int("LMS_PEOPLE_IMPORT_MAX_ROWS", default=20000)
LMS_PEOPLE_IMPORT_MAX_BYTES = 10 * 1024 * 1024
# Files with more rows than this are checked and imported by a background job (progress bar).
LMS_PEOPLE_IMPORT_INLINE_ROWS = env.int("LMS_PEOPLE_IMPORT_INLINE_ROWS", default=500)
# Rows written per transaction; each batch costs a fixed number of queries.
LMS_PEOPLE_IMPORT_BATCH_SIZE = env.int("LMS_PEOPLE_IMPORT_BATCH_SIZE", default=500)
# Welcome emails per background job.
LMS_PEOPLE_WELCOME_BATCH = env.int("LMS_PEOPLE_WELCOME_BATCH", default=100)
# --- Reports (lms/reports) ----------------------------------------------------------------
# An export with more rows than this is written by a background job (progress, then a link).
LMS_REPORT_SYNC_MAX_ROWS = env.int("LMS_REPORT_SYNC_MAX_ROWS", default=5000)
# Rows the job writes between two progress updates.
LMS_REPORT_PROGRESS_EVERY = env.int("LMS_REPORT_PROGRESS_EVERY", default=500)
# --- Community (lms/community) ---
# Questions, answers, board topics and replies one person may post per hour (0: no limit).
LMS_COMMUNITY_POSTS_PER_HOUR = env.int("LMS_COMMUNITY_POSTS_PER_HOUR", default=30)
# Longest post body accepted, in characters of HTML as sent.
LMS_COMMUNITY_POST_MAX_CHARS = env.int("LMS_COMMUNITY_POST_MAX_CHARS", default=20000)
# --- Meetings (lms/meetings) ---
# Minutes before the start when the Join button opens (it closes at the end).
LMS_MEETING_JOIN_OPENS_MINUTES = env.int("LMS_MEETING_JOIN_OPENS_MINUTES", default=10)
# Minutes after the start until which a join counts as present; later is late.
LMS_MEETING_LATE_AFTER_MINUTES = env.int("LMS_MEETING_LATE_AFTER_MINUTES", default=5)
# Minutes before the start when invitees are reminded (one reminder per meeting).
LMS_MEETING_REMINDER_MINUTES = env.int("LMS_MEETING_REMINDER_MINUTES", default=30)
# How far ahead a weekly series' occurrences exist as meetings (a daily task extends it).
LMS_MEETING_SERIES_HORIZON_WEEKS = env.int("LMS_MEETING_SERIES_HORIZON_WEEKS", default=12)
# Allow http:// join links to 127.0.0.1/localhost (development, browser tests); never in
# production, where every link must be https.
LMS_MEETING_ALLOW_LOCAL_HTTP_LINKS = env.bool("LMS_MEETING_ALLOW_LOCAL_HTTP_LINKS", default=False)
# Rows per database round trip when the attendance export streams.
LMS_ATTENDANCE_EXPORT_CHUNK = env.int("LMS_ATTENDANCE_EXPORT_CHUNK", default=2000)
# The XLSX export is built whole before it is sent: above this many rows, use the CSV.
LMS_ATTENDANCE_XLSX_MAX_ROWS = env.int("LMS_ATTENDANCE_XLSX_MAX_ROWS", default=50000)

# --- AI mentor (lms.mentor) -----------------------------------------------------------------
# An OpenAI-compatible chat-completions endpoint, used when the console's mentor settings
# name none. Empty: no provider; the mentor answers with lesson passages and links only.
LMS_MENTOR_BASE_URL = env.str("LMS_MENTOR_BASE_URL", default="")
LMS_MENTOR_MODEL = env.str("LMS_MENTOR_MODEL", default="")
LMS_MENTOR_API_KEY = env.str("LMS_MENTOR_API_KEY", default="")
# PostgreSQL text search configuration of lesson passages ("english" stems, "simple" not).
LMS_MENTOR_SEARCH_CONFIG = env.str("LMS_MENTOR_SEARCH_CONFIG", default="english")
# Lesson passages sent with each question, and the longest passage in characters.
LMS_MENTOR_PASSAGES = env.int("LMS_MENTOR_PASSAGES", default=4)
LMS_MENTOR_PASSAGE_CHARS = env.int("LMS_MENTOR_PASSAGE_CHARS", default=900)
# --- Notifications and chat --------------------------------------------------------------

# Web push (VAPID, RFC 8292): base64url keys (public: the uncompressed P-256 point; private:
# the 32-byte scalar). Empty: web push is off. The embedded default generates a pair in var/.
LMS_VAPID_PUBLIC_KEY = env.str("LMS_VAPID_PUBLIC_KEY", default="")
LMS_VAPID_PRIVATE_KEY = env.str("LMS_VAPID_PRIVATE_KEY", default="")
# Contact the push services may use about this sender (a mailto: or https: address).
LMS_VAPID_SUBJECT = env.str("LMS_VAPID_SUBJECT", default="mailto:admin@example.com")
# Accept http push endpoints on this machine (tests' fake push service); https only otherwise.
LMS_PUSH_ALLOW_LOCAL_HTTP = env.bool("LMS_PUSH_ALLOW_LOCAL_HTTP", default=False)
# Chat: longest message (characters), messages one person may send per minute, and the
# largest attachment (bytes).
LMS_CHAT_MAX_MESSAGE_CHARS = 4000
LMS_CHAT_MESSAGES_PER_MINUTE = env.int("LMS_CHAT_MESSAGES_PER_MINUTE", default=30)
LMS_CHAT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# --- Points, leaderboards, certificates (lms/gamification, lms/certificates) ---
# The academy's own zone: "this week" (from Monday 00:00) and "this month" (from the 1st)
# of the leaderboards are counted in it, whatever zone each person picked.
LMS_ACADEMY_TIMEZONE = env.str("LMS_ACADEMY_TIMEZONE", default=LMS_DEFAULT_TIMEZONE)
# A computed board stays cached this long at most; any ledger write replaces it sooner.
LMS_LEADERBOARD_CACHE_SECONDS = env.int("LMS_LEADERBOARD_CACHE_SECONDS", default=600)
# Rows shown at the top of a board, and neighbours shown above and below one's own row.
LMS_LEADERBOARD_TOP = env.int("LMS_LEADERBOARD_TOP", default=10)
LMS_LEADERBOARD_NEIGHBOURS = env.int("LMS_LEADERBOARD_NEIGHBOURS", default=2)
# People one bulk adjustment (a whole group) may reach.
LMS_POINTS_BULK_MAX = env.int("LMS_POINTS_BULK_MAX", default=5000)
