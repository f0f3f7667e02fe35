"""API of the assignments context: a student's assignments, submissions, daily work and
streak; authoring (create an assignment, review a submission) for admins and the course's
instructors. Files are links to the permission-checked file view of the app (send the same
`Authorization` header). urlpatterns are joined into lms/api/urls.py."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import Cohort, User
from lms.api.authoring import IsAuthor
from lms.assignments import selectors, services
from lms.assignments.models import Assignment, LatePolicy
from lms.catalog.models import Course, Task

ERRORS = {
    400: {"description": "Refused, with the reason: {error: {code, message, fields}}."},
    403: {"description": "Not allowed, with the reason."},
    404: {"description": "No such assignment or submission (or not yours)."},
    409: {"description": "Already reviewed, or a newer attempt exists."},
}
STATUSES = [s.value for s in selectors.AssignmentStatus]


def _file_urls(request: Request, files) -> list[str]:
    return [
        request.build_absolute_uri(reverse("student_pwa:submission_file", args=[file.pk]))
        for file in files
    ]


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assignment_id = serializers.IntegerField()
    attempt = serializers.IntegerField()
    text = serializers.CharField()
    files = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    is_late = serializers.BooleanField()
    reviewed = serializers.BooleanField(source="is_reviewed")
    marks = serializers.IntegerField(allow_null=True)
    feedback = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)

    def get_files(self, submission) -> list[str]:
        return _file_urls(self.context["request"], submission.files.all())


class MyAssignmentListApi(APIView):
    """The assignments aimed at the signed-in student (through a course they study, a group
    they belong to or by name; each once), soonest due first, with their status: `pending`,
    `submitted` (maybe `late`) or `reviewed` with marks and feedback."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="assignment.pk")
        title = serializers.CharField(source="assignment.title")
        course = serializers.SlugField(source="assignment.course.slug")
        instructions_html = serializers.CharField(source="assignment.instructions")
        due_at = serializers.DateTimeField(source="assignment.due_at")
        max_marks = serializers.IntegerField(source="assignment.max_marks")
        pass_marks = serializers.IntegerField(source="assignment.pass_marks")
        late_policy = serializers.ChoiceField(
            source="assignment.late_policy", choices=LatePolicy.choices
        )
        status = serializers.ChoiceField(choices=STATUSES)
        late = serializers.BooleanField(source="is_late")
        can_submit = serializers.BooleanField()
        submission = SubmissionSerializer(allow_null=True)

    @extend_schema(responses={200: OutputSerializer(many=True)}, tags=["assignments"])
    def get(self, request: Request) -> Response:
        items = selectors.my_assignments_list(user=request.user)
        return Response(self.OutputSerializer(items, many=True, context={"request": request}).data)


class SubmissionCreateApi(APIView):
    """Submit (or resubmit until reviewed): multipart `text` and `files` (several allowed).
    403 when the assignment is not aimed at you; 400 `closed` after a closing due date, or
    `invalid_file` for a file of the wrong type, size or content; 409 once reviewed. Nothing
    is stored when refused."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(required=False, allow_blank=True)
        files = serializers.ListField(child=serializers.FileField(), required=False)

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={201: SubmissionSerializer, **ERRORS},
        tags=["assignments"],
    )
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(Assignment, pk=assignment_id)
        submission = services.submission_create(
            user=request.user,
            assignment=assignment,
            text=str(request.data.get("text", "")),
            files=request.FILES.getlist("files"),
        )
        data = SubmissionSerializer(submission, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class MySubmissionDetailApi(APIView):
    """One of your submissions (any attempt); another student's is a 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: SubmissionSerializer, 404: ERRORS[404]}, tags=["assignments"])
    def get(self, request: Request, submission_id: int) -> Response:
        submission = selectors.my_submission_get(user=request.user, submission_id=submission_id)
        return Response(SubmissionSerializer(submission, context={"request": request}).data)


class DailyEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(source="local_date")
    text = serializers.CharField()
    file = serializers.SerializerMethodField()
    editable = serializers.SerializerMethodField()

    def get_file(self, entry) -> str | None:
        if not entry.file:
            return None
        url = reverse("student_pwa:daily_entry_file", args=[entry.pk])
        return self.context["request"].build_absolute_uri(url)

    def get_editable(self, entry) -> bool:
        return entry.local_date == self.context["today"]


class MyDailyWorkListApi(APIView):
    """Your daily entries, newest day first (days in your time zone); only today's is
    editable."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DailyEntrySerializer(many=True)}, tags=["daily work"])
    def get(self, request: Request) -> Response:
        context = {"request": request, "today": selectors.local_today(user=request.user)}
        entries = selectors.daily_entries(user=request.user)[:366]
        return Response(DailyEntrySerializer(entries, many=True, context=context).data)


class DailyWorkTodayApi(APIView):
    """Write or edit today's entry (`text`, optional `file`); past days cannot be written.
    201 for the day's first entry, 200 for an edit."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField()
        file = serializers.FileField(required=False)

    @extend_schema(
        request={
            "multipart/form-data": InputSerializer,
            "application/json": InputSerializer,
        },
        responses={200: DailyEntrySerializer, 201: DailyEntrySerializer, 400: ERRORS[400]},
        tags=["daily work"],
    )
    def put(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry, created = services.daily_entry_save(
            user=request.user,
            text=data.validated_data["text"],
            file=request.FILES.get("file"),
        )
        context = {"request": request, "today": entry.local_date}
        return Response(
            DailyEntrySerializer(entry, context=context).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MyStreakApi(APIView):
    """Consecutive days with an entry: the current run (alive until the end of the day
    after the last entry) and the longest ever."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        current = serializers.IntegerField()
        longest = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer}, tags=["daily work"])
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.streak_get(user=request.user)).data)


# --- Authoring ----------------------------------------------------------------------------


class AssignmentCreateApi(APIView):
    """Create an assignment (admins, and instructors of the course). Targets: any mix of
    course ids, group ids and user ids. Instructions are sanitized rich text."""

    permission_classes = [IsAuthor]

    class InputSerializer(serializers.Serializer):
        course = serializers.IntegerField()
        task = serializers.IntegerField(required=False, allow_null=True)
        title = serializers.CharField(max_length=200)
        instructions = serializers.CharField(required=False, allow_blank=True)
        due_at = serializers.DateTimeField()
        max_marks = serializers.IntegerField(min_value=1)
        pass_marks = serializers.IntegerField(min_value=0)
        late_policy = serializers.ChoiceField(choices=LatePolicy.choices, default=LatePolicy.ACCEPT)
        target_courses = serializers.ListField(child=serializers.IntegerField(), default=list)
        target_groups = serializers.ListField(child=serializers.IntegerField(), default=list)
        target_users = serializers.ListField(child=serializers.IntegerField(), default=list)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        course = serializers.IntegerField(source="course_id")
        task = serializers.IntegerField(source="task_id", allow_null=True)
        title = serializers.CharField()
        instructions = serializers.CharField()
        due_at = serializers.DateTimeField()
        max_marks = serializers.IntegerField()
        pass_marks = serializers.IntegerField()
        late_policy = serializers.CharField()

    @extend_schema(
        request=InputSerializer, responses={201: OutputSerializer, **ERRORS}, tags=["authoring"]
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        course = get_object_or_404(Course, pk=fields.pop("course"))
        task_id = fields.pop("task", None)
        task = get_object_or_404(Task, pk=task_id) if task_id else None
        courses = list(Course.objects.filter(pk__in=fields.pop("target_courses")))
        cohorts = list(Cohort.objects.filter(pk__in=fields.pop("target_groups")))
        users = list(User.objects.filter(pk__in=fields.pop("target_users")))
        assignment = services.assignment_save(
            acting_user=request.user,
            assignment=Assignment(course=course, task=task, **fields),
            target_courses=courses,
            target_cohorts=cohorts,
            target_users=users,
        )
        return Response(self.OutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class SubmissionReviewApi(APIView):
    """Marks (0..max) and feedback for a submission's latest attempt; optional
    `rubric_points` {criterion id: points}. At or above the pass mark the linked roadmap
    task is completed for the student."""

    permission_classes = [IsAuthor]

    class InputSerializer(serializers.Serializer):
        marks = serializers.IntegerField(required=False, allow_null=True)
        feedback = serializers.CharField(required=False, allow_blank=True, default="")
        rubric_points = serializers.DictField(
            child=serializers.IntegerField(), required=False, default=dict
        )

    @extend_schema(
        request=InputSerializer, responses={200: SubmissionSerializer, **ERRORS}, tags=["authoring"]
    )
    def post(self, request: Request, submission_id: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = get_object_or_404(
            selectors.submissions_for_staff(user=request.user), pk=submission_id
        )
        submission = services.submission_review(
            acting_user=request.user,
            request=request,
            submission=submission,
            marks=data.validated_data.get("marks"),
            feedback=data.validated_data["feedback"],
            rubric_points=data.validated_data["rubric_points"],
        )
        return Response(SubmissionSerializer(submission, context={"request": request}).data)


urlpatterns = [
    path("me/assignments/", MyAssignmentListApi.as_view(), name="my-assignment-list"),
    path(
        "assignments/<int:assignment_id>/submissions/",
        SubmissionCreateApi.as_view(),
        name="submission-create",
    ),
    path(
        "me/submissions/<int:submission_id>/",
        MySubmissionDetailApi.as_view(),
        name="my-submission-detail",
    ),
    path("me/daily-work/", MyDailyWorkListApi.as_view(), name="my-daily-work"),
    path("me/daily-work/today/", DailyWorkTodayApi.as_view(), name="daily-work-today"),
    path("me/streak/", MyStreakApi.as_view(), name="my-streak"),
    path(
        "authoring/assignments/", AssignmentCreateApi.as_view(), name="authoring-assignment-create"
    ),
    path(
        "authoring/submissions/<int:submission_id>/review/",
        SubmissionReviewApi.as_view(),
        name="authoring-submission-review",
    ),
]
