"""API endpoints of the catalog context; urlpatterns are joined into lms/api/urls.py."""

urlpatterns: list = []
