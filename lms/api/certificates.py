"""API endpoints of the certificates context: the signed-in person's certificates (with a
download link to the permission-checked file view) and the public verification."""

from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.pagination import PageNumberPagination
from lms.certificates import selectors


class MyCertificateListApi(APIView):
    """The signed-in person's certificates, newest first. `download_url` serves the PDF to
    its owner only (session or `Authorization: Bearer`)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        serial = serializers.CharField()
        course_title = serializers.CharField()
        recipient_name = serializers.CharField()
        completed_on = serializers.DateField()
        issued_at = serializers.DateTimeField()
        valid = serializers.BooleanField(source="is_valid")
        download_url = serializers.SerializerMethodField()
        verify_url = serializers.SerializerMethodField()

        def get_download_url(self, certificate) -> str | None:
            if not certificate.file:
                return None
            return reverse("student_pwa:certificate_download", args=[certificate.pk])

        def get_verify_url(self, certificate) -> str:
            return reverse("student_pwa:certificate_verify", args=[certificate.serial])

    @extend_schema(responses={200: OutputSerializer(many=True)}, tags=["certificates"])
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.my_certificates(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class CertificateVerifyApi(APIView):
    """Public: whether a serial belongs to a certificate, and whether it is still valid."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        serial = serializers.CharField()
        valid = serializers.BooleanField(source="is_valid")
        revoked_at = serializers.DateTimeField(allow_null=True)
        recipient_name = serializers.CharField()
        course_title = serializers.CharField()
        completed_on = serializers.DateField()

    @extend_schema(responses={200: OutputSerializer}, tags=["certificates"])
    def get(self, request: Request, serial: str) -> Response:
        certificate = selectors.certificate_by_serial(serial=serial)
        if certificate is None:
            raise Http404
        return Response(self.OutputSerializer(certificate).data)


urlpatterns = [
    path("me/certificates/", MyCertificateListApi.as_view(), name="my-certificates"),
    path(
        "certificates/<str:serial>/verify",
        CertificateVerifyApi.as_view(),
        name="certificate-verify",
    ),
]
