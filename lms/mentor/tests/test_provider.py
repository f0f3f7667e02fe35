"""The real client against the fake OpenAI-compatible server on loopback."""

import logging

import pytest
from asgiref.sync import async_to_sync

from lms.mentor import provider
from lms.mentor.tests.conftest import SECRET_KEY

MESSAGES = [{"role": "user", "content": "What is a loop?"}]


@pytest.fixture
def config(fake_provider):
    return provider.config_get()


def test_whole_answer_sends_model_messages_and_key(fake_provider, config):
    completion = provider.chat(config, MESSAGES)
    assert completion.text == "Loops repeat a block of code."
    assert completion.tokens == 42
    request = fake_provider.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "fake-model"
    assert request["body"]["messages"] == MESSAGES
    assert request["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"


def test_stream_yields_each_piece_then_the_tokens(fake_provider, config):
    pieces = list(provider.chat_stream(config, MESSAGES))
    assert [p.text for p in pieces if p.text] == ["Loops ", "repeat ", "code."]
    assert pieces[-1].tokens == 42
    assert fake_provider.requests[-1]["body"]["stream"] is True


def test_async_stream_yields_each_piece(fake_provider, config):
    async def collect():
        return [p async for p in provider.achat_stream(config, MESSAGES)]

    pieces = async_to_sync(collect)()
    assert "".join(p.text for p in pieces) == "Loops repeat code."


@pytest.mark.parametrize(
    ("status", "code"), [(500, "provider_error"), (503, "provider_error"), (429, "provider_busy")]
)
def test_http_errors_become_clear_errors_and_a_log_line_without_the_key(
    fake_provider, config, caplog, status, code
):
    fake_provider.mode, fake_provider.status = "status", status
    with (
        caplog.at_level(logging.ERROR, logger="lms.mentor"),
        pytest.raises(provider.ProviderError) as raised,
    ):
        provider.chat(config, MESSAGES)
    assert raised.value.code == code
    assert str(status) in caplog.text
    assert SECRET_KEY not in caplog.text


def test_bad_json_is_a_provider_error(fake_provider, config, caplog):
    fake_provider.mode = "bad_json"
    with (
        caplog.at_level(logging.ERROR, logger="lms.mentor"),
        pytest.raises(provider.ProviderError) as raised,
    ):
        provider.chat(config, MESSAGES)
    assert raised.value.code == "provider_error"
    assert "unreadable" in caplog.text


def test_a_provider_that_does_not_answer_times_out(fake_provider, config, caplog):
    fake_provider.mode = "slow"  # answers after 3 s; the client waits 1 s
    with (
        caplog.at_level(logging.ERROR, logger="lms.mentor"),
        pytest.raises(provider.ProviderError) as raised,
    ):
        list(provider.chat_stream(config, MESSAGES))
    assert raised.value.code == "timeout"
    assert "did not answer" in caplog.text


def test_an_unreachable_provider_is_a_provider_error(config):
    unreachable = provider.ProviderConfig(
        base_url="http://127.0.0.1:9/v1", model="m", api_key="k", name="x", timeout=1
    )
    with pytest.raises(provider.ProviderError) as raised:
        provider.chat(unreachable, MESSAGES)
    assert raised.value.code == "provider_error"


def test_environment_provider_when_the_console_names_none(db, settings):
    settings.LMS_MENTOR_BASE_URL = "http://127.0.0.1:1/v1"
    settings.LMS_MENTOR_MODEL = "env-model"
    settings.LMS_MENTOR_API_KEY = "env-key"
    config = provider.config_get()
    assert (config.model, config.api_key, config.name) == ("env-model", "env-key", "127.0.0.1")
    assert "env-key" not in repr(config)


def test_no_provider_when_nothing_is_configured(db):
    assert provider.config_get() is None
