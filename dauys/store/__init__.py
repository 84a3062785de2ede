"""The project store: schema, migrations, and the Store class (DuckDB now, PostgreSQL next stage)."""

from dauys.store.schema import SCHEMA_VERSION
from dauys.store.store import Store

__all__ = ["SCHEMA_VERSION", "Store"]
