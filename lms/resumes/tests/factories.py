import factory

from lms.accounts.tests.factories import StudentFactory
from lms.resumes.models import ResumeProject


class ResumeProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResumeProject

    user = factory.SubFactory(StudentFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    description = "A web app that tracks study hours."
    technologies = "Django, HTMX"
