"""API of the resume builder: the student's projects and the resume as a PDF. Education and
skills are the profile's (`/api/v1/me/`). urlpatterns are joined into lms/api/urls.py."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.resumes import selectors, services
from lms.resumes.models import ResumeProject
from lms.resumes.pdf import TEMPLATES, resume_pdf_get


class JsonErrorsNegotiation(BaseContentNegotiation):
    """The PDF answers in its own type whatever `Accept` says; errors in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=600, required=False, allow_blank=True)
    technologies = serializers.CharField(max_length=200, required=False, allow_blank=True)
    link = serializers.URLField(required=False, allow_blank=True)


class ResumeProjectListApi(APIView):
    """The projects on the signed-in person's resume (GET), or a new one (POST)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(ProjectSerializer):
        pass

    class OutputSerializer(ProjectSerializer):
        pass

    @extend_schema(responses={200: OutputSerializer(many=True)}, tags=["resumes"])
    def get(self, request: Request) -> Response:
        projects = selectors.projects_of(user=request.user)
        return Response(self.OutputSerializer(projects, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer}, tags=["resumes"])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_create(user=request.user, **data.validated_data)
        return Response(self.OutputSerializer(project).data, status=status.HTTP_201_CREATED)


class ResumeProjectDeleteApi(APIView):
    """Remove one of the person's projects; another person's is 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, tags=["resumes"])
    def delete(self, request: Request, project_id: int) -> Response:
        project = get_object_or_404(ResumeProject, pk=project_id, user=request.user)
        services.project_delete(project=project, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResumePdfApi(APIView):
    """The signed-in person's resume as a one-page PDF: profile (education, skills), projects,
    completed courses. `template`: classic (default) or modern. Made again whenever its
    content changes."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = JsonErrorsNegotiation
    error_statuses = (400,)  # an unknown template

    @extend_schema(
        parameters=[OpenApiParameter("template", OpenApiTypes.STR, enum=list(TEMPLATES))],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        tags=["resumes"],
    )
    def get(self, request: Request) -> HttpResponse:
        pdf = resume_pdf_get(user=request.user, template=request.query_params.get("template"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="resume.pdf"'
        return response


urlpatterns = [
    path("me/resume/projects/", ResumeProjectListApi.as_view(), name="resume-project-list"),
    path(
        "me/resume/projects/<int:project_id>/",
        ResumeProjectDeleteApi.as_view(),
        name="resume-project-delete",
    ),
    path("me/resume.pdf", ResumePdfApi.as_view(), name="resume-pdf"),
]
