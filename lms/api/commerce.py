"""API endpoints of the commerce context; urlpatterns are joined into lms/api/urls.py."""

urlpatterns: list = []
