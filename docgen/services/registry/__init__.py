"""The registry: numbering (Decree 30, Article 15), issued papers with their stored files,
audit trail and public verification. SQLAlchemy 2 + Alembic; SQLite by default,
PostgreSQL when ``DOCGEN_DATABASE_URL`` points to one."""
