from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite


class LmsAdminSite(UnfoldAdminSite):
    site_title = _("LMS console")
    site_header = _("LMS console")
    index_title = _("Dashboard")
    index_template = "admin/lms_dashboard.html"
