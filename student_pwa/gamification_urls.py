"""Student app pages of the gamification and certificates contexts; joined into
student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import certificates, gamification

urlpatterns = [
    path("app/leaderboard/", gamification.leaderboard_page, name="leaderboard"),
    path("app/points/", gamification.my_points, name="my_points"),
    path("app/certificates/", certificates.my_certificates, name="my_certificates"),
    # A private file: checked on every request.
    path(
        "app/certificates/<int:certificate_id>/download/",
        certificates.certificate_download,
        name="certificate_download",
    ),
    # Public: the QR code on every certificate points here.
    path(
        "certificates/verify/<str:serial>/",
        certificates.certificate_verify,
        name="certificate_verify",
    ),
]
