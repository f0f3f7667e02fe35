"""Huey jobs of chat: each is named after the service it runs."""

from huey.contrib.djhuey import task

from lms.chat import services


@task()
def cohort_conversation_sync(
    cohort_id: int, added_user_ids: tuple, removed_user_ids: tuple
) -> None:
    services.cohort_conversation_sync(
        cohort_id=cohort_id, added_user_ids=added_user_ids, removed_user_ids=removed_user_ids
    )
