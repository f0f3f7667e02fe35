"""Two workers awarding the same source at the same moment write one row: both read an
empty ledger, both try revision 1, the unique constraint lets one in and the other, reading
again, finds nothing left to add."""

import threading

import pytest
from django.db import connection, connections

from lms.accounts.tests.factories import StudentFactory
from lms.gamification import selectors, services
from lms.gamification.models import PointsEntry
from lms.meetings.tests.factories import MeetingFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_of_one_source_write_one_row(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: there is no race")
    student = StudentFactory()
    meeting = MeetingFactory(users=[student])
    both_have_read = threading.Barrier(2, timeout=10)
    real_rule_get = selectors.rule_get

    def rule_get_after_both_read(**kwargs):
        # Called between reading the ledger and writing the award: hold each worker here
        # until the other has read the (still empty) ledger too.
        both_have_read.wait()
        return real_rule_get(**kwargs)

    monkeypatch.setattr(selectors, "rule_get", rule_get_after_both_read)
    results, errors = [], []

    def worker():
        try:
            results.append(
                services.meeting_points_award(
                    meeting_id=meeting.pk, user_id=student.pk, status="present"
                )
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sum(1 for row in results if row is not None) == 1
    assert list(PointsEntry.objects.values_list("revision", "points")) == [(1, 10)]
