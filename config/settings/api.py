"""Settings of the REST API: Django REST framework (authentication, deny by default,
pages, filters, rate limits, errors), JWT tokens and the OpenAPI schema."""

from datetime import timedelta

from config.settings.environment import env

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
