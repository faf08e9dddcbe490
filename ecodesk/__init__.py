"""ecodesk: indicator data entry, review and archive for Longnan's eco-civilization plan."""

__version__ = "0.1.0"
SCHEMA_VERSION = 2
