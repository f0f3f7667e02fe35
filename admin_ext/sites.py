"""The console's admin site. Besides unfold's, it guards every console view against requests
that another site makes a signed-in browser send (see `admin_view`)."""

from functools import update_wrapper

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

# Fetch Metadata (sent by every current browser): who started the request, and what for.
OTHER_SITES = {"cross-site", "same-site"}
# The console serves pages, scripts (jsi18n), JSON and downloads; never these.
EMBEDDED = {"image", "audio", "video", "track", "font", "object", "embed"}


class LmsAdminSite(UnfoldAdminSite):
    site_title = _("LMS console")
    site_header = _("LMS console")
    index_title = _("Dashboard")
    index_template = "admin/lms_dashboard.html"

    def admin_view(self, view, cacheable=False):
        """Django's check (staff, CSRF on POST), behind a Fetch Metadata guard: a request
        that another site started (a link in an email or a web page, a form, an image) is not
        served as the signed-in person. A GET gets a page with a link to continue, which is a
        same-origin navigation when followed; anything else gets 403. So does a console URL
        fetched as an image or media, from any site. Browsers that send no Fetch Metadata
        keep the rules that hold everywhere: a GET changes nothing, a POST needs CSRF."""
        checked = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.headers.get("Sec-Fetch-Dest", "") in EMBEDDED:
                return HttpResponseForbidden()
            if request.headers.get("Sec-Fetch-Site", "") in OTHER_SITES:
                return self.arrived_from_another_site(request)
            return checked(request, *args, **kwargs)

        return update_wrapper(guarded, checked)

    def arrived_from_another_site(self, request):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseForbidden()
        context = {
            "title": _("Continue to the console"),
            "site_title": self.site_title,
            "continue_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin_ext/arrived_from_another_site.html", context)

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
