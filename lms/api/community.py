"""API endpoints of the community context: a course's Q&A (questions, answers, votes,
acceptance with XP, star ratings), flags on any post, and the groups of the signed-in
person (announcements, board threads and replies). The rules live in lms.community; these
views only translate HTTP.

A group, question or post one may not see is 404 whether it exists or not; a course's Q&A
one is not enrolled in is 403 (the course itself is public)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.pagination import PageNumberPagination
from lms.catalog.models import Course, Lesson
from lms.community import access, selectors
from lms.community.models import Post, Thread
from lms.community.services import forum, groups, moderation
from lms.community.services.posting import PostingLimitError

TAGS = ["community"]


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class QuestionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    author = AuthorSerializer()
    lesson = serializers.IntegerField(source="lesson_id", allow_null=True)
    created_at = serializers.DateTimeField()
    answer_count = serializers.IntegerField(source="reply_count")
    votes = serializers.IntegerField(source="vote_total", help_text="Sum of the answers' scores.")
    answered = serializers.BooleanField(help_text="An answer was accepted.")


def _summary(question: Thread) -> Thread:
    question.answered = question.accepted_post_id is not None
    return question


class AnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = AuthorSerializer()
    body = serializers.CharField(help_text="Sanitized HTML.")
    created_at = serializers.DateTimeField()
    upvotes = serializers.IntegerField()
    downvotes = serializers.IntegerField()
    score = serializers.IntegerField()
    rating_count = serializers.IntegerField()
    rating_average = serializers.FloatField(allow_null=True)
    accepted = serializers.BooleanField()
    xp_awarded = serializers.IntegerField(allow_null=True)
    my_vote = serializers.IntegerField(help_text="1, -1 or 0.")
    my_stars = serializers.IntegerField(allow_null=True)


def _answer(post: Post) -> dict:
    return {
        "id": post.pk,
        "author": post.author,
        "body": post.body,
        "created_at": post.created_at,
        "upvotes": post.upvotes,
        "downvotes": post.downvotes,
        "score": post.score,
        "rating_count": post.rating_count,
        "rating_average": post.rating_average,
        "accepted": post.accepted_at is not None,
        "xp_awarded": post.xp_awarded,
        "my_vote": getattr(post, "my_vote", None) or 0,
        "my_stars": getattr(post, "my_stars", None),
    }


def _course(slug: str, user) -> Course:
    course = get_object_or_404(Course, slug=slug)
    access.course_forum_check(user=user, course=course)
    return course


def _answer_of(request: Request, answer_id: int) -> Post:
    return selectors.post_get(user=request.user, post_id=answer_id)


class PostingApiView(APIView):
    """A view that posts: past the hourly budget, the 429 says when to retry."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, PostingLimitError):
            response["Retry-After"] = str(exc.retry_after)
        return response


class QuestionListApi(PostingApiView):
    """GET: the course's questions (`search` full text, `sort` newest | votes | unanswered,
    `lesson` id), paginated. POST: ask one (rich text body, sanitized). 403 when not a
    student or staff of the course; 429 past the hourly posting budget."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    error_statuses = (429,)

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        body = serializers.CharField(help_text="HTML; sanitized before it is stored.")
        lesson = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, required=False),
            OpenApiParameter("sort", OpenApiTypes.STR, required=False, enum=selectors.SORTS),
            OpenApiParameter("lesson", OpenApiTypes.INT, required=False),
        ],
        responses={200: QuestionSummarySerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request: Request, slug: str) -> Response:
        course = _course(slug, request.user)
        lesson = request.query_params.get("lesson", "")
        sort = request.query_params.get("sort", "newest")
        if sort not in selectors.SORTS or (lesson and not lesson.isdigit()):
            raise serializers.ValidationError(
                {"sort" if sort not in selectors.SORTS else "lesson": ["Not a valid value."]}
            )
        questions = selectors.question_list(
            user=request.user,
            course=course,
            search=request.query_params.get("search", ""),
            sort=sort,
            lesson_id=int(lesson) if lesson else None,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(questions, request, view=self)
        data = QuestionSummarySerializer([_summary(q) for q in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=InputSerializer, responses={201: QuestionSummarySerializer}, tags=TAGS)
    def post(self, request: Request, slug: str) -> Response:
        course = _course(slug, request.user)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        lesson = (
            get_object_or_404(Lesson.objects.select_related("module"), pk=data["lesson"])
            if data.get("lesson")
            else None
        )
        question = forum.question_ask(
            user=request.user, course=course, title=data["title"], body=data["body"], lesson=lesson
        )
        return Response(
            QuestionSummarySerializer(_summary(question)).data, status=status.HTTP_201_CREATED
        )


class QuestionDetailApi(APIView):
    """A question with its visible answers (the accepted one first, then by score), each
    with the caller's own vote and stars."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(QuestionSummarySerializer):
        course = serializers.CharField(help_text="The course's slug.")
        body = serializers.CharField(help_text="Sanitized HTML.")
        answers = AnswerSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer}, tags=TAGS)
    def get(self, request: Request, question_id: int) -> Response:
        question = selectors.thread_get(user=request.user, thread_id=question_id)
        if question.course_id is None:
            raise access.NotVisibleError
        answers = selectors.thread_replies(user=request.user, thread=question)
        data = {
            "id": question.pk,
            "title": question.title,
            "author": question.author,
            "lesson_id": question.lesson_id,
            "created_at": question.created_at,
            "reply_count": question.reply_count,
            "vote_total": question.vote_total,
            "answered": question.accepted_post_id is not None,
            "course": question.course.slug,
            "body": question.opening.body if question.opening else "",
            "answers": [_answer(a) for a in answers],
        }
        return Response(self.OutputSerializer(data).data)


class AnswerCreateApi(PostingApiView):
    """Answers a question (rich text, sanitized). 404 for a question one cannot read; 429
    past the hourly posting budget; 403 while suspended."""

    permission_classes = [IsAuthenticated]
    error_statuses = (429,)

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: AnswerSerializer}, tags=TAGS)
    def post(self, request: Request, question_id: int) -> Response:
        question = selectors.thread_get(user=request.user, thread_id=question_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        answer = forum.answer_post(
            user=request.user, question=question, body=given.validated_data["body"]
        )
        return Response(AnswerSerializer(_answer(answer)).data, status=status.HTTP_201_CREATED)


class AnswerVoteApi(APIView):
    """Votes on an answer: 1 up, -1 down, 0 takes the vote back. Voting again changes the
    vote; the counts stay exact."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        value = serializers.ChoiceField(choices=[1, -1, 0])

    @extend_schema(request=InputSerializer, responses={200: AnswerSerializer}, tags=TAGS)
    def post(self, request: Request, answer_id: int) -> Response:
        answer = _answer_of(request, answer_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        value = int(given.validated_data["value"])
        answer = forum.answer_vote(user=request.user, answer=answer, value=value)
        answer.my_vote = value
        return Response(AnswerSerializer(_answer(answer)).data)


class AnswerAcceptApi(APIView):
    """The asker accepts an answer, optionally awarding 1–10 XP (`xp` null or absent: none).
    403 for anyone else; 409 when the question already has an accepted answer."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        xp = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10)

    @extend_schema(request=InputSerializer, responses={200: AnswerSerializer}, tags=TAGS)
    def post(self, request: Request, answer_id: int) -> Response:
        answer = _answer_of(request, answer_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        answer = forum.answer_accept(
            user=request.user, answer=answer, xp=given.validated_data.get("xp")
        )
        return Response(AnswerSerializer(_answer(answer)).data)


class AnswerRatingApi(APIView):
    """Rates an answer 1–5 stars (one rating per person; rating again changes it)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        stars = serializers.IntegerField(min_value=1, max_value=5)

    @extend_schema(request=InputSerializer, responses={200: AnswerSerializer}, tags=TAGS)
    def post(self, request: Request, answer_id: int) -> Response:
        answer = _answer_of(request, answer_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        stars = given.validated_data["stars"]
        answer = forum.answer_rate(user=request.user, answer=answer, stars=stars)
        answer.my_stars = stars
        return Response(AnswerSerializer(_answer(answer)).data)


class PostFlagApi(APIView):
    """Flags any post one can read (a question, an answer, a board topic or reply) for the
    moderators. Flagging again while the flag is open changes nothing."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

    class OutputSerializer(serializers.Serializer):
        flagged = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, tags=TAGS)
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        moderation.post_flag(
            user=request.user, post=post, reason=given.validated_data.get("reason", "")
        )
        return Response(self.OutputSerializer({"flagged": True}).data)


# --- Groups ---------------------------------------------------------------------------------


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    member_count = serializers.IntegerField()


class MyGroupListApi(APIView):
    """The groups whose page the signed-in person may open (members; staff see the groups
    they teach, admins all)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(responses={200: GroupSerializer(many=True)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.my_groups(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(GroupSerializer(page, many=True).data)


class AnnouncementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Sanitized HTML.")
    author = AuthorSerializer()
    created_at = serializers.DateTimeField()


class GroupAnnouncementListApi(APIView):
    """A group's announcements, newest first (404 for a group that is not one's own)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(responses={200: AnnouncementSerializer(many=True)}, tags=TAGS)
    def get(self, request: Request, group_id: int) -> Response:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.group_announcements(cohort=cohort), request, view=self
        )
        return paginator.get_paginated_response(AnnouncementSerializer(page, many=True).data)


class ThreadSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    author = AuthorSerializer()
    created_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()
    reply_count = serializers.IntegerField()


class GroupThreadListApi(PostingApiView):
    """GET: the group board's threads, latest activity first. POST: start one (members and
    the group's staff; 404 for anyone else; 429 past the hourly posting budget)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    error_statuses = (429,)

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        body = serializers.CharField()

    @extend_schema(responses={200: ThreadSummarySerializer(many=True)}, tags=TAGS)
    def get(self, request: Request, group_id: int) -> Response:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.group_threads(cohort=cohort), request, view=self
        )
        return paginator.get_paginated_response(ThreadSummarySerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ThreadSummarySerializer}, tags=TAGS)
    def post(self, request: Request, group_id: int) -> Response:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        thread = groups.thread_start(user=request.user, cohort=cohort, **given.validated_data)
        return Response(ThreadSummarySerializer(thread).data, status=status.HTTP_201_CREATED)


class ReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = AuthorSerializer()
    body = serializers.CharField(help_text="Sanitized HTML.")
    created_at = serializers.DateTimeField()


class GroupThreadRepliesApi(PostingApiView):
    """GET: a board thread's opening post and replies, oldest first (paginated). POST: reply
    to it."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    error_statuses = (429,)

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField()

    def _thread(self, request: Request, group_id: int, thread_id: int) -> Thread:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
        thread = selectors.thread_get(user=request.user, thread_id=thread_id)
        if thread.cohort_id != cohort.pk:
            raise access.NotVisibleError
        return thread

    @extend_schema(responses={200: ReplySerializer(many=True)}, tags=TAGS)
    def get(self, request: Request, group_id: int, thread_id: int) -> Response:
        thread = self._thread(request, group_id, thread_id)
        posts = selectors.thread_replies(user=request.user, thread=thread)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(posts, request, view=self)
        return paginator.get_paginated_response(ReplySerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ReplySerializer}, tags=TAGS)
    def post(self, request: Request, group_id: int, thread_id: int) -> Response:
        thread = self._thread(request, group_id, thread_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        reply = groups.thread_reply(
            user=request.user, thread=thread, body=given.validated_data["body"]
        )
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("courses/<slug:slug>/questions/", QuestionListApi.as_view(), name="course-question-list"),
    path("questions/<int:question_id>/", QuestionDetailApi.as_view(), name="question-detail"),
    path("questions/<int:question_id>/answers/", AnswerCreateApi.as_view(), name="answer-create"),
    path("answers/<int:answer_id>/vote", AnswerVoteApi.as_view(), name="answer-vote"),
    path("answers/<int:answer_id>/accept", AnswerAcceptApi.as_view(), name="answer-accept"),
    path("answers/<int:answer_id>/rating", AnswerRatingApi.as_view(), name="answer-rating"),
    path("posts/<int:post_id>/flag", PostFlagApi.as_view(), name="post-flag"),
    path("me/groups/", MyGroupListApi.as_view(), name="my-group-list"),
    path(
        "groups/<int:group_id>/announcements/",
        GroupAnnouncementListApi.as_view(),
        name="group-announcement-list",
    ),
    path("groups/<int:group_id>/threads/", GroupThreadListApi.as_view(), name="group-thread-list"),
    path(
        "groups/<int:group_id>/threads/<int:thread_id>/replies/",
        GroupThreadRepliesApi.as_view(),
        name="group-thread-replies",
    ),
]
