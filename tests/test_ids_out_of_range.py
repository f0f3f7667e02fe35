"""An id no row can have (past a 64-bit integer, typed into a URL) is a 404 or a refusal,
never a server error, on every route outside the console and on both databases: SQLite
raises OverflowError on such a value unless the lookup guards it."""

import pytest
from django.test import Client

from tests.url_walk import all_routes, build_world, urls_with_ids_out_of_range

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["student", "admin"])
def test_an_id_past_any_row_is_never_a_server_error(role):
    world = build_world()
    client = Client(raise_request_exception=False)
    client.force_login(world.student if role == "student" else world.admin)
    errors, walked = [], 0
    for route in all_routes():
        if route.route.startswith("admin/"):
            continue
        for path in urls_with_ids_out_of_range(route, world):
            walked += 1
            status = client.get(path).status_code
            if status >= 500:
                errors.append(f"{status} {route.name} {path}")
    assert walked > 40
    assert errors == []
