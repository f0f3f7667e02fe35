"""API endpoints of the learning context: a student's courses, roadmaps (lock state and next
step), lesson content, completing tasks and the video position. urlpatterns are joined into
lms/api/urls.py. Files are served by the permission-checked views of the app
(student_pwa:lesson_file / document_file), which also accept `Authorization: Bearer`."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.pagination import PageNumberPagination
from lms.catalog.models import Course, Lesson, Task
from lms.core.html import sanitize_html
from lms.learning import answers, selectors, services


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()


class TaskStepSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="task.pk")
    title = serializers.CharField(source="task.title")
    kind = serializers.CharField(source="task.kind")
    self_completed = serializers.BooleanField(
        source="task.is_self_completed", help_text="The student completes it by marking it done."
    )
    state = serializers.ChoiceField(choices=[state.value for state in selectors.StepState])
    reason = serializers.CharField(help_text="Why it is locked; empty otherwise.")


class LessonStepSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="lesson.pk")
    title = serializers.CharField(source="lesson.title")
    estimated_minutes = serializers.IntegerField(source="lesson.estimated_minutes")
    state = serializers.ChoiceField(choices=[state.value for state in selectors.StepState])
    reason = serializers.CharField()
    progress = ProgressSerializer()
    tasks = TaskStepSerializer(many=True)


class ModuleStepSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="module.pk")
    title = serializers.CharField(source="module.title")
    free_order = serializers.BooleanField(source="module.free_order")
    state = serializers.ChoiceField(choices=[state.value for state in selectors.StepState])
    reason = serializers.CharField()
    progress = ProgressSerializer()
    lessons = LessonStepSerializer(many=True)


class NextStepSerializer(serializers.Serializer):
    task_id = serializers.IntegerField()
    task_title = serializers.CharField()
    lesson_id = serializers.IntegerField()
    lesson_title = serializers.CharField()


def next_step_data(roadmap: selectors.Roadmap) -> dict | None:
    if roadmap.next_step is None:
        return None
    return {
        "task_id": roadmap.next_step.task.pk,
        "task_title": roadmap.next_step.task.title,
        "lesson_id": roadmap.next_lesson.lesson.pk,
        "lesson_title": roadmap.next_lesson.lesson.title,
    }


class CourseBriefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.CharField()


class MyCourseListApi(APIView):
    """The signed-in person's courses (active and completed enrollments) with progress and
    the next step, newest enrollment first."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    class OutputSerializer(serializers.Serializer):
        course = CourseBriefSerializer(source="enrollment.course")
        status = serializers.CharField(source="enrollment.status")
        source = serializers.CharField(source="enrollment.source")
        enrolled_at = serializers.DateTimeField(source="enrollment.enrolled_at")
        completed_at = serializers.DateTimeField(source="enrollment.completed_at", allow_null=True)
        progress = ProgressSerializer()
        next_step = serializers.SerializerMethodField()

        @extend_schema_field(NextStepSerializer(allow_null=True))
        def get_next_step(self, item: selectors.MyCourse) -> dict | None:
            task = item.next_task
            if task is None:
                return None
            return {
                "task_id": task.pk,
                "task_title": task.title,
                "lesson_id": task.lesson_id,
                "lesson_title": task.lesson.title,
            }

    @extend_schema(responses={200: OutputSerializer(many=True)}, tags=["learning"])
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.enrollments_for_user(user=request.user), request, view=self
        )
        items = selectors.my_courses_get(user=request.user, enrollments=page)
        return paginator.get_paginated_response(self.OutputSerializer(items, many=True).data)


class RoadmapOutputSerializer(serializers.Serializer):
    course = CourseBriefSerializer()
    mode = serializers.ChoiceField(
        choices=[mode.value for mode in selectors.AccessMode if mode != selectors.AccessMode.NONE],
        help_text="`student`: lock rules apply and progress is recorded; `preview`: an instructor "
        "or admin sees everything and nothing is recorded.",
    )
    progress = ProgressSerializer()
    next_step = serializers.SerializerMethodField()
    modules = ModuleStepSerializer(many=True)

    @extend_schema_field(NextStepSerializer(allow_null=True))
    def get_next_step(self, roadmap: selectors.Roadmap) -> dict | None:
        return next_step_data(roadmap)


class CourseRoadmapApi(APIView):
    """Modules → lessons → tasks with their state (done, available, locked) and the reason
    when locked, progress per module and course, and the next step. 403 with the reason for
    someone who may not study the course."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: RoadmapOutputSerializer}, tags=["learning"])
    def get(self, request: Request, slug: str) -> Response:
        found = selectors.course_access_get(user=request.user, slug=slug)
        if found is None:
            raise Http404
        course, access = found
        # Built as plain data in the shape of RoadmapOutputSerializer (which documents it):
        # nested serializers cost more than the whole answer (lms/learning/answers.py).
        return Response(answers.roadmap_answer_get(user=request.user, course=course, access=access))


class LessonDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    inline = serializers.BooleanField(help_text="PDFs are shown inline; others are downloads.")


class LessonDetailApi(APIView):
    """A lesson's content, for whoever may read it: sanitized body, video and documents as
    URLs of the permission-checked file views (send the same `Authorization` header), its
    tasks with their state, and where the video was left. 403 with the reason when locked."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField()
        module = serializers.CharField()
        course = serializers.SlugField()
        state = serializers.ChoiceField(choices=[state.value for state in selectors.StepState])
        preview = serializers.BooleanField()
        estimated_minutes = serializers.IntegerField()
        body_html = serializers.CharField()
        video_url = serializers.URLField(
            allow_null=True, help_text="The lesson's own video (Range requests work)."
        )
        subtitles_url = serializers.URLField(allow_null=True, help_text="WebVTT.")
        external_video_url = serializers.URLField(allow_blank=True)
        video_position_seconds = serializers.IntegerField()
        documents = LessonDocumentSerializer(many=True)
        progress = ProgressSerializer()
        tasks = TaskStepSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer}, tags=["learning"])
    def get(self, request: Request, slug: str, lesson_id: int) -> Response:
        course = get_object_or_404(Course, slug=slug)
        try:
            lesson = selectors.lesson_content_get(lesson_id=lesson_id, course=course)
        except Lesson.DoesNotExist as error:
            raise Http404 from error
        access = selectors.lesson_access_check(user=request.user, lesson=lesson)
        progress = (
            selectors.lesson_progress_get(user=request.user, lesson=lesson)
            if access.roadmap.records_progress
            else None
        )

        def absolute(name: str, *args) -> str:
            return request.build_absolute_uri(reverse(name, args=args))

        data = {
            "id": lesson.pk,
            "title": lesson.title,
            "module": lesson.module.title,
            "course": course.slug,
            "state": access.step.state,
            "preview": access.roadmap.is_preview,
            "estimated_minutes": lesson.estimated_minutes,
            "body_html": sanitize_html(lesson.body),
            "video_url": absolute("student_pwa:lesson_file", lesson.pk, "video")
            if lesson.video_file
            else None,
            "subtitles_url": absolute("student_pwa:lesson_file", lesson.pk, "subtitles")
            if lesson.subtitles
            else None,
            "external_video_url": lesson.video_url,
            "video_position_seconds": progress.video_position_seconds if progress else 0,
            "documents": [
                {
                    "id": document.pk,
                    "title": document.title,
                    "url": absolute("student_pwa:document_file", document.pk),
                    "inline": document.file.name.lower().endswith(".pdf"),
                }
                for document in lesson.documents.all()
            ],
            "progress": access.step.progress,
            "tasks": access.step.tasks,
        }
        return Response(self.OutputSerializer(data).data)


class TaskCompleteApi(APIView):
    """Mark a task done (watch, read, practice, daily work). Calling it again is harmless.
    403 with the reason for a locked lesson, a graded kind, a preview or no enrollment;
    nothing is recorded then."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        task_id = serializers.IntegerField()
        completed_at = serializers.DateTimeField()
        created = serializers.BooleanField(help_text="False when it was already done.")
        course_completed = serializers.BooleanField(help_text="True when this finished the course.")
        next_step = NextStepSerializer(
            allow_null=True, help_text="What to do next in the course; null once all is done."
        )

    @extend_schema(request=None, responses={200: OutputSerializer}, tags=["learning"])
    def post(self, request: Request, task_id: int) -> Response:
        task = get_object_or_404(Task.objects.select_related("lesson__module__course"), pk=task_id)
        result = services.task_complete(user=request.user, task=task)
        data = {
            "task_id": task.pk,
            "completed_at": result.completion.completed_at,
            "created": result.created,
            "course_completed": result.course_completed,
            "next_step": next_step_data(result.roadmap),
        }
        return Response(self.OutputSerializer(data).data)


class LessonProgressSaveApi(APIView):
    """Where the student is in the lesson's video, so any device resumes there. Reaching
    most of the video completes the lesson's watch tasks (listed in the answer)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        position_seconds = serializers.FloatField(min_value=0)
        duration_seconds = serializers.FloatField(min_value=0)

    class OutputSerializer(serializers.Serializer):
        position_seconds = serializers.IntegerField()
        duration_seconds = serializers.IntegerField()
        completed_task_ids = serializers.ListField(child=serializers.IntegerField())
        course_completed = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, tags=["learning"])
    def post(self, request: Request, lesson_id: int) -> Response:
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=lesson_id)
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            # Someone who may not read the lesson is told so (403), not what a valid body
            # looks like; checked only here because the service checks a valid body's
            # sender itself (this is the player's frequent call).
            selectors.lesson_access_check(user=request.user, lesson=lesson)
            raise serializers.ValidationError(data.errors)
        result = services.lesson_progress_save(
            user=request.user, lesson=lesson, **data.validated_data
        )
        body = {
            "position_seconds": result.progress.video_position_seconds,
            "duration_seconds": result.progress.video_duration_seconds,
            "completed_task_ids": [task.pk for task in result.completed_tasks],
            "course_completed": result.course_completed,
        }
        return Response(self.OutputSerializer(body).data)


urlpatterns = [
    path("me/courses/", MyCourseListApi.as_view(), name="my-course-list"),
    path("me/courses/<slug:slug>/roadmap/", CourseRoadmapApi.as_view(), name="course-roadmap"),
    path(
        "me/courses/<slug:slug>/lessons/<int:lesson_id>/",
        LessonDetailApi.as_view(),
        name="lesson-detail",
    ),
    path(
        "me/lessons/<int:lesson_id>/progress/",
        LessonProgressSaveApi.as_view(),
        name="lesson-progress",
    ),
    path("tasks/<int:task_id>/complete/", TaskCompleteApi.as_view(), name="task-complete"),
]
