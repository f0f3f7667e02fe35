from django.conf import settings


def site(request):
    return {"site_name": settings.LMS_SITE_NAME, "LANGUAGES": settings.LANGUAGES}
