"""Student app and guest pages of the catalog context; joined into student_pwa/urls.py."""

urlpatterns: list = []
