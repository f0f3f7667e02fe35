"""The console's moderation queue: who sees which flagged posts, and the hide, restore, warn
and suspend actions (POST bulk actions that call the services)."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import AdminFactory
from lms.community.models import Flag, MemberWarning, PostingSuspension
from lms.community.services import groups, moderation
from lms.community.tests.factories import answer_to, question_in

pytestmark = pytest.mark.django_db

QUEUE = "admin:community_flaggedpost_changelist"


def flagged_answer(setting, body="<p>Rude words</p>"):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper, body=body)
    moderation.post_flag(user=setting.asker, post=answer, reason="rude")
    return answer


def test_queue_shows_flagged_posts_to_their_moderators_only(client, setting):
    answer = flagged_answer(setting)
    thread = groups.thread_start(user=setting.asker, cohort=setting.group, title="Board", body="b")
    moderation.post_flag(user=setting.helper, post=thread.posts.get(), reason="spam")
    client.force_login(setting.teacher)
    page = client.get(reverse(QUEUE))
    assert page.status_code == 200
    assert [row.pk for row in page.context["cl"].result_list] == [answer.pk]
    client.force_login(setting.other_teacher)
    assert list(client.get(reverse(QUEUE)).context["cl"].result_list) == []
    other = client.get(reverse("admin:community_flaggedpost_change", args=[answer.pk]))
    assert other.status_code == 302
    client.force_login(AdminFactory())
    assert len(client.get(reverse(QUEUE)).context["cl"].result_list) == 2


def test_hide_and_restore_actions(client, setting):
    answer = flagged_answer(setting)
    client.force_login(setting.teacher)
    response = client.post(reverse(QUEUE), {"action": "hide", "_selected_action": [answer.pk]})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.hidden_at is not None and answer.hidden_by == setting.teacher
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    client.post(
        reverse("admin:community_post_changelist"),
        {"action": "restore", "_selected_action": [answer.pk]},
    )
    answer.refresh_from_db()
    assert answer.hidden_at is None


def test_warn_and_suspend_ask_first_then_act(client, setting):
    answer = flagged_answer(setting)
    client.force_login(setting.teacher)
    form = client.post(reverse(QUEUE), {"action": "warn", "_selected_action": [answer.pk]})
    assert form.status_code == 200 and not MemberWarning.objects.exists()
    client.post(
        reverse(QUEUE),
        {"action": "warn", "_selected_action": [answer.pk], "apply": "1", "message": "Be kind"},
    )
    assert MemberWarning.objects.get().user == setting.helper
    client.post(
        reverse(QUEUE),
        {"action": "suspend", "_selected_action": [answer.pk], "apply": "1", "days": "3"},
    )
    assert PostingSuspension.objects.get().user == setting.helper


def test_actions_are_not_run_by_a_get_nor_by_other_instructors(client, setting):
    answer = flagged_answer(setting)
    client.force_login(setting.teacher)
    client.get(reverse(QUEUE), {"action": "hide", "_selected_action": [answer.pk]})
    client.force_login(setting.other_teacher)
    client.post(reverse(QUEUE), {"action": "hide", "_selected_action": [answer.pk]})
    answer.refresh_from_db()
    assert answer.hidden_at is None
