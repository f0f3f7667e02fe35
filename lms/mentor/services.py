"""Writes of the mentor: conversations, asking (with the daily limits), and the settings.

Asking is three steps so that an answer can stream without a transaction held open:
`question_prepare` (limits, the question saved, passages retrieved: one transaction), the
provider's answer (whole, or streamed by the face), then `answer_record` (the answer and its
tokens saved). `question_ask` runs the three for a whole answer."""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.errors import ApplicationError
from lms.mentor import provider as providers
from lms.mentor.models import Conversation, DailyUsage, MentorSettings, Message, MessageRole
from lms.mentor.prompts import fallback_answer, prompt_messages
from lms.mentor.retrieval import Source, passages_for, sources_of

MAX_QUESTION_CHARS = 2000
HISTORY_MESSAGES = 6  # earlier turns sent along, so "and why?" makes sense


class DailyLimitError(ApplicationError):
    status = 429


@dataclass
class Prepared:
    """A question saved and ready for the provider (or for the answer without one)."""

    conversation: Conversation
    question: Message
    sources: list[Source]
    messages: list[dict[str, str]]  # what the provider is sent
    config: providers.ProviderConfig | None
    fallback: str  # the answer without a provider: the passages and links
    extra: dict = field(default_factory=dict)


def _today():
    return timezone.localdate(timezone=ZoneInfo(settings.LMS_DEFAULT_TIMEZONE))


def _usage_count_question(*, user: User, limits: MentorSettings) -> None:
    """Count one question for today, or refuse when a daily limit is reached (a conditional
    update: two tabs asking at once cannot both pass the last free question)."""
    usage, _created = DailyUsage.objects.get_or_create(user=user, day=_today())
    counted = DailyUsage.objects.filter(
        pk=usage.pk,
        messages__lt=limits.daily_messages_per_person,
        tokens__lt=limits.daily_tokens_per_person,
    ).update(messages=F("messages") + 1)
    if not counted:
        raise DailyLimitError(
            _("You have used today's questions to the mentor. Ask again tomorrow."),
            code="mentor_daily_limit",
        )


@transaction.atomic
def conversation_create(*, user: User, title: str = "") -> Conversation:
    return Conversation.objects.create(user=user, title=title.strip()[:200])


@transaction.atomic
def conversation_delete(*, conversation: Conversation, user: User) -> None:
    """Only its owner deletes a conversation (with its messages)."""
    if conversation.user_id != user.pk:
        raise ApplicationError(_("Conversation not found."), code="not_found", status=404)
    conversation.delete()


@transaction.atomic
def question_prepare(*, conversation: Conversation, user: User, text: str) -> Prepared:
    if conversation.user_id != user.pk:
        raise ApplicationError(_("Conversation not found."), code="not_found", status=404)
    text = text.strip()
    if not text:
        raise ApplicationError(
            _("Write a question."), code="invalid", fields={"text": [_("Required.")]}
        )
    if len(text) > MAX_QUESTION_CHARS:
        raise ApplicationError(
            _("Keep the question under %(n)s characters.") % {"n": MAX_QUESTION_CHARS},
            code="invalid",
            fields={"text": [_("Too long.")]},
        )
    _usage_count_question(user=user, limits=MentorSettings.load())
    history = list(conversation.messages.exclude(error__in=["timeout", "provider_error"]))
    question = Message.objects.create(conversation=conversation, role=MessageRole.USER, text=text)
    if not conversation.title:
        conversation.title = text[:80]
    conversation.save(update_fields=["title", "updated_at"])
    passages = passages_for(user=user, question=text)
    sources = sources_of(passages)
    return Prepared(
        conversation=conversation,
        question=question,
        sources=sources,
        messages=prompt_messages(
            question=text, passages=passages, history=history[-HISTORY_MESSAGES:]
        ),
        config=providers.config_get(),
        fallback=fallback_answer(sources=sources),
    )


@transaction.atomic
def answer_record(
    *, prepared: Prepared, text: str, tokens: int = 0, error: str = "", provider: str = ""
) -> Message:
    """Save the answer (or the message that replaced it) and count its tokens for today."""
    answer = Message.objects.create(
        conversation=prepared.conversation,
        role=MessageRole.ASSISTANT,
        text=text,
        sources=[source.as_dict() for source in prepared.sources],
        provider=provider,
        tokens=tokens,
        error=error,
    )
    if tokens:
        DailyUsage.objects.filter(user_id=prepared.conversation.user_id, day=_today()).update(
            tokens=F("tokens") + tokens
        )
    return answer


def provider_failed_answer(*, prepared: Prepared, error: providers.ProviderError) -> str:
    """What the student reads when the provider failed: why, then the lessons that cover it."""
    if prepared.sources:
        return f"{error.message}\n\n{prepared.fallback}"
    return error.message


def question_ask(*, conversation: Conversation, user: User, text: str) -> Message:
    """Ask and wait for the whole answer. A provider that fails or times out ends in an
    answer that says so (and links the lessons), never in an exception or a hung request."""
    prepared = question_prepare(conversation=conversation, user=user, text=text)
    if prepared.config is None:
        return answer_record(prepared=prepared, text=prepared.fallback)
    try:
        completion = providers.chat(prepared.config, prepared.messages)
    except providers.ProviderError as error:
        return answer_record(
            prepared=prepared,
            text=provider_failed_answer(prepared=prepared, error=error),
            error=error.code,
        )
    return answer_record(
        prepared=prepared,
        text=completion.text,
        tokens=completion.tokens,
        provider=prepared.config.name,
    )


SETTINGS_FIELDS = {
    "base_url",
    "model",
    "provider_name",
    "timeout_seconds",
    "daily_messages_per_person",
    "daily_tokens_per_person",
    "staff_may_read_conversations",
}


@transaction.atomic
def mentor_settings_update(
    *, new_api_key: str = "", clear_api_key: bool = False, **fields
) -> MentorSettings:
    """Change the mentor's settings. The key changes only when a new one is given (or it is
    cleared): a form that never shows it cannot erase it by being saved."""
    unknown = set(fields) - SETTINGS_FIELDS
    if unknown:
        raise TypeError(f"Unknown settings: {sorted(unknown)}")
    row = MentorSettings.load()
    for name, value in fields.items():
        setattr(row, name, value)
    if clear_api_key:
        row.api_key = ""
    elif new_api_key:
        row.api_key = new_api_key.strip()
    row.full_clean()
    row.save()
    return row
