"""What the model is sent, and the answer given without a model."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from lms.mentor.models import Message, Passage

SYSTEM = (
    "You are a patient mentor in an online academy. Answer the student's question using the "
    "lesson passages below when they are relevant, and say which lesson helps. If the "
    "passages do not cover the question, say so briefly and give general guidance. Keep "
    "answers short and clear; answer in the language of the question."
)


def _context(passages: Iterable[Passage]) -> str:
    parts = [
        f"[{index}] {p.lesson.module.course.title} — {p.lesson.title}\n{p.text}"
        for index, p in enumerate(passages, start=1)
    ]
    return "\n\n".join(parts) if parts else "(No lesson passage matches this question.)"


def prompt_messages(
    *, question: str, passages: list[Passage], history: list[Message]
) -> list[dict[str, str]]:
    messages = [
        {"role": "system", "content": f"{SYSTEM}\n\nLesson passages:\n{_context(passages)}"}
    ]
    messages += [{"role": m.role, "content": m.text} for m in history]
    messages.append({"role": "user", "content": question})
    return messages


def fallback_answer(*, sources) -> str:
    """The honest answer without a provider: the lessons that cover it (the links follow)."""
    note = _("AI answers are not configured in this academy.")
    if not sources:
        return f"{note} " + _(
            "No lesson you can open yet covers this question. Try other words, or ask your "
            "instructor."
        )
    titles = "; ".join(f"{s.lesson} ({s.course})" for s in sources)
    return f"{note} " + _("These lessons cover it: %(lessons)s.") % {"lessons": titles}


def summary_messages(*, title: str, text: str) -> list[dict[str, str]]:
    return [
        {
            "role": "system",
            "content": "Summarize this lesson for students in 5 to 8 short bullet points. "
            "Keep its terms; add nothing the lesson does not say.",
        },
        {"role": "user", "content": f"Lesson: {title}\n\n{text}"},
    ]


def questions_messages(*, title: str, text: str, count: int) -> list[dict[str, str]]:
    return [
        {
            "role": "system",
            "content": (
                f"Write {count} multiple-choice questions that check understanding of this "
                "lesson. Answer with JSON only: a list of objects "
                '{"text": str, "options": [{"text": str, "correct": bool}], '
                '"explanation": str}, each with 4 options and exactly one correct.'
            ),
        },
        {"role": "user", "content": f"Lesson: {title}\n\n{text}"},
    ]
