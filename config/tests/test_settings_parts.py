"""config/settings/base.py takes each part's settings by name: a setting added to a part but
not to that list would silently do nothing."""

import importlib

import pytest
from django.conf import settings

PARTS = ("config.settings.data", "config.settings.sign_in", "config.settings.api")


@pytest.mark.parametrize("part", PARTS)
def test_every_setting_of_a_part_reaches_django(part):
    module = importlib.import_module(part)
    names = [name for name in vars(module) if name.isupper() and not name.startswith("_")]
    missing = [name for name in names if not hasattr(settings, name)]
    assert names
    assert missing == [], f"add {missing} to the import from {part} in config/settings/base.py"
