"""Many people voting and rating one answer at once, each several times: one vote and one
rating per person, and counts equal to the rows. Needs PostgreSQL (row locks); run with
DATABASE_URL=postgres://... pytest lms/community/tests/test_concurrency.py"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lms.accounts.tests.factories import StudentFactory
from lms.community.models import Rating, Vote
from lms.community.services import forum
from lms.community.tests.factories import answer_to, question_in
from lms.learning.tests.factories import EnrollmentFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 12
THREADS = 8


def test_simultaneous_votes_and_ratings_stay_exact():
    question = question_in(EnrollmentFactory().course)
    course = question.course
    answer = answer_to(question)
    voters = StudentFactory.create_batch(PEOPLE)
    for voter in voters:
        EnrollmentFactory(user=voter, course=course)
    start = threading.Barrier(THREADS)

    def act(index: int) -> None:
        voter = voters[index % PEOPLE]
        try:
            if index < THREADS:
                start.wait()
            # Each person votes up twice and rates twice, racing the others.
            forum.answer_vote(user=voter, answer=answer, value=1 if index % 3 else -1)
            forum.answer_rate(user=voter, answer=answer, stars=1 + index % 5)
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(act, range(PEOPLE * 2)))
    answer.refresh_from_db()
    assert Vote.objects.filter(post=answer).count() == PEOPLE
    assert Rating.objects.filter(post=answer).count() == PEOPLE
    ups = Vote.objects.filter(post=answer, value=1).count()
    assert (answer.upvotes, answer.downvotes) == (ups, PEOPLE - ups)
    assert answer.score == ups - (PEOPLE - ups)
    assert answer.rating_count == PEOPLE
    assert answer.rating_total == sum(
        Rating.objects.filter(post=answer).values_list("stars", flat=True)
    )
