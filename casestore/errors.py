"""Errors the case store raises, each with a message fit for a one-line CLI error."""

from __future__ import annotations


class CaseStoreError(Exception):
    """Base class."""


class StoreUnavailableError(CaseStoreError):
    """The database cannot be reached or is not configured correctly."""


class NotFoundError(CaseStoreError):
    """A referenced row does not exist (or is not visible to the caller)."""


class InvalidInputError(CaseStoreError):
    """Input that breaks a rule of the case store (unknown municipality, bad language...)."""
