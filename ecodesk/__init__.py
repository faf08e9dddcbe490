"""ecodesk: indicator data entry, review and archive for Longnan's eco-civilization plan."""

__version__ = "0.3.0"
# Database schema: 1 and 2 shipped in 0.1.0 (see CHANGELOG.md); 3 is 0.2.0; 4 is 0.3.0.
SCHEMA_VERSION = 4
