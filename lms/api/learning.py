"""API endpoints of the learning context; urlpatterns are joined into lms/api/urls.py."""

urlpatterns: list = []
