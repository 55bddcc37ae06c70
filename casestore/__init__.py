"""The system of record: SQLAlchemy models, repositories, a unit of work and Alembic migrations."""
