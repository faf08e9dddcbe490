"""The SQLite database (sqlite-utils): schema, migrations, queries and writes. The only SQL."""
