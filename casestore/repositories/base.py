"""What every repository shares: the session of the current unit of work."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session


def to_dto(dto_type: type[T], row: Any) -> T:
    """Copy the DTO's fields from an ORM row, so no lazy loading can leak past the session."""
    return dto_type(**{f.name: getattr(row, f.name) for f in fields(dto_type)})  # type: ignore[arg-type]
