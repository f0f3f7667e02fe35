"""Moderators' actions are in the audit log: hiding and restoring posts, warning authors and
suspending their posting, from the console, with the moderator, the target, what changed
and the client address; an admin finds them in the console's audit list."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import AdminFactory
from lms.audit.models import AuditEntry
from lms.community.models import Post
from lms.community.services import moderation
from lms.community.tests.factories import answer_to, question_in

pytestmark = pytest.mark.django_db

QUEUE = "admin:community_flaggedpost_changelist"
POSTS = "admin:community_post_changelist"


def flagged_answer(setting):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper, body="<p>Rude words</p>")
    moderation.post_flag(user=setting.asker, post=answer, reason="rude")
    return answer


def test_console_moderation_is_recorded_and_listed(client, setting):
    answer = flagged_answer(setting)
    client.force_login(setting.teacher)
    client.post(reverse(QUEUE), {"action": "hide", "_selected_action": [answer.pk]})
    client.post(reverse(POSTS), {"action": "restore", "_selected_action": [answer.pk]})
    client.post(
        reverse(POSTS),
        {"action": "warn", "_selected_action": [answer.pk], "apply": "1", "message": "Be kind"},
    )
    client.post(
        reverse(POSTS),
        {
            "action": "suspend",
            "_selected_action": [answer.pk],
            "apply": "1",
            "days": "3",
            "reason": "Insults",
        },
    )

    entries = {entry.action: entry for entry in AuditEntry.objects.all()}
    assert set(entries) == {"post.hide", "post.restore", "member.warn", "member.suspend_posting"}
    for entry in entries.values():
        assert entry.actor == setting.teacher and entry.actor_label == setting.teacher.email
        assert entry.client_address == "127.0.0.1"
    hidden, restored = entries["post.hide"], entries["post.restore"]
    assert (hidden.target_type.model, hidden.target_id) == ("post", str(answer.pk))
    assert hidden.changes == {
        "hidden": [False, True],
        "thread": answer.thread_id,
        "author": setting.helper.pk,
        "flags_resolved": 1,
    }
    assert restored.changes["hidden"] == [True, False] and restored.changes["flags_resolved"] == 0
    warned, suspended = entries["member.warn"], entries["member.suspend_posting"]
    assert (warned.target_type.model, warned.target_id) == ("user", str(setting.helper.pk))
    assert warned.changes["message"] == "Be kind" and warned.changes["post"] == answer.pk
    assert suspended.target_id == str(setting.helper.pk)
    assert suspended.changes["days"] == 3 and suspended.changes["reason"] == "Insults"

    admin = AdminFactory()
    client.force_login(admin)
    audit = reverse("admin:audit_auditentry_changelist")
    page = client.get(audit)
    assert page.status_code == 200
    assert {entry.action for entry in page.context["cl"].result_list} == set(entries)
    html = page.content.decode()
    assert "member.suspend_posting" in html and str(answer) in html
    only_hides = client.get(audit, {"action": "post.hide"}).context["cl"].result_list
    assert [entry.pk for entry in only_hides] == [hidden.pk]
    detail = client.get(reverse("admin:audit_auditentry_change", args=[warned.pk]))
    assert detail.status_code == 200 and "Be kind" in detail.content.decode()


def test_a_moderation_that_rolls_back_leaves_no_entry(setting, monkeypatch):
    answer = flagged_answer(setting)

    def failing_publish(event):
        raise RuntimeError("a receiver's queue is down")

    monkeypatch.setattr(moderation, "publish", failing_publish)
    with pytest.raises(RuntimeError):
        moderation.post_hide(moderator=setting.teacher, post=answer)
    assert not AuditEntry.objects.exists()
    assert Post.objects.get(pk=answer.pk).hidden_at is None


def test_a_refused_moderation_records_nothing(client, setting):
    answer = flagged_answer(setting)
    client.force_login(setting.other_teacher)  # does not teach the course
    client.post(reverse(POSTS), {"action": "hide", "_selected_action": [answer.pk]})
    assert not AuditEntry.objects.exists()
