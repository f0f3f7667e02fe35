"""Where uploads of this context go (private storage, one unguessable folder per file) and
what they may be."""

import uuid

from lms.core.files import UploadValidator

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "zip", "txt", "md", "csv", "png", "jpg", "jpeg"]
upload_validator = UploadValidator(extensions=UPLOAD_EXTENSIONS, max_bytes=MAX_UPLOAD_BYTES)


def attachment_path(instance, filename: str) -> str:
    return f"private/assignments/{instance.assignment.course_id}/{uuid.uuid4().hex}/{filename}"


def submission_file_path(instance, filename: str) -> str:
    return f"private/submissions/{instance.submission.user_id}/{uuid.uuid4().hex}/{filename}"


def daily_entry_file_path(instance, filename: str) -> str:
    return f"private/daily-work/{instance.user_id}/{uuid.uuid4().hex}/{filename}"
