"""Transports: the HTTP API (FastAPI), and the ChatKit and web UIs mounted beside it."""
