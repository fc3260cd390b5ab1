"""Storage: the SQLAlchemy ORM, the SQLite connection settings and the Alembic migrations.

Nothing outside this package touches an ORM object: :mod:`annotator.project` converts rows to the
frozen dataclasses of :mod:`annotator.domain` at this edge.
"""
