"""The database work of the chat consumer, each helper checking permission first (the
Channels multichat pattern). A refusal is a ClientError the consumer turns into an error
frame; writes go through the same services as HTTP."""

from channels.db import database_sync_to_async

from lms.accounts.models import User
from lms.chat import selectors, services
from lms.chat.models import Membership
from lms.core.errors import ApplicationError


class ClientError(Exception):
    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def _client_error(error: ApplicationError) -> ClientError:
    return ClientError(error.code, error.message)


@database_sync_to_async
def membership_get(user: User, conversation_id: int) -> Membership:
    """The active membership, else ClientError("forbidden")."""
    membership = selectors.membership_active(user=user, conversation_id=conversation_id)
    if membership is None:
        raise ClientError("forbidden")
    return membership


@database_sync_to_async
def read_receipts(conversation_id: int) -> dict:
    from lms.chat.models import Conversation

    conversation = Conversation(pk=conversation_id)
    return {str(k): v for k, v in selectors.read_receipts(conversation=conversation).items()}


@database_sync_to_async
def history(user: User, conversation_id: int, before: int | None) -> list[dict]:
    membership = selectors.membership_active(user=user, conversation_id=conversation_id)
    if membership is None:
        raise ClientError("forbidden")
    page = selectors.messages_before(conversation=membership.conversation, before=before)
    return [services.message_data(message) for message in page]


def _service(function):
    """Runs a chat service in a thread with the membership checked by the service itself."""

    @database_sync_to_async
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ApplicationError as error:
            raise _client_error(error) from error

    return run


@_service
def message_send(user: User, conversation_id: int, body: str) -> int:
    membership = selectors.membership_active(user=user, conversation_id=conversation_id)
    if membership is None:
        raise ClientError("forbidden")
    return services.message_send(user=user, conversation=membership.conversation, body=body).pk


@_service
def message_edit(user: User, message_id: int, body: str) -> None:
    services.message_edit(user=user, message_id=message_id, body=body)


@_service
def message_delete(user: User, message_id: int) -> None:
    services.message_delete(user=user, message_id=message_id)


@_service
def conversation_read(user: User, conversation_id: int, up_to: int | None) -> int:
    membership = selectors.membership_active(user=user, conversation_id=conversation_id)
    if membership is None:
        raise ClientError("forbidden")
    return services.conversation_read(user=user, conversation=membership.conversation, up_to=up_to)
