"""A local fake of the OpenAI and Mistral HTTP APIs, a test and demo double for the model adapters."""

from __future__ import annotations

from venuedesk.fakellm.faults import FAULT_HEADER, FAULTS
from venuedesk.fakellm.server import FakeLLM

__all__ = ["FAULTS", "FAULT_HEADER", "FakeLLM"]
