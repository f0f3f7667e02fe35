from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite


class LmsAdminSite(UnfoldAdminSite):
    site_title = _("LMS console")
    site_header = _("LMS console")
    index_title = _("Dashboard")
    index_template = "admin/lms_dashboard.html"

    def get_urls(self):
        # Django's "view on site" redirect answers any staff member for any object; here it
        # asks the object's console page for the same view permission as its list.
        urls = [url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"]
        checked = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [checked, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise PermissionDenied
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not model_admin.has_view_permission(request, obj):
            raise PermissionDenied
        return shortcut(request, content_type_id, object_id)
