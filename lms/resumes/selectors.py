"""What a resume holds: the profile (name, contact, education, skills), the projects the
student added, completed courses, and the sections other contexts offer (sections.py)."""

from django.db.models import QuerySet

from lms.accounts.models import User
from lms.learning.models import Enrollment, EnrollmentStatus
from lms.resumes.models import ResumeProject
from lms.resumes.sections import extra_sections

MAX_PROJECTS = 5  # one page
MAX_COURSES = 8


def projects_of(*, user: User) -> QuerySet[ResumeProject]:
    return ResumeProject.objects.filter(user=user)


def resume_data_get(*, user: User) -> dict:
    """Plain values only (strings, lists, dicts), so the same data keys the PDF's cache."""
    education = [part for part in [user.college, user.branch] if part]
    courses = (
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.COMPLETED)
        .select_related("course")
        .order_by("-completed_at", "-pk")[:MAX_COURSES]
    )
    return {
        "name": user.full_name or user.email,
        "email": user.email,
        "phone": user.phone,
        "domain": user.domain,
        "education": {
            "institution": ", ".join(education),
            "year": user.year or "",
        },
        "skills": [str(skill) for skill in (user.skills or []) if str(skill).strip()],
        "projects": [
            {
                "title": p.title,
                "description": p.description,
                "technologies": p.technologies,
                "link": p.link,
            }
            for p in projects_of(user=user)[:MAX_PROJECTS]
        ],
        "courses": [
            {
                "title": e.course.title,
                "completed": e.completed_at.date().isoformat() if e.completed_at else "",
            }
            for e in courses
        ],
        "sections": extra_sections(user=user),
    }
