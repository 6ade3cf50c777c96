"""Build the provider a name stands for; model SDKs are imported only for the providers in use."""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Tracer

from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.providers.base import AgentRuntime
from venuedesk.providers.deterministic import DeterministicRuntime
from venuedesk.providers.errors import ProviderConfigError
from venuedesk.providers.settings import PROVIDERS, ProviderSettings


def build_runtime(
    name: str, settings: ProviderSettings, venue: Venue, clock: Clock, tracer: Tracer | None = None, **options: Any
) -> AgentRuntime:
    """The runtime for `name`; a missing SDK or key raises ProviderConfigError naming what to install or set.
    `tracer` receives one `model.call` span per model request (the global tracer when None)."""
    fallback = DeterministicRuntime(venue, clock)
    if name == "deterministic":
        return fallback
    if name == "openai_chat":
        from venuedesk.providers.openai_chat import OpenAIChatRuntime

        return OpenAIChatRuntime(settings, fallback, tracer=tracer, **options)
    if name == "mistral":
        from venuedesk.providers.mistral import MistralRuntime

        return MistralRuntime(settings, fallback, tracer=tracer, **options)
    if name == "langchain":
        from venuedesk.providers.langchain import LangChainRuntime

        return LangChainRuntime(settings, fallback, tracer=tracer, **options)
    if name == "openai_agents":
        from venuedesk.providers.openai_agents import OpenAIAgentsRuntime

        return OpenAIAgentsRuntime(settings, fallback, tracer=tracer, **options)
    raise ProviderConfigError(f"unknown provider {name!r}; use one of {', '.join(PROVIDERS)}")
