"""Deterministic understanding of client messages in English and German."""
