"""The production channel layer reads with a timeout longer than its blocking read, so that
"nothing arrived yet" is never taken for "Redis is down" (which closes sockets with 4503)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lms.core.channel_layer import READ_MARGIN_SECONDS, ResilientRedisChannelLayer


def test_connections_read_longer_than_the_blocking_read_waits():
    layer = ResilientRedisChannelLayer(
        hosts=[{"address": "redis://127.0.0.1:6379/0", "socket_connect_timeout": 0.5}]
    )
    pool = layer.create_pool(0)
    assert pool.connection_kwargs["socket_timeout"] == (layer.brpop_timeout + READ_MARGIN_SECONDS)
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.5


def test_a_read_timeout_shorter_than_the_blocking_read_is_refused():
    with pytest.raises(ImproperlyConfigured, match="blocking read"):
        ResilientRedisChannelLayer(
            hosts=[{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 1}]
        )
