"""Importing people from a CSV or XLSX file (admins only).

A small file is checked (or imported) within the request and answered with every row's
outcome; a file larger than LMS_PEOPLE_IMPORT_INLINE_ROWS is handed to a background job and
answered 202 with the import's id, to be followed at `authoring/user-imports/{id}/`.
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.permissions import is_admin
from lms.people import services
from lms.people.models import UserImport


class IsAdmin(BasePermission):
    message = "Only admins can import people."

    def has_permission(self, request, view) -> bool:
        return is_admin(request.user)


class RowResultSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number in the file (the header is row 1).")
    status = serializers.CharField(help_text="new, updated, unchanged or error.")
    email = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField(required=False)


class UserImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="previewing, previewed, importing, done or failed.")
    dry_run = serializers.BooleanField()
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    progress = serializers.IntegerField(source="progress_percent", help_text="0 to 100.")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    message = serializers.CharField()
    rows = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_rows(self, user_import: UserImport) -> list[dict]:
        if not user_import.finished:
            return []
        rows = [{k: v for k, v in row.items() if k != "values"} for row in user_import.rows]
        return RowResultSerializer(rows, many=True).data

    def get_url(self, user_import: UserImport) -> str:
        return reverse("api:authoring-user-import-detail", args=[user_import.pk])


class UserImportCreateApi(APIView):
    permission_classes = [IsAdmin]
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(
            help_text="CSV or XLSX: email, full_name, role, cohorts, "
            "courses, language, timezone, phone."
        )
        dry_run = serializers.BooleanField(default=True, help_text="Only check the rows.")
        update_existing = serializers.BooleanField(default=False)
        send_welcome = serializers.BooleanField(
            default=True, help_text="Email new people a link to choose their password."
        )
        create_cohorts = serializers.BooleanField(
            default=False, help_text="Create groups the file names that do not exist yet."
        )
        all_or_nothing = serializers.BooleanField(
            default=False, help_text="Import nothing unless every row is valid."
        )

    class OutputSerializer(UserImportSerializer):
        pass

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={200: OutputSerializer, 202: OutputSerializer},
        tags=["authoring"],
        summary="Check or import a file of people",
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.pop("file")
        user_import = services.user_import_start(
            acting_user=request.user,
            content=upload.read(),
            file_name=upload.name,
            **data.validated_data,
        )
        code = status.HTTP_200_OK if user_import.finished else status.HTTP_202_ACCEPTED
        return Response(self.OutputSerializer(user_import).data, status=code)


class UserImportDetailApi(APIView):
    permission_classes = [IsAdmin]

    class OutputSerializer(UserImportSerializer):
        pass

    @extend_schema(responses={200: OutputSerializer}, tags=["authoring"])
    def get(self, request, pk: int):
        user_import = get_object_or_404(UserImport, pk=pk)
        return Response(self.OutputSerializer(user_import).data)


urlpatterns = [
    path(
        "authoring/user-imports/",
        UserImportCreateApi.as_view(),
        name="authoring-user-import-create",
    ),
    path(
        "authoring/user-imports/<int:pk>/",
        UserImportDetailApi.as_view(),
        name="authoring-user-import-detail",
    ),
]
