"""Where uploads of this context go (private storage, a generated name per file) and
what they may be."""

from lms.core.files import UploadValidator, stored_name

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "zip", "txt", "md", "csv", "png", "jpg", "jpeg"]
upload_validator = UploadValidator(extensions=UPLOAD_EXTENSIONS, max_bytes=MAX_UPLOAD_BYTES)


def attachment_path(instance, filename: str) -> str:
    return stored_name(f"private/assignments/{instance.assignment.course_id}", filename)


def submission_file_path(instance, filename: str) -> str:
    return stored_name(f"private/submissions/{instance.submission.user_id}", filename)


def daily_entry_file_path(instance, filename: str) -> str:
    return stored_name(f"private/daily-work/{instance.user_id}", filename)
