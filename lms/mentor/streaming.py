"""An answer streamed as server-sent events (`data: {json}` lines), for the student app and
the API under daphne. The provider is read without holding a thread; the database is
touched (through the services) only before the stream and after it.

Events: {"type": "sources", "sources": [...], "provider": name|null}, then
{"type": "token", "text": ...} per piece, {"type": "error", "code", "message"} when the
provider failed, and {"type": "done", "message_id"} at the end. Closing the connection (the
stop button) stops reading the provider; what was said so far is kept, marked "stopped"."""

import json
from collections.abc import AsyncIterator
from contextlib import aclosing

from asgiref.sync import sync_to_async
from django.http import StreamingHttpResponse

from lms.mentor import provider as providers
from lms.mentor.services import Prepared, answer_record, provider_failed_answer


def sse(data: dict) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


async def answer_events(prepared: Prepared) -> AsyncIterator[str]:
    config = prepared.config
    yield sse(
        {
            "type": "sources",
            "sources": [source.as_dict() for source in prepared.sources],
            "provider": config.name if config else None,
        }
    )
    if config is None:
        answer = await sync_to_async(answer_record)(prepared=prepared, text=prepared.fallback)
        yield sse({"type": "token", "text": prepared.fallback})
        yield sse({"type": "done", "message_id": answer.pk})
        return
    parts: list[str] = []
    tokens = 0
    outcome = {"error": "stopped", "text": ""}  # unless the stream ends one way or another
    try:
        # Closed on the way out, however it ends: the provider stops writing too.
        async with aclosing(providers.achat_stream(config, prepared.messages)) as pieces:
            async for piece in pieces:
                tokens = piece.tokens or tokens
                if piece.text:
                    parts.append(piece.text)
                    yield sse({"type": "token", "text": piece.text})
        outcome = {"error": "", "text": "".join(parts)}
    except providers.ProviderError as error:
        message = provider_failed_answer(prepared=prepared, error=error)
        outcome = {"error": error.code, "text": message}
        yield sse({"type": "error", "code": error.code, "message": message})
    finally:
        text = outcome["text"] or "".join(parts)
        answer = await sync_to_async(answer_record)(
            prepared=prepared,
            text=text,
            tokens=tokens,
            error=outcome["error"],
            provider=config.name if not outcome["error"] or parts else "",
        )
    yield sse({"type": "done", "message_id": answer.pk})


def event_stream_response(prepared: Prepared) -> StreamingHttpResponse:
    response = StreamingHttpResponse(answer_events(prepared), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
