"""Alembic migrations shipped with the package (env.py, script.py.mako, versions/)."""
