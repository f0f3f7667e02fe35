"""API endpoints of the assessments context. Students: start an attempt, save answers one
at a time, submit, read the result (and the review when its policy allows), send proctoring
events. Staff (admins and instructors): list the bank, create and change assessments,
import questions (lms/api/assessment_imports.py). urlpatterns are joined into lms/api/urls.py.

What a student receives before review is built from `attempt_view_get`, which does not load
fractions, feedback or explanations: nothing here can reveal an answer by mistake."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.authoring import IsAuthor
from lms.api.pagination import PageNumberPagination
from lms.assessments import selectors
from lms.assessments.models import (
    Assessment,
    AssessmentKind,
    Attempt,
    Category,
    Difficulty,
    ProctorEventKind,
    QuestionKind,
    ReviewPolicy,
)
from lms.assessments.services import attempts as attempt_services
from lms.assessments.services.authoring import (
    DrawRuleData,
    assessment_create,
    assessment_update,
)
from lms.catalog.models import Course, Task

ERRORS = {
    403: {"description": "Not allowed, with the reason: {error: {code, message, fields}}."},
    404: {"description": "No such assessment or attempt (or it is another student's)."},
    409: {"description": "Closed, no attempt left, already submitted, or past the deadline."},
}


# --- Taking ---------------------------------------------------------------------------------


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField(help_text="Sanitized HTML.")
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    options = OptionSerializer(many=True, help_text="In this attempt's frozen order.")
    selected_option_ids = serializers.ListField(child=serializers.IntegerField())


class ResultSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=9, decimal_places=5)
    max_score = serializers.DecimalField(max_digits=9, decimal_places=5)
    percent = serializers.DecimalField(max_digits=6, decimal_places=2)
    passed = serializers.BooleanField()
    auto_submitted = serializers.BooleanField()


class ReviewOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fraction = serializers.DecimalField(max_digits=6, decimal_places=5)
    feedback = serializers.CharField()


class ReviewQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=5)
    explanation = serializers.CharField()
    options = ReviewOptionSerializer(many=True)


class AttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assessment_id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(
        allow_null=True, help_text="Server deadline, ISO 8601 with offset; null: untimed."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    questions = QuestionSerializer(many=True)
    result = ResultSerializer(allow_null=True, help_text="Once submitted.")
    review = ReviewQuestionSerializer(
        many=True,
        allow_null=True,
        help_text="Correct answers and explanations, only when the review policy allows.",
    )


def attempt_data(attempt: Attempt) -> dict:
    view = selectors.attempt_view_get(attempt=attempt)
    submitted = not attempt.is_open
    return AttemptSerializer(
        {
            "id": attempt.pk,
            "assessment_id": attempt.assessment_id,
            "number": attempt.number,
            "status": attempt.status,
            "started_at": attempt.started_at,
            "deadline": attempt.deadline,
            "submitted_at": attempt.submitted_at,
            "questions": [
                {
                    "id": q.id,
                    "position": q.position,
                    "text": q.text,
                    "kind": q.kind,
                    "options": [{"id": o.id, "text": o.text} for o in q.options],
                    "selected_option_ids": [o.id for o in q.options if o.chosen],
                }
                for q in view.questions
            ],
            "result": {
                "score": attempt.score,
                "max_score": attempt.max_score,
                "percent": attempt.percent,
                "passed": bool(attempt.passed),
                "auto_submitted": attempt.auto_submitted,
            }
            if submitted
            else None,
            "review": [
                {
                    "id": q.id,
                    "score": q.score,
                    "explanation": q.explanation,
                    "options": [
                        {"id": o.id, "fraction": o.fraction, "feedback": o.feedback}
                        for o in q.options
                    ],
                }
                for q in view.questions
            ]
            if view.review
            else None,
        }
    ).data


def _own_attempt(request: Request, attempt_id: int) -> Attempt:
    try:
        return selectors.attempt_get_for_user(attempt_id=attempt_id, user=request.user)
    except Attempt.DoesNotExist as error:
        raise Http404 from error


class AttemptStartApi(APIView):
    """Start an attempt (or get back the one already open): its own drawn, ordered
    questions and the server's deadline. Nothing in it reveals an answer."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: AttemptSerializer, **ERRORS}, tags=["assessments"])
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = get_object_or_404(
            Assessment.objects.select_related("course", "task__lesson__module__course"),
            pk=assessment_id,
        )
        attempt = attempt_services.attempt_start(user=request.user, assessment=assessment)
        return Response(attempt_data(attempt), status=status.HTTP_201_CREATED)


class AttemptDetailApi(APIView):
    """The attempt; once submitted its result, and its review when the policy allows. An
    attempt past its deadline is submitted now with what was saved."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: AttemptSerializer, 404: ERRORS[404]}, tags=["assessments"])
    def get(self, request: Request, attempt_id: int) -> Response:
        attempt = _own_attempt(request, attempt_id)
        attempt = attempt_services.attempt_submit_if_due(attempt_id=attempt.pk) or attempt
        return Response(attempt_data(attempt))


class AnswerSaveApi(APIView):
    """Save the answer to one question (replacing any earlier one). 409 once the attempt is
    submitted or past its deadline."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        option_ids = serializers.ListField(
            child=serializers.IntegerField(), allow_empty=True, max_length=50
        )

    class OutputSerializer(serializers.Serializer):
        question_id = serializers.IntegerField()
        option_ids = serializers.ListField(child=serializers.IntegerField())
        saved_at = serializers.DateTimeField()

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer, **ERRORS}, tags=["assessments"]
    )
    def put(self, request: Request, attempt_id: int, question_id: int) -> Response:
        attempt = _own_attempt(request, attempt_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = attempt_services.answer_save(
            attempt=attempt, question_id=question_id, option_ids=data.validated_data["option_ids"]
        )
        return Response(
            self.OutputSerializer(
                {
                    "question_id": answer.question_id,
                    "option_ids": answer.option_ids,
                    "saved_at": answer.saved_at,
                }
            ).data
        )


class AttemptSubmitApi(APIView):
    """Submit and grade at once; submitting again returns the same result."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: AttemptSerializer, **ERRORS}, tags=["assessments"])
    def post(self, request: Request, attempt_id: int) -> Response:
        attempt = attempt_services.attempt_submit(attempt=_own_attempt(request, attempt_id))
        return Response(attempt_data(attempt))


class ProctorEventApi(APIView):
    """Log a proctoring event of an open exam attempt (tab hidden, window blur, fullscreen
    exit, copy, paste). Past the exam's threshold the attempt is flagged for staff review."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ProctorEventKind.choices)
        occurred_at = serializers.DateTimeField(help_text="The browser's time of the event.")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        occurred_at = serializers.DateTimeField()

    @extend_schema(
        request=InputSerializer, responses={201: OutputSerializer, **ERRORS}, tags=["assessments"]
    )
    def post(self, request: Request, attempt_id: int) -> Response:
        attempt = _own_attempt(request, attempt_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = attempt_services.proctor_event_record(attempt=attempt, **data.validated_data)
        event = result.event
        return Response(
            self.OutputSerializer(
                {"id": event.pk, "kind": event.kind, "occurred_at": event.occurred_at}
            ).data,
            status=status.HTTP_201_CREATED,
        )


# --- Authoring ------------------------------------------------------------------------------


class BankOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    fraction = serializers.DecimalField(max_digits=6, decimal_places=5)
    feedback = serializers.CharField()


class BankQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField(source="category.path")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField()
    explanation = serializers.CharField()
    difficulty = serializers.ChoiceField(choices=Difficulty.choices)
    tags = serializers.SerializerMethodField()
    options = BankOptionSerializer(many=True)

    def get_tags(self, question) -> list[str]:
        return [tag.name for tag in question.tags.all()]


class QuestionListApi(APIView):
    """The question bank, or one category's subtree (`?category=Python/Basics`)."""

    permission_classes = [IsAuthor]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("category", str, description="Category path.")],
        responses={200: BankQuestionSerializer(many=True)},
        tags=["authoring"],
    )
    def get(self, request: Request) -> Response:
        path_value = request.query_params.get("category", "").strip().strip("/")
        category = get_object_or_404(Category, path=path_value) if path_value else None
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.questions_in_category(category=category), request, view=self
        )
        return paginator.get_paginated_response(BankQuestionSerializer(page, many=True).data)


class DrawRuleSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="Category path; its subcategories count too.")
    count = serializers.IntegerField(min_value=1)
    difficulty = serializers.ChoiceField(
        choices=Difficulty.choices, allow_null=True, required=False
    )


class AssessmentInputSerializer(serializers.Serializer):
    course = serializers.SlugField(help_text="Course slug.")
    task = serializers.IntegerField(allow_null=True, help_text="Roadmap task id (quiz or exam).")
    kind = serializers.ChoiceField(choices=AssessmentKind.choices)
    title = serializers.CharField(max_length=200)
    instructions = serializers.CharField(required=False, allow_blank=True)
    question_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    draw_rules = DrawRuleSerializer(many=True, required=False)
    shuffle_questions = serializers.BooleanField(required=False)
    shuffle_options = serializers.BooleanField(required=False)
    time_limit_minutes = serializers.IntegerField(min_value=1, allow_null=True, required=False)
    opens_at = serializers.DateTimeField(allow_null=True, required=False)
    closes_at = serializers.DateTimeField(allow_null=True, required=False)
    attempts_allowed = serializers.IntegerField(min_value=0, required=False)
    pass_mark_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    negative_marking = serializers.BooleanField(required=False)
    review_policy = serializers.ChoiceField(choices=ReviewPolicy.choices, required=False)
    proctoring_enabled = serializers.BooleanField(required=False)
    violation_threshold = serializers.IntegerField(min_value=1, required=False)


class AssessmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.CharField(source="course.slug")
    task = serializers.IntegerField(source="task_id", allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField()
    instructions = serializers.CharField()
    question_ids = serializers.SerializerMethodField()
    draw_rules = serializers.SerializerMethodField()
    shuffle_questions = serializers.BooleanField()
    shuffle_options = serializers.BooleanField()
    time_limit_minutes = serializers.IntegerField(allow_null=True)
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    attempts_allowed = serializers.IntegerField()
    pass_mark_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    negative_marking = serializers.BooleanField()
    review_policy = serializers.CharField()
    proctoring_enabled = serializers.BooleanField()
    violation_threshold = serializers.IntegerField()

    def get_question_ids(self, assessment: Assessment) -> list[int]:
        return [row.question_id for row in assessment.fixed_questions.all()]

    def get_draw_rules(self, assessment: Assessment) -> list[dict]:
        return [
            {"category": rule.category.path, "count": rule.count, "difficulty": rule.difficulty}
            for rule in assessment.draw_rules.select_related("category")
        ]


def _assessment_arguments(validated: dict) -> dict:
    fields = dict(validated)
    if "course" in fields:
        fields["course"] = get_object_or_404(Course, slug=fields["course"])
    if "task" in fields:
        fields["task"] = (
            get_object_or_404(Task.objects.select_related("lesson__module"), pk=fields["task"])
            if fields["task"] is not None
            else None
        )
    if "draw_rules" in fields:
        fields["draw_rules"] = [
            DrawRuleData(
                category=get_object_or_404(Category, path=rule["category"].strip().strip("/")),
                count=rule["count"],
                difficulty=rule.get("difficulty"),
            )
            for rule in fields["draw_rules"]
        ]
    return fields


class AssessmentCreateApi(APIView):
    permission_classes = [IsAuthor]

    @extend_schema(
        request=AssessmentInputSerializer,
        responses={201: AssessmentOutputSerializer, **ERRORS},
        tags=["authoring"],
    )
    def post(self, request: Request) -> Response:
        data = AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = assessment_create(
            by=request.user, **_assessment_arguments(data.validated_data)
        )
        return Response(AssessmentOutputSerializer(assessment).data, status=status.HTTP_201_CREATED)


class AssessmentUpdateApi(APIView):
    permission_classes = [IsAuthor]

    @extend_schema(
        request=AssessmentInputSerializer(partial=True),
        responses={200: AssessmentOutputSerializer, **ERRORS},
        tags=["authoring"],
    )
    def patch(self, request: Request, assessment_id: int) -> Response:
        assessment = get_object_or_404(
            Assessment.objects.select_related("course", "task__lesson__module"), pk=assessment_id
        )
        data = AssessmentInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        assessment = assessment_update(
            assessment=assessment, by=request.user, **_assessment_arguments(data.validated_data)
        )
        return Response(AssessmentOutputSerializer(assessment).data)


urlpatterns = [
    path(
        "assessments/<int:assessment_id>/attempts/", AttemptStartApi.as_view(), name="attempt-start"
    ),
    path("attempts/<int:attempt_id>/", AttemptDetailApi.as_view(), name="attempt-detail"),
    path(
        "attempts/<int:attempt_id>/answers/<int:question_id>/",
        AnswerSaveApi.as_view(),
        name="attempt-answer",
    ),
    path("attempts/<int:attempt_id>/submit/", AttemptSubmitApi.as_view(), name="attempt-submit"),
    path("attempts/<int:attempt_id>/events/", ProctorEventApi.as_view(), name="attempt-events"),
    path("authoring/questions/", QuestionListApi.as_view(), name="authoring-questions"),
    path("authoring/assessments/", AssessmentCreateApi.as_view(), name="authoring-assessments"),
    path(
        "authoring/assessments/<int:assessment_id>/",
        AssessmentUpdateApi.as_view(),
        name="authoring-assessment",
    ),
]
