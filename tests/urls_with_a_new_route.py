"""The project's URLs plus one that the access matrix has no row for (see
tests/test_access_matrix.py::test_a_new_route_without_a_row_is_caught)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as project_urlpatterns


@require_POST
def new_thing(request):
    return HttpResponse("done")


urlpatterns = [*project_urlpatterns, path("app/new-thing/", new_thing, name="new_thing")]
