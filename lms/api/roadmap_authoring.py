"""API endpoints for writing a course's roadmap: its modules (create, reorder, edit,
delete), their lessons and the lessons' tasks, for admins and the course's instructors.
Rights as in lms.api.authoring: the services decide; these views only translate HTTP."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from lms.api.authoring import AuthoringApi, check_can_edit
from lms.catalog import services
from lms.catalog.models import Course, Lesson, Module, Task, TaskKind

# Modules ---------------------------------------------------------------------------------------


class ModuleOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.CharField(source="course.slug")
    title = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    free_order = serializers.BooleanField()


class ModuleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    free_order = serializers.BooleanField(required=False)


class ModuleCreateApi(AuthoringApi):
    @extend_schema(
        request=ModuleInputSerializer, responses={201: ModuleOutputSerializer}, tags=["authoring"]
    )
    def post(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        check_can_edit(request.user, course)
        data = ModuleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        module = services.module_create(
            course=course, acting_user=request.user, **data.validated_data
        )
        return Response(ModuleOutputSerializer(module).data, status=status.HTTP_201_CREATED)


class ModuleReorderApi(AuthoringApi):
    """Send every module id of the course once, in the new order; positions become 1..n."""

    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)

    @extend_schema(
        request=InputSerializer,
        responses={200: ModuleOutputSerializer(many=True)},
        tags=["authoring"],
    )
    def post(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        check_can_edit(request.user, course)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.module_reorder(
            course=course, module_ids=data.validated_data["ids"], acting_user=request.user
        )
        modules = Module.objects.filter(course=course).select_related("course").order_by("position")
        return Response(ModuleOutputSerializer(modules, many=True).data)


class ModuleDetailApi(AuthoringApi):
    @extend_schema(
        request=ModuleInputSerializer, responses={200: ModuleOutputSerializer}, tags=["authoring"]
    )
    def patch(self, request, pk: int):
        module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
        check_can_edit(request.user, module.course)
        data = ModuleInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        module = services.module_update(
            module=module, acting_user=request.user, **data.validated_data
        )
        return Response(ModuleOutputSerializer(module).data)

    @extend_schema(responses={204: None}, tags=["authoring"])
    def delete(self, request, pk: int):
        module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
        services.module_delete(module=module, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Lessons ---------------------------------------------------------------------------------------


class LessonOutputSerializer(serializers.Serializer):
    """Authors see the lesson's content; the public syllabus never does."""

    id = serializers.IntegerField()
    module = serializers.IntegerField(source="module_id")
    title = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    body = serializers.CharField()
    video_url = serializers.URLField()
    estimated_minutes = serializers.IntegerField()


class LessonInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    video_url = serializers.URLField(required=False, allow_blank=True)
    estimated_minutes = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class LessonCreateApi(AuthoringApi):
    @extend_schema(
        request=LessonInputSerializer, responses={201: LessonOutputSerializer}, tags=["authoring"]
    )
    def post(self, request, pk: int):
        module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
        check_can_edit(request.user, module.course)
        data = LessonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lesson = services.lesson_create(
            module=module, acting_user=request.user, **data.validated_data
        )
        return Response(LessonOutputSerializer(lesson).data, status=status.HTTP_201_CREATED)


class LessonDetailApi(AuthoringApi):
    @extend_schema(
        request=LessonInputSerializer, responses={200: LessonOutputSerializer}, tags=["authoring"]
    )
    def patch(self, request, pk: int):
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
        check_can_edit(request.user, lesson.module.course)
        data = LessonInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        lesson = services.lesson_update(
            lesson=lesson, acting_user=request.user, **data.validated_data
        )
        return Response(LessonOutputSerializer(lesson).data)

    @extend_schema(responses={204: None}, tags=["authoring"])
    def delete(self, request, pk: int):
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
        services.lesson_delete(lesson=lesson, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Tasks -----------------------------------------------------------------------------------------


class TaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    lesson = serializers.IntegerField(source="lesson_id")
    title = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TaskKind.choices)


class TaskInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=TaskKind.choices, required=False)


class TaskCreateApi(AuthoringApi):
    @extend_schema(
        request=TaskInputSerializer, responses={201: TaskOutputSerializer}, tags=["authoring"]
    )
    def post(self, request, pk: int):
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
        check_can_edit(request.user, lesson.module.course)
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_create(lesson=lesson, acting_user=request.user, **data.validated_data)
        return Response(TaskOutputSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskDetailApi(AuthoringApi):
    @extend_schema(
        request=TaskInputSerializer, responses={200: TaskOutputSerializer}, tags=["authoring"]
    )
    def patch(self, request, pk: int):
        task = get_object_or_404(Task.objects.select_related("lesson__module__course"), pk=pk)
        check_can_edit(request.user, task.lesson.module.course)
        data = TaskInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        task = services.task_update(task=task, acting_user=request.user, **data.validated_data)
        return Response(TaskOutputSerializer(task).data)

    @extend_schema(responses={204: None}, tags=["authoring"])
    def delete(self, request, pk: int):
        task = get_object_or_404(Task.objects.select_related("lesson__module__course"), pk=pk)
        services.task_delete(task=task, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path(
        "authoring/courses/<slug:slug>/modules/",
        ModuleCreateApi.as_view(),
        name="authoring-module-create",
    ),
    path(
        "authoring/courses/<slug:slug>/modules/reorder/",
        ModuleReorderApi.as_view(),
        name="authoring-module-reorder",
    ),
    path("authoring/modules/<int:pk>/", ModuleDetailApi.as_view(), name="authoring-module-detail"),
    path(
        "authoring/modules/<int:pk>/lessons/",
        LessonCreateApi.as_view(),
        name="authoring-lesson-create",
    ),
    path("authoring/lessons/<int:pk>/", LessonDetailApi.as_view(), name="authoring-lesson-detail"),
    path(
        "authoring/lessons/<int:pk>/tasks/", TaskCreateApi.as_view(), name="authoring-task-create"
    ),
    path("authoring/tasks/<int:pk>/", TaskDetailApi.as_view(), name="authoring-task-detail"),
]
