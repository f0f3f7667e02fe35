"""Student app and guest pages of the learning context; joined into student_pwa/urls.py."""

urlpatterns: list = []
