"""Student app pages of the assessments context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import assessments

urlpatterns = [
    path(
        "app/tasks/<int:task_id>/assessment/", assessments.task_assessment, name="task_assessment"
    ),
    path(
        "app/assessments/<int:assessment_id>/start/",
        assessments.attempt_start,
        name="attempt_start",
    ),
    path("app/attempts/<int:attempt_id>/", assessments.attempt_detail, name="attempt_detail"),
    path(
        "app/attempts/<int:attempt_id>/answers/<int:question_id>/",
        assessments.answer_save,
        name="attempt_answer",
    ),
    path(
        "app/attempts/<int:attempt_id>/submit/", assessments.attempt_submit, name="attempt_submit"
    ),
    path("app/attempts/<int:attempt_id>/events/", assessments.proctor_event, name="attempt_events"),
]
