"""What chat does when other contexts publish events (registered from ChatConfig.ready)."""

from lms.accounts.events import CohortMembershipChanged
from lms.chat.tasks import cohort_conversation_sync
from lms.core.events import receiver


@receiver(CohortMembershipChanged)
def cohort_chat_follows_membership(event: CohortMembershipChanged) -> None:
    # A group of thousands is synced in a job, not in the request that changed it.
    cohort_conversation_sync(event.cohort_id, event.added_user_ids, event.removed_user_ids)
