"""A client for any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, Ollama,
vLLM...): `POST {base_url}/chat/completions`, whole or streamed as server-sent events
(`data: {...}` lines, ended by `data: [DONE]`).

httpx rather than the `openai` package: one small dependency with the same API sync (answers,
staff jobs in Huey) and async (streaming under daphne), explicit timeouts, and no hidden
retries that would turn a provider's 429 into a hung page.

Every failure becomes a `ProviderError` whose `code` says what happened and whose `message`
a student can read; the log line names the status and the address, never the key."""

import json
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProviderConfig:
    base_url: str
    model: str
    api_key: str
    name: str
    timeout: float = 30.0

    def __repr__(self) -> str:  # never the key
        return f"ProviderConfig(base_url={self.base_url!r}, model={self.model!r})"

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def timeouts(self) -> httpx.Timeout:
        # Connecting is quick or never; reading waits for the model's next words.
        return httpx.Timeout(self.timeout, connect=min(5.0, self.timeout))


@dataclass(frozen=True)
class Completion:
    text: str
    tokens: int


class ProviderError(Exception):
    """The provider did not answer usefully. `code`: timeout | provider_busy | provider_error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def config_get() -> ProviderConfig | None:
    """The provider set in the console, else the environment's, else None (no provider)."""
    from lms.mentor.models import MentorSettings

    row = MentorSettings.load()
    base_url, model, key = row.base_url, row.model, row.api_key
    if not base_url:
        base_url = settings.LMS_MENTOR_BASE_URL
        model = model or settings.LMS_MENTOR_MODEL
        key = key or settings.LMS_MENTOR_API_KEY
    if not base_url or not model:
        return None
    name = row.provider_name or urlsplit(base_url).hostname or base_url
    return ProviderConfig(
        base_url=base_url, model=model, api_key=key, name=name, timeout=row.timeout_seconds
    )


def _body(config: ProviderConfig, messages: list[dict[str, str]], *, stream: bool) -> dict:
    body: dict[str, Any] = {"model": config.model, "messages": messages, "stream": stream}
    if stream:
        body["stream_options"] = {"include_usage": True}
    return body


def _status_error(config: ProviderConfig, status: int) -> ProviderError:
    logger.error("Mentor provider %s answered HTTP %s", config.url, status)
    if status == 429:
        return ProviderError(
            "provider_busy",
            _("The AI service is busy right now (too many requests). Try again in a minute."),
        )
    return ProviderError(
        "provider_error", _("The AI service had a problem answering. Try again later.")
    )


def _timeout_error(config: ProviderConfig) -> ProviderError:
    logger.error("Mentor provider %s did not answer within %ss", config.url, config.timeout)
    return ProviderError(
        "timeout", _("The AI service took too long to answer. Try again in a moment.")
    )


def _transport_error(config: ProviderConfig, error: Exception) -> ProviderError:
    logger.error("Mentor provider %s unreachable: %s", config.url, type(error).__name__)
    return ProviderError("provider_error", _("The AI service cannot be reached right now."))


def _bad_answer(config: ProviderConfig, what: str) -> ProviderError:
    logger.error("Mentor provider %s sent an unreadable answer (%s)", config.url, what)
    return ProviderError(
        "provider_error", _("The AI service sent an answer that could not be read.")
    )


def _completion_parse(config: ProviderConfig, raw: bytes) -> Completion:
    try:
        data = json.loads(raw)
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise _bad_answer(config, type(error).__name__) from None
    if not isinstance(text, str):
        raise _bad_answer(config, "content is not text")
    usage = data.get("usage") or {}
    return Completion(text=text, tokens=int(usage.get("total_tokens") or 0))


def chat(config: ProviderConfig, messages: list[dict[str, str]]) -> Completion:
    """The whole answer at once."""
    try:
        with httpx.Client(timeout=config.timeouts()) as client:
            response = client.post(
                config.url, headers=config.headers(), json=_body(config, messages, stream=False)
            )
    except httpx.TimeoutException:
        raise _timeout_error(config) from None
    except httpx.HTTPError as error:
        raise _transport_error(config, error) from None
    if response.status_code != 200:
        raise _status_error(config, response.status_code)
    return _completion_parse(config, response.content)


@dataclass(frozen=True)
class Piece:
    """One streamed piece: some text, or (at the end) the tokens the provider counted."""

    text: str = ""
    tokens: int = 0


def _sse_piece(config: ProviderConfig, line: str) -> Piece | None:
    """A `data:` line of the stream as a Piece; None for other lines and `[DONE]`."""
    if not line.startswith("data:"):
        return None
    payload = line[5:].strip()
    if not payload or payload == "[DONE]":
        return None
    try:
        data = json.loads(payload)
        choices = data.get("choices") or []
        text = (choices[0].get("delta") or {}).get("content") or "" if choices else ""
        usage = data.get("usage") or {}
        return Piece(text=str(text), tokens=int(usage.get("total_tokens") or 0))
    except (ValueError, AttributeError, TypeError, IndexError) as error:
        raise _bad_answer(config, type(error).__name__) from None


def chat_stream(config: ProviderConfig, messages: list[dict[str, str]]) -> Iterator[Piece]:
    """The answer piece by piece (sync: Huey jobs and tests)."""
    try:
        with (
            httpx.Client(timeout=config.timeouts()) as client,
            client.stream(
                "POST",
                config.url,
                headers=config.headers(),
                json=_body(config, messages, stream=True),
            ) as response,
        ):
            if response.status_code != 200:
                raise _status_error(config, response.status_code)
            for line in response.iter_lines():
                piece = _sse_piece(config, line)
                if piece is not None:
                    yield piece
    except httpx.TimeoutException:
        raise _timeout_error(config) from None
    except httpx.HTTPError as error:
        raise _transport_error(config, error) from None


async def achat_stream(
    config: ProviderConfig, messages: list[dict[str, str]]
) -> AsyncIterator[Piece]:
    """The answer piece by piece, without holding a thread (the student's stream under
    daphne). Closing the iterator (the stop button) closes the connection to the provider."""
    try:
        async with (
            httpx.AsyncClient(timeout=config.timeouts()) as client,
            client.stream(
                "POST",
                config.url,
                headers=config.headers(),
                json=_body(config, messages, stream=True),
            ) as response,
        ):
            if response.status_code != 200:
                raise _status_error(config, response.status_code)
            async for line in response.aiter_lines():
                piece = _sse_piece(config, line)
                if piece is not None:
                    yield piece
    except httpx.TimeoutException:
        raise _timeout_error(config) from None
    except httpx.HTTPError as error:
        raise _transport_error(config, error) from None
