"""/api/v1/: each context's API module declares its own `urlpatterns`; a new context adds
one line to API_MODULES."""

from django.urls import include, path

app_name = "api"

API_MODULES = [
    "lms.api.accounts",
    "lms.api.catalog",
    "lms.api.authoring",
    "lms.api.roadmap_authoring",
    "lms.api.learning",
    "lms.api.commerce",
    "lms.api.user_imports",
    "lms.api.assignments",
    "lms.api.assessments",
    "lms.api.assessment_imports",
    "lms.api.meetings",
    "lms.api.notifications",
    "lms.api.chat",
    "lms.api.community",
    "lms.api.mentor",
    "lms.api.resumes",
    "lms.api.gamification",
    "lms.api.certificates",
    "lms.api.dashboard",
]

urlpatterns = [path("", include(module)) for module in API_MODULES]
