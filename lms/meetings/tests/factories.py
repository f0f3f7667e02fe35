from datetime import timedelta

import factory
from django.utils import timezone

from lms.meetings.models import Meeting, MeetingKind


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = MeetingKind.CLASS
    title = factory.Sequence(lambda n: f"Class {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=1))
    join_url = "https://meet.example.com/abc-defg-hij"

    @factory.post_generation
    def users(self, create, extracted, **kwargs):
        if create and extracted:
            self.users.set(extracted)

    @factory.post_generation
    def cohorts(self, create, extracted, **kwargs):
        if create and extracted:
            self.cohorts.set(extracted)

    @factory.post_generation
    def courses(self, create, extracted, **kwargs):
        if create and extracted:
            self.courses.set(extracted)
