"""The JSON HTTP API under /api, plus /healthz and /readyz."""
