import factory

from lms.accounts.tests.factories import StudentFactory
from lms.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(StudentFactory)
    kind = "enrolled"
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Body"
    link = "/app/"
