"""Student app and guest pages of the commerce context; joined into student_pwa/urls.py."""

urlpatterns: list = []
