"""Reads of report exports."""

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.reports.models import ReportExport


def report_export_get_for(*, user: User, export_id: int) -> ReportExport | None:
    """An export its owner (or an admin) may read; None otherwise."""
    exports = ReportExport.objects.all()
    if not is_admin(user):
        exports = exports.filter(created_by=user)
    return exports.filter(pk=export_id).first()


def report_exports_for(*, user: User):
    exports = ReportExport.objects.select_related("created_by")
    return exports if is_admin(user) else exports.filter(created_by=user)
