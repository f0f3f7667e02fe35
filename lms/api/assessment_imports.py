"""POST /api/v1/authoring/question-imports/: preview or import a file of questions (GIFT,
Aiken, CSV, XLSX). Admins and instructors. Joined into lms/api/urls.py with assessments."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.authoring import IsAuthor
from lms.assessments.importers import FORMATS
from lms.assessments.services.imports import question_file_import
from lms.core.errors import ApplicationError, error_body


class ParsedOptionSerializer(serializers.Serializer):
    text = serializers.CharField()
    fraction = serializers.CharField(help_text="Decimal fraction of the mark, e.g. -0.25.")
    feedback = serializers.CharField()


class ParsedQuestionSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    category = serializers.CharField(help_text="Path below the chosen category.")
    difficulty = serializers.IntegerField()
    tags = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    options = ParsedOptionSerializer(many=True)


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class UnsupportedSerializer(serializers.Serializer):
    title = serializers.CharField()
    line = serializers.IntegerField()
    kind = serializers.CharField(help_text="essay, numerical, short answer, matching…")


class QuestionImportApi(APIView):
    """Preview (`dry_run=true`: nothing saved) or import a file of questions into the
    category at `category` (a path, created if missing), all or nothing. Errors are
    line-numbered; question kinds we do not support are listed and skipped."""

    permission_classes = [IsAuthor]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        format = serializers.ChoiceField(choices=FORMATS)
        category = serializers.CharField(required=False, allow_blank=True, default="")
        dry_run = serializers.BooleanField(default=True)

    class OutputSerializer(serializers.Serializer):
        questions = ParsedQuestionSerializer(many=True)
        errors = ImportErrorSerializer(many=True)
        unsupported = UnsupportedSerializer(many=True)
        imported = serializers.IntegerField()

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={
            200: OutputSerializer,
            201: OutputSerializer,
            400: {"description": "Invalid input, or errors in the file (nothing imported)."},
        },
        tags=["authoring"],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            outcome = question_file_import(
                content=values["file"].read(),
                format=values["format"],
                category_path=values["category"],
                dry_run=values["dry_run"],
                created_by=request.user,
            )
        except ApplicationError as error:
            outcome = getattr(error, "outcome", None)
            if outcome is None:
                raise
            body = {**error_body(error.code, error.message), **outcome.as_dict()}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            self.OutputSerializer(outcome.as_dict()).data,
            status=status.HTTP_200_OK if values["dry_run"] else status.HTTP_201_CREATED,
        )


urlpatterns = [
    path(
        "authoring/question-imports/",
        QuestionImportApi.as_view(),
        name="authoring-question-imports",
    ),
]
