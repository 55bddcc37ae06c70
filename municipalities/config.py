"""Schema and loader for municipality files (`<code>.yaml`).

Everything that differs between municipalities (fine amounts, contact details, frequency of
progress talks, partners) is configuration. Content refers to these values through placeholders,
so a municipality changes a number by editing its file, never the catalogs.
Values the seeds leave open are listed in `to_confirm`, so an operator sees what to check.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PACKAGED_DIR = Path(__file__).parent / "data"


class ConfigError(Exception):
    """A municipality file is missing, unreadable or invalid; the message names the problem."""


class ProgressTalkFrequency(StrEnum):
    """How often the voortgangsgesprek takes place; each value has its own translated phrase."""

    MONTHLY = "monthly"
    MONTHLY_FIRST_YEAR = "monthly_first_year"
    EVERY_3_MONTHS = "every_3_months"
    TAILORED_MIN_2_FIRST_YEAR = "tailored_min_2_first_year"
    INTENSIVE_THEN_PERIODIC = "intensive_then_periodic"
    NOT_SET = "not_set"


class LearnabilityTestBy(StrEnum):
    """Who administers the leerbaarheidstoets; the seeds disagree, so it is per municipality."""

    MUNICIPALITY = "municipality"
    DUO = "duo"
    NOT_SET = "not_set"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    """How a client reaches their case manager. Optional fields are omitted from replies when empty."""

    case_manager_title: str = Field(min_length=2, max_length=80)
    team: str | None = None
    phone: str | None = None
    email: str | None = None
    office_address: str | None = None
    walk_in_hours: str | None = None
    website: str | None = None


class Fines(_Strict):
    """Maximum fine amounts in euro. `None` means the municipality has not published the amount."""

    municipal_intake: int | None = Field(default=None, ge=0, le=10_000)
    municipal_pip: int | None = Field(default=None, ge=0, le=10_000)
    # DUO's amounts are national; they stay configurable so a change in the law is a data edit.
    duo_route: int = Field(default=1000, ge=0, le=10_000)
    duo_pvt: int = Field(default=340, ge=0, le=10_000)
    duo_map: int = Field(default=340, ge=0, le=10_000)
    applies_to_family_migrants: bool | None = None

    @property
    def municipal_published(self) -> bool:
        return self.municipal_intake is not None and self.municipal_pip is not None


class Partners(_Strict):
    """Organisations by role; names are proper nouns and are shown as they are."""

    maatschappelijke_begeleiding: list[str] = Field(default_factory=list)
    pvt: list[str] = Field(default_factory=list)
    map: list[str] = Field(default_factory=list)
    language_providers: list[str] = Field(default_factory=list)
    work: list[str] = Field(default_factory=list)
    financial_education: list[str] = Field(default_factory=list)
    wellbeing: list[str] = Field(default_factory=list)
    buddies: list[str] = Field(default_factory=list)


class Municipality(_Strict):
    """One municipality's settings, loaded from `<code>.yaml` and validated on load."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    name: str = Field(min_length=2, max_length=80)
    source: str = Field(default="", description="Which policy document the values come from.")
    timezone: str = "Europe/Amsterdam"
    contact: Contact
    progress_talk_frequency: ProgressTalkFrequency = ProgressTalkFrequency.NOT_SET
    pip_deadline_weeks: int | None = Field(default=None, ge=1, le=52)
    learnability_test_by: LearnabilityTestBy = LearnabilityTestBy.NOT_SET
    learnability_test_location: str | None = None
    ontzorging_months: int | None = Field(default=None, ge=1, le=36)
    pvt_map_deadline_months: int = Field(default=36, ge=1, le=60)
    route_change_window_months: int | None = Field(default=None, ge=1, le=36)
    family_migrants_get_mb: bool = False
    fines: Fines = Fines()
    partners: Partners = Partners()
    interpreter_languages: list[str] = Field(default_factory=list)
    reminder_offsets_hours: list[int] = Field(default_factory=lambda: [168, 24, 2])
    # Per appointment kind (e.g. `taalles: [24, 2]`); kinds not listed use reminder_offsets_hours.
    reminder_offsets_by_kind: dict[str, list[int]] = Field(default_factory=dict)
    quiet_hours: tuple[int, int] = (21, 8)
    # Case data (appointments, questions, the client row) goes this many days after the last activity
    # or the closing of the trajectory; see `reminders/retention.py` and docs/privacy.md.
    retention_days: int = Field(default=730, ge=30, le=3650)
    # The audit log is accountability for the case data, so it is kept at least as long (checked
    # below). Default 7 years; each municipality sets what its archive rules say.
    audit_retention_days: int = Field(default=2555, ge=365, le=3650)
    # On the client's own "Delete my data": True keeps name and case number for the municipality's
    # file (appointments and answers stay tied to them); False clears both.
    erasure_keeps_case_reference: bool = True
    to_confirm: list[str] = Field(default_factory=list)

    @field_validator("reminder_offsets_hours")
    @classmethod
    def _positive_offsets(cls, value: list[int]) -> list[int]:
        if any(v <= 0 or v > 24 * 60 for v in value):
            raise ValueError("reminder offsets must be between 1 and 1440 hours")
        return sorted(set(value), reverse=True)

    @field_validator("reminder_offsets_by_kind")
    @classmethod
    def _positive_offsets_by_kind(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        return {kind: cls._positive_offsets(offsets) for kind, offsets in value.items()}

    @field_validator("quiet_hours")
    @classmethod
    def _valid_hours(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not all(0 <= h <= 23 for h in value):
            raise ValueError("quiet hours must be between 0 and 23")
        return value

    @model_validator(mode="after")
    def _audit_outlives_case_data(self) -> Municipality:
        if self.audit_retention_days < self.retention_days:
            raise ValueError(
                f"audit_retention_days ({self.audit_retention_days}) must be at least "
                f"retention_days ({self.retention_days})"
            )
        return self


def load_municipality_file(path: Path) -> Municipality:
    """Read and validate one file; raises ConfigError with a one-line reason."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read municipality file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"municipality file {path.name} is not UTF-8 text (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"municipality file {path.name} is not valid YAML{where}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"municipality file {path.name} must hold a mapping of settings")
    try:
        municipality = Municipality.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(
            f"municipality file {path.name}: {field}: {first['msg']}"
            + (f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else "")
        ) from exc
    if municipality.code != path.stem:
        raise ConfigError(
            f"municipality file {path.name}: code '{municipality.code}' must match the file name"
        )
    return municipality


def load_municipalities(directory: Path | None = None) -> dict[str, Municipality]:
    """Load every `*.yaml` in `directory` (default: the packaged files)."""
    directory = directory or PACKAGED_DIR
    if not directory.is_dir():
        raise ConfigError(f"municipalities directory {directory} does not exist")
    found = {m.code: m for m in (load_municipality_file(p) for p in sorted(directory.glob("*.yaml")))}
    if not found:
        raise ConfigError(f"no municipality files (*.yaml) in {directory}")
    return found
