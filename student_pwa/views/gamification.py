"""The student's leaderboard (period, course and group filters; the top and their own
rank with neighbours) and "My points" (level, badges, history). Rules live in
lms.gamification; these views only show."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lms.gamification import leaderboard, selectors
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page

HISTORY_PER_PAGE = 25


@require_GET
@student_required
def leaderboard_page(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "all")
    if period not in leaderboard.PERIODS:
        period = "all"
    course_slug = request.GET.get("course", "")
    group = request.GET.get("group", "")
    try:
        scope = leaderboard.board_scope_get(
            user=request.user, course_slug=course_slug, cohort_id=group
        )
    except LookupError as error:
        raise Http404 from error
    courses, cohorts = leaderboard.board_choices(user=request.user)
    board = leaderboard.board_get(
        user=request.user, period=period, course_id=scope.course_id, cohort_id=scope.cohort_id
    )
    context = {
        "board": board,
        "period": period,
        "courses": courses,
        "cohorts": cohorts,
        "course_slug": course_slug,
        "group": str(scope.cohort_id or ""),
    }
    return render_page(request, "student_pwa/gamification/leaderboard.html", context)


@require_GET
@student_required
def my_points(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.points_history(user=request.user), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "level": selectors.level_get(user=request.user),
        "badges": list(selectors.badges_for_user(user=request.user)),
        "page": page,
        "entries": page.object_list,
    }
    return render_page(request, "student_pwa/gamification/points.html", context)
