"""Badges: each active badge whose criterion a person meets is awarded once (a unique
constraint on badge and person), and `BadgeAwarded` is published for notifications."""

from django.db import IntegrityError, transaction

from lms.accounts.models import Role, User
from lms.core.events import publish
from lms.gamification import selectors
from lms.gamification.events import BadgeAwarded
from lms.gamification.models import Badge, BadgeAward


def badges_check(*, user_id: int) -> list[BadgeAward]:
    """Award the badges the person now qualifies for and has not got yet."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return []
    owned = set(BadgeAward.objects.filter(user=user).values_list("badge_id", flat=True))
    pending = [b for b in Badge.objects.filter(active=True) if b.pk not in owned]
    measures: dict[str, int] = {}
    awarded = []
    for badge in pending:
        if badge.criterion not in measures:
            measures[badge.criterion] = selectors.badge_measure(
                user=user, criterion=badge.criterion
            )
        if measures[badge.criterion] >= badge.threshold:
            award = _award(badge=badge, user=user)
            if award is not None:
                awarded.append(award)
    return awarded


def _award(*, badge: Badge, user: User) -> BadgeAward | None:
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(badge=badge, user=user)
            publish(BadgeAwarded(award_id=award.pk, badge_id=badge.pk, user_id=user.pk))
    except IntegrityError:  # awarded by a concurrent check
        return None
    return award


def badges_award_all() -> int:
    """The periodic sweep: checks every active student (a badge added or lowered by an admin
    reaches those who already qualify)."""
    total = 0
    student_ids = User.objects.filter(role=Role.STUDENT, is_active=True).values_list(
        "pk", flat=True
    )
    for user_id in student_ids.iterator(chunk_size=1000):
        total += len(badges_check(user_id=user_id))
    return total
