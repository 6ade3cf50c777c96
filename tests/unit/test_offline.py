"""The test suite cannot reach a real model: the vendor keys are cleared for every test (tests/conftest.py)."""

from __future__ import annotations

import os
import re

from venuedesk.providers.settings import ProviderSettings

KEY_NAMES = re.compile(r"(OPENAI|MISTRAL)_API_KEY|VENUEDESK_\w+_API_KEY")


def test_no_vendor_api_key_is_visible_to_a_test() -> None:
    assert [name for name in os.environ if KEY_NAMES.fullmatch(name)] == []


def test_provider_settings_built_in_a_test_hold_no_key() -> None:
    settings = ProviderSettings()
    assert (settings.openai_api_key, settings.mistral_api_key) == (None, None)
