"""Writes of the community context, one module per part: groups (announcements, boards),
forum (questions, answers, votes, acceptance, ratings) and moderation (flags, hide,
restore, warn, suspend)."""
