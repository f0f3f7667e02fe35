"""Reads of a student's way through a course. The lock rules live here and only here:

- An enrolled student (enrollment active or completed) follows the roadmap in course order
  (modules, then lessons, then tasks, each by position). A lesson is open when every task
  before it in course order is done, so the first lesson is always open and, when lessons
  are taken in order, that is "every task of the previous lesson is done" across module
  boundaries. A lesson is never opened by work done further ahead (say after the roadmap was
  reordered): the reason then names the earliest unfinished lesson, which is always open.
- A module with `free_order` is reached when everything before the module is done; then all
  of its lessons are open at once, and the module as a whole counts as "before" the next one.
- A graded task (quiz, exam, assignment) whose kind has no grading engine yet is "not
  available": shown, never locked, and it neither blocks a later lesson nor counts towards
  the course (`lms/learning/grading.py` says which kinds count).
- The course's instructors and admins preview everything without enrolling; their own
  progress is not recorded. Anyone else sees nothing and is told why.

Progress is counted from TaskCompletion rows every time, never stored.
"""

from lms.learning.selectors.access import (
    _Access,
    _access_get,
    course_access_get,
    enrollment_get,
)
from lms.learning.selectors.courses import (
    course_standing,
    course_standings_get,
    course_task_counts,
    enrollments_for_user,
    my_courses_get,
)
from lms.learning.selectors.lessons import lesson_content_get, lesson_progress_get
from lms.learning.selectors.roadmap import (
    _completed_task_ids,
    _Outline,
    _outline_get,
    _roadmap_build,
    lesson_access_check,
    roadmap_get,
    roadmap_with_done,
)
from lms.learning.selectors.state import (
    AccessMode,
    CourseStanding,
    LessonAccess,
    LessonStep,
    ModuleStep,
    MyCourse,
    Progress,
    Roadmap,
    StepState,
    TaskStep,
)

__all__ = [
    "AccessMode",
    "CourseStanding",
    "LessonAccess",
    "LessonStep",
    "ModuleStep",
    "MyCourse",
    "Progress",
    "Roadmap",
    "StepState",
    "TaskStep",
    "_Access",
    "_Outline",
    "_access_get",
    "_completed_task_ids",
    "_outline_get",
    "_roadmap_build",
    "course_access_get",
    "course_standing",
    "course_standings_get",
    "course_task_counts",
    "enrollment_get",
    "enrollments_for_user",
    "lesson_access_check",
    "lesson_content_get",
    "lesson_progress_get",
    "my_courses_get",
    "roadmap_get",
    "roadmap_with_done",
]
