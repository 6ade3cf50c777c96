"""Every table module, imported once so `metadata` holds the whole schema (Alembic and schema tests read it)."""

from __future__ import annotations

from sqlalchemy import MetaData

from venuedesk.store import account_models, chatkit_models, document_models, models, pipeline_models
from venuedesk.store.base import Base

TABLE_MODULES = (models, chatkit_models, account_models, document_models, pipeline_models)
metadata: MetaData = Base.metadata

__all__ = ["TABLE_MODULES", "Base", "metadata"]
