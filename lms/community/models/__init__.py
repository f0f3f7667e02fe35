from lms.community.models.groups import Announcement
from lms.community.models.moderation import Flag, MemberWarning, PostingSuspension
from lms.community.models.posts import FlaggedPost, Post, Rating, Thread, ThreadKind, Vote

__all__ = [
    "Announcement",
    "Flag",
    "FlaggedPost",
    "Post",
    "PostingSuspension",
    "Rating",
    "Thread",
    "ThreadKind",
    "Vote",
    "MemberWarning",
]
