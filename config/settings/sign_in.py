"""Settings of accounts and sign-in: the user model, authentication backends, password
hashing and rules, allauth (email sign-in, sign-up, Google), the console's sign-in log
(django-axes), the LMS's own sign-in and sign-up limits, and django-guardian."""

from config.settings.environment import env

# Sessions live in the database and are read through the cache (lms/accounts/sessions.py):
# a signed-in request makes no session query. A cached copy lives at most this long, which
# bounds how long a session ended while Redis was unreachable can still be read from it.
SESSION_ENGINE = "lms.accounts.sessions"
LMS_SESSION_CACHE_SECONDS = env.int("LMS_SESSION_CACHE_SECONDS", default=60)

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
