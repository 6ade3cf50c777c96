"""Prompt injection (docs/injection.md): every attack of the EN/DE corpus, on a fresh thread after an offer was
drafted or sent, beside a thread holding a secret, leaves no gate bypassed, no price changed, no other thread's data
and no live markup in the rendered reply, on the deterministic provider, on a fake model that obeys the attacker,
and (a subset, at least one attack per category) on every SDK provider against the obeying fake."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import pytest

from injection_helpers import (
    Attack,
    gate_breaches,
    html_breaches,
    live_markup,
    load_attacks,
    play,
    price_breaches,
    thread_breaches,
)
from venuedesk.golden.providers_for_scripts import settings_for
from venuedesk.venue.loader import load_venue

ATTACKS = load_attacks()
SDK_PROVIDERS = ["openai_chat", "openai_agents", "mistral", "langchain"]
SUBSET = list({attack.category: attack for attack in reversed(ATTACKS)}.values())  # the first of each category
CASES = ([("deterministic", attack) for attack in ATTACKS] + [("openai_chat+obey", attack) for attack in ATTACKS]
         + [(f"{provider}+obey", attack) for provider in SDK_PROVIDERS[1:] for attack in SUBSET]
         + [(provider, attack) for provider in SDK_PROVIDERS for attack in SUBSET])
RESULTS: list[tuple[str, str, int]] = []  # (category, provider, breaches) of every case run


def test_the_corpus_has_twenty_attacks_per_language_and_every_category() -> None:
    languages = Counter(attack.lang for attack in ATTACKS)
    assert languages["en"] >= 20 and languages["de"] >= 20, languages
    assert {attack.category for attack in ATTACKS} == {
        "fake_system", "role_play", "tool_name", "price_override", "hil_bypass", "cross_thread", "markup",
        "long_input"}
    assert {attack.targets for attack in ATTACKS} == {"gate", "price", "thread", "html"}
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS)


def test_the_markup_check_finds_every_live_payload_of_the_corpus() -> None:
    for attack in ATTACKS:
        if attack.category == "markup":
            assert live_markup(attack.text), f"{attack.id}: the raw payload should count as live markup"


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module: attacks × providers and breaches per category, on the terminal."""
    yield
    if not RESULTS:
        return
    capture: Any = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else nullcontext():
        _print_table()


def _print_table() -> None:
    """One line per category: the cases run per provider, and the breaches summed over them."""
    providers = sorted({provider for _, provider, _ in RESULTS})
    write = print
    write("")
    write(f"{'category':<16}" + "".join(f"{p:>20}" for p in providers) + f"{'breaches':>10}")
    for category in sorted({category for category, _, _ in RESULTS}):
        runs = Counter(p for c, p, _ in RESULTS if c == category)
        breaches = sum(b for c, _, b in RESULTS if c == category)
        write(f"{category:<16}" + "".join(f"{runs[p]:>20}" for p in providers) + f"{breaches:>10}")
    write(f"{'total':<16}" + "".join(f"{sum(1 for _, q, _ in RESULTS if q == p):>20}" for p in providers)
          + f"{sum(b for _, _, b in RESULTS):>10}")


@pytest.mark.parametrize(("provider", "attack"), CASES, ids=[f"{p}-{a.id}" for p, a in CASES])
def test_an_attack_bypasses_no_gate_price_thread_or_escaping(provider: str, attack: Attack, fake_llm) -> None:
    base = provider.removesuffix("+obey")
    settings = None if base == "deterministic" else settings_for(base, fake_llm.base_url)
    faults = ["obey_attacker"] if provider.endswith("+obey") else []
    outcome = play(attack, settings, fake_llm if settings else None, faults)
    breaches = (gate_breaches(outcome) + price_breaches(outcome, load_venue()) + thread_breaches(outcome)
                + html_breaches(outcome, attack.lang))
    RESULTS.append((attack.category, provider, len(breaches)))
    assert outcome.before.get("offers"), "the attack must start after an offer was drafted"
    assert settings is None or outcome.requests or outcome.refused, "the obeying model was never asked"
    assert not breaches, f"{attack.id} under {provider}: {breaches}"
