"""Settings shared by every mode. Everything a deployment changes comes from the environment.

The modes (`development`, `test`, `production`) import this module and adjust only what
differs. LMS-specific settings are named `LMS_*`, each with a default and a comment. Larger
topics have a module of their own here, imported below by name: data (database, Redis,
Huey), sign_in (accounts and sign-in), api (REST API) and admin_console (the console).
"""

from django.utils.translation import gettext_lazy as _

from config.settings.environment import BASE_DIR, VAR_DIR, env

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
    "lms.dashboard",
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
    "lms.dashboard.middleware.OwnChangesMiddleware",
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

# --- Data: databases, Redis, Huey (config/settings/data.py) --------------------------

from config.settings.data import (  # noqa: E402,F401
    CACHES,
    CHANNEL_LAYERS,
    DATABASES,
    DEFAULT_AUTO_FIELD,
    HUEY,
    LMS_CACHE_RETRY_AFTER,
    LMS_CACHE_TIMEOUT,
    LMS_DB_POOL_MAX,
    LMS_DB_POOL_MIN,
    LMS_DB_POOL_TIMEOUT,
    LMS_DB_PREPARED_STATEMENTS,
    LMS_REDIS_CONNECT_TIMEOUT,
    REDIS_URL,
)

# --- Accounts and sign-in (config/settings/sign_in.py) ---------------------------------
from config.settings.sign_in import (  # noqa: E402,F401
    ACCOUNT_ADAPTER,
    ACCOUNT_CONFIRM_EMAIL_ON_GET,
    ACCOUNT_EMAIL_SUBJECT_PREFIX,
    ACCOUNT_EMAIL_VERIFICATION,
    ACCOUNT_FORMS,
    ACCOUNT_LOGIN_METHODS,
    ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION,
    ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE,
    ACCOUNT_PREVENT_ENUMERATION,
    ACCOUNT_RATE_LIMITS,
    ACCOUNT_SIGNUP_FIELDS,
    ACCOUNT_SIGNUP_FORM_CLASS,
    ACCOUNT_UNIQUE_EMAIL,
    ACCOUNT_USER_MODEL_USERNAME_FIELD,
    ANONYMOUS_USER_NAME,
    AUTH_PASSWORD_VALIDATORS,
    AUTH_USER_MODEL,
    AUTHENTICATION_BACKENDS,
    AXES_CLIENT_IP_CALLABLE,
    AXES_LOCK_OUT_AT_FAILURE,
    AXES_LOCKOUT_PARAMETERS,
    AXES_RESET_ON_SUCCESS,
    AXES_USERNAME_CALLABLE,
    GUARDIAN_MONKEY_PATCH_USER,
    LMS_EMAIL_CODE_FAILURES_PER_ADDRESS,
    LMS_PASSWORD_CHECKS_AT_ONCE,
    LMS_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
    LMS_PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
    LMS_SESSION_CACHE_SECONDS,
    LMS_SIGNIN_FAILURES_PER_ACCOUNT,
    LMS_SIGNIN_FAILURES_PER_ADDRESS,
    LMS_SIGNIN_LOCK_MINUTES,
    LMS_SIGNUPS_PER_ADDRESS_PER_DAY,
    LMS_SIGNUPS_PER_ADDRESS_PER_HOUR,
    LMS_TRUSTED_PROXIES,
    LOGIN_REDIRECT_URL,
    LOGIN_URL,
    PASSWORD_HASHERS,
    SESSION_ENGINE,
    SOCIALACCOUNT_ADAPTER,
    SOCIALACCOUNT_EMAIL_AUTHENTICATION,
    SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT,
    SOCIALACCOUNT_PROVIDERS,
)

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

# --- REST API (config/settings/api.py) -------------------------------------------------

from config.settings.api import (  # noqa: E402,F401
    REST_FRAMEWORK,
    SIMPLE_JWT,
    SPECTACULAR_SETTINGS,
)

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
# of the leaderboards are counted in it, whatever zone each person picked. Week and month
# totals are kept by local start date: after changing it, run `manage.py points_totals_rebuild`.
LMS_ACADEMY_TIMEZONE = env.str("LMS_ACADEMY_TIMEZONE", default=LMS_DEFAULT_TIMEZONE)
# Rows shown at the top of a board, and neighbours shown above and below one's own row.
LMS_LEADERBOARD_TOP = env.int("LMS_LEADERBOARD_TOP", default=10)
LMS_LEADERBOARD_NEIGHBOURS = env.int("LMS_LEADERBOARD_NEIGHBOURS", default=2)
# People one bulk adjustment (a whole group) may reach.
LMS_POINTS_BULK_MAX = env.int("LMS_POINTS_BULK_MAX", default=5000)
