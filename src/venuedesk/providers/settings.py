"""Which provider runs which agent, and how to reach each model vendor (environment variables)."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ProviderName = Literal["deterministic", "openai_agents", "openai_chat", "langchain", "mistral"]
PROVIDERS: tuple[str, ...] = ("deterministic", "openai_agents", "openai_chat", "langchain", "mistral")
AGENT_KEYS = ("intake", "dates", "rooms", "offer", "negotiation", "qna", "fallback")


class ProviderSettings(BaseSettings):
    """`AGENT_DEFAULT_PROVIDER`, `AGENT_<NAME>_PROVIDER`, and per-vendor model, key, base URL and limits."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    agent_default_provider: ProviderName = "deterministic"
    agent_intake_provider: ProviderName | None = None
    agent_dates_provider: ProviderName | None = None
    agent_rooms_provider: ProviderName | None = None
    agent_offer_provider: ProviderName | None = None
    agent_negotiation_provider: ProviderName | None = None
    agent_qna_provider: ProviderName | None = None
    agent_fallback_provider: ProviderName | None = None

    openai_api_key: str | None = Field(None, validation_alias=AliasChoices("VENUEDESK_OPENAI_API_KEY", "OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=AliasChoices("VENUEDESK_OPENAI_BASE_URL",
                                                                          "OPENAI_BASE_URL"))
    openai_model: str = Field("gpt-4.1-mini", validation_alias=AliasChoices("VENUEDESK_OPENAI_MODEL"))
    mistral_api_key: str | None = Field(None, validation_alias=AliasChoices("VENUEDESK_MISTRAL_API_KEY",
                                                                           "MISTRAL_API_KEY"))
    mistral_server_url: str | None = Field(None, validation_alias=AliasChoices("VENUEDESK_MISTRAL_SERVER_URL"))
    mistral_model: str = Field("mistral-small-latest", validation_alias=AliasChoices("VENUEDESK_MISTRAL_MODEL"))
    langchain_vendor: Literal["openai", "mistral"] = Field(
        "openai", validation_alias=AliasChoices("VENUEDESK_LANGCHAIN_VENDOR"))
    model_timeout_seconds: float = Field(20.0, validation_alias=AliasChoices("VENUEDESK_MODEL_TIMEOUT"))
    model_max_attempts: int = Field(3, ge=1, le=10, validation_alias=AliasChoices("VENUEDESK_MODEL_MAX_ATTEMPTS"))
    openai_tracing_export: bool = Field(False, validation_alias=AliasChoices("VENUEDESK_OPENAI_TRACING_EXPORT"))

    def provider_for(self, agent_name: str) -> str:
        """The configured provider of an agent (`dates_agent` → AGENT_DATES_PROVIDER, else the default)."""
        key = agent_name.removesuffix("_agent")
        return getattr(self, f"agent_{key}_provider", None) or self.agent_default_provider

    def configured(self) -> set[str]:
        """Every provider some agent would use."""
        return {self.provider_for(f"{key}_agent") for key in AGENT_KEYS}
