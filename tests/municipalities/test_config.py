"""Tests for the municipality files and their loader (municipalities/config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from municipalities.config import (
    PACKAGED_DIR,
    ConfigError,
    LearnabilityTestBy,
    Municipality,
    ProgressTalkFrequency,
    load_municipalities,
    load_municipality_file,
)

PACKAGED_CODES: frozenset[str] = frozenset(
    {"weert", "cranendonck", "nederweert", "overbetuwe", "vught", "gooise_meren", "demo"}
)
REAL_CODES: tuple[str, ...] = tuple(sorted(PACKAGED_CODES - {"demo"}))
PUBLISHING_CODES: frozenset[str] = frozenset({"gooise_meren", "demo"})

MINIMAL_YAML = """\
code: {code}
name: Testdorp
contact:
  case_manager_title: regisseur inburgering
"""


@pytest.fixture(scope="module")
def packaged() -> dict[str, Municipality]:
    return load_municipalities()


def write(directory: Path, filename: str, text: str) -> Path:
    path = directory / filename
    path.write_text(text, encoding="utf-8")
    return path


def config_error_for(path: Path) -> str:
    """Load `path`, expect a ConfigError and return its message after checking it is one line."""
    with pytest.raises(ConfigError) as caught:
        load_municipality_file(path)
    message = str(caught.value)
    assert "\n" not in message, message
    assert path.name in message, message
    return message


def resolve_setting(model: BaseModel, dotted: str) -> object:
    """Follow a dotted setting name such as `fines.municipal_pip`; fail if a part is not a field."""
    value: object = model
    for part in dotted.split("."):
        assert isinstance(value, BaseModel), f"{dotted}: '{part}' is below a plain value"
        assert part in type(value).model_fields, f"{dotted}: no field '{part}'"
        value = getattr(value, part)
    return value


# --- the packaged files -------------------------------------------------------------------------


def test_packaged_directory_holds_exactly_the_expected_files() -> None:
    assert {p.stem for p in PACKAGED_DIR.glob("*.yaml")} == PACKAGED_CODES


def test_every_packaged_file_loads(packaged: dict[str, Municipality]) -> None:
    assert set(packaged) == PACKAGED_CODES


@pytest.mark.parametrize("code", sorted(PACKAGED_CODES))
def test_code_matches_file_stem(code: str) -> None:
    path = PACKAGED_DIR / f"{code}.yaml"
    assert load_municipality_file(path).code == path.stem


@pytest.mark.parametrize("code", sorted(PACKAGED_CODES))
def test_every_file_names_its_source(packaged: dict[str, Municipality], code: str) -> None:
    assert packaged[code].source.strip()


@pytest.mark.parametrize("code", sorted(PACKAGED_CODES))
def test_to_confirm_names_real_settings_without_duplicates(
    packaged: dict[str, Municipality], code: str
) -> None:
    municipality = packaged[code]
    assert len(set(municipality.to_confirm)) == len(municipality.to_confirm)
    for name in municipality.to_confirm:
        resolve_setting(municipality, name)


@pytest.mark.parametrize("code", REAL_CODES)
def test_settings_left_open_are_listed_in_to_confirm(packaged: dict[str, Municipality], code: str) -> None:
    """A real municipality without a value for a setting the bot uses must say it needs checking."""
    municipality = packaged[code]
    unset = {
        "pip_deadline_weeks": municipality.pip_deadline_weeks is None,
        "ontzorging_months": municipality.ontzorging_months is None,
        "route_change_window_months": municipality.route_change_window_months is None,
        "progress_talk_frequency": municipality.progress_talk_frequency is ProgressTalkFrequency.NOT_SET,
        "learnability_test_by": municipality.learnability_test_by is LearnabilityTestBy.NOT_SET,
        "fines.municipal_intake": municipality.fines.municipal_intake is None,
        "fines.municipal_pip": municipality.fines.municipal_pip is None,
        "partners.maatschappelijke_begeleiding": not municipality.partners.maatschappelijke_begeleiding,
        "partners.pvt": not municipality.partners.pvt,
        "partners.map": not municipality.partners.map,
        "partners.language_providers": not municipality.partners.language_providers,
        "partners.work": not municipality.partners.work,
    }
    missing = sorted(
        name for name, is_unset in unset.items() if is_unset and name not in municipality.to_confirm
    )
    assert missing == []


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_municipalities_carry_no_invented_contact_details(
    packaged: dict[str, Municipality], code: str
) -> None:
    contact = packaged[code].contact
    assert (contact.phone, contact.email, contact.office_address, contact.walk_in_hours) == (
        None,
        None,
        None,
        None,
    )


def test_gooise_meren_publishes_its_fine_amounts(packaged: dict[str, Municipality]) -> None:
    fines = packaged["gooise_meren"].fines
    assert fines.municipal_published
    assert (fines.municipal_intake, fines.municipal_pip) == (250, 800)
    assert (fines.duo_route, fines.duo_pvt, fines.duo_map) == (1000, 340, 340)
    assert fines.applies_to_family_migrants is False


def test_weert_does_not_publish_fine_amounts(packaged: dict[str, Municipality]) -> None:
    fines = packaged["weert"].fines
    assert not fines.municipal_published
    assert fines.municipal_intake is None
    assert fines.municipal_pip is None
    assert (fines.duo_route, fines.duo_pvt, fines.duo_map) == (1000, 340, 340)


@pytest.mark.parametrize("code", sorted(PACKAGED_CODES))
def test_only_gooise_meren_and_demo_publish_municipal_fines(
    packaged: dict[str, Municipality], code: str
) -> None:
    assert packaged[code].fines.municipal_published is (code in PUBLISHING_CODES)


@pytest.mark.parametrize("code", sorted(PACKAGED_CODES))
def test_pvt_map_deadline_is_18_months_only_in_overbetuwe(
    packaged: dict[str, Municipality], code: str
) -> None:
    assert packaged[code].pvt_map_deadline_months == (18 if code == "overbetuwe" else 36)


def test_values_taken_from_the_seeds(packaged: dict[str, Municipality]) -> None:
    weert, overbetuwe = packaged["weert"], packaged["overbetuwe"]
    assert weert.contact.case_manager_title == "regisseur statushouders"
    assert weert.progress_talk_frequency is ProgressTalkFrequency.EVERY_3_MONTHS
    assert weert.learnability_test_by is LearnabilityTestBy.MUNICIPALITY
    assert overbetuwe.contact.case_manager_title == "klantmanager inburgering"
    assert overbetuwe.progress_talk_frequency is ProgressTalkFrequency.MONTHLY_FIRST_YEAR
    assert overbetuwe.pip_deadline_weeks == 6
    assert overbetuwe.route_change_window_months == 18
    assert overbetuwe.learnability_test_by is LearnabilityTestBy.DUO
    for code in ("cranendonck", "nederweert"):
        assert packaged[code].progress_talk_frequency is ProgressTalkFrequency.TAILORED_MIN_2_FIRST_YEAR
        assert "contact.case_manager_title" in packaged[code].to_confirm


def test_vught_is_marked_as_outdated(packaged: dict[str, Municipality]) -> None:
    vught = packaged["vught"]
    assert "2019" in vught.source
    for name in (
        "contact.case_manager_title",
        "progress_talk_frequency",
        "pip_deadline_weeks",
        "ontzorging_months",
        "partners.language_providers",
    ):
        assert name in vught.to_confirm


def test_demo_is_complete_and_fictional(packaged: dict[str, Municipality]) -> None:
    demo = packaged["demo"]
    assert demo.name == "Demodorp"
    assert demo.to_confirm == []
    contact = demo.contact
    for value in (contact.team, contact.phone, contact.email, contact.office_address, contact.walk_in_hours):
        assert value
    assert contact.email is not None and contact.email.endswith(".example")
    assert (demo.fines.municipal_intake, demo.fines.municipal_pip) == (250, 800)
    assert demo.progress_talk_frequency is ProgressTalkFrequency.MONTHLY_FIRST_YEAR
    assert demo.pip_deadline_weeks == 6
    assert demo.ontzorging_months == 6
    partners = demo.partners
    for names in (
        partners.maatschappelijke_begeleiding,
        partners.pvt,
        partners.map,
        partners.language_providers,
        partners.work,
    ):
        assert names
    assert demo.interpreter_languages


# --- malformed files ----------------------------------------------------------------------------


def test_minimal_file_loads_with_defaults(tmp_path: Path) -> None:
    municipality = load_municipality_file(
        write(tmp_path, "testdorp.yaml", MINIMAL_YAML.format(code="testdorp"))
    )
    assert municipality.progress_talk_frequency is ProgressTalkFrequency.NOT_SET
    assert municipality.pvt_map_deadline_months == 36
    assert not municipality.fines.municipal_published
    assert municipality.to_confirm == []


def test_bad_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "code: broken\nname: [unclosed\ncontact: {\n")
    message = config_error_for(path)
    assert "not valid YAML" in message
    assert "line" in message


def test_list_instead_of_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "listed.yaml", "- code: listed\n- name: Listed\n")
    assert "mapping" in config_error_for(path)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.yaml", "")
    assert "mapping" in config_error_for(path)


def test_unknown_key(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="typo") + "  phonee: '0123 456 789'\n"
    message = config_error_for(write(tmp_path, "typo.yaml", text))
    assert "contact.phonee" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="extra") + "fine_amount: 250\n"
    assert "fine_amount" in config_error_for(write(tmp_path, "extra.yaml", text))


def test_wrong_type(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="wrongtype") + "pip_deadline_weeks: six\n"
    assert "pip_deadline_weeks" in config_error_for(write(tmp_path, "wrongtype.yaml", text))


def test_unknown_enum_value(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="enum") + "progress_talk_frequency: weekly\n"
    assert "progress_talk_frequency" in config_error_for(write(tmp_path, "enum.yaml", text))


def test_value_out_of_range_in_nested_block(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="range") + "fines:\n  municipal_pip: -5\n"
    assert "fines.municipal_pip" in config_error_for(write(tmp_path, "range.yaml", text))


def test_retention_settings_default_to_two_years_seven_years_and_keeping_the_reference(
    tmp_path: Path,
) -> None:
    municipality = load_municipality_file(
        write(tmp_path, "testdorp.yaml", MINIMAL_YAML.format(code="testdorp"))
    )
    assert municipality.retention_days == 730
    assert municipality.audit_retention_days == 2555
    assert municipality.erasure_keeps_case_reference is True


def test_retention_settings_are_read_from_the_file(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="kort") + (
        "retention_days: 365\naudit_retention_days: 400\nerasure_keeps_case_reference: false\n"
    )
    municipality = load_municipality_file(write(tmp_path, "kort.yaml", text))
    assert (municipality.retention_days, municipality.audit_retention_days) == (365, 400)
    assert municipality.erasure_keeps_case_reference is False


@pytest.mark.parametrize("days", [364, 3651])
def test_audit_retention_out_of_range(tmp_path: Path, days: int) -> None:
    text = MINIMAL_YAML.format(code="audit") + f"audit_retention_days: {days}\n"
    assert "audit_retention_days" in config_error_for(write(tmp_path, "audit.yaml", text))


def test_audit_log_may_not_go_before_the_case_data(tmp_path: Path) -> None:
    text = MINIMAL_YAML.format(code="audit") + "retention_days: 1000\naudit_retention_days: 999\n"
    message = config_error_for(write(tmp_path, "audit.yaml", text))
    assert "audit_retention_days (999) must be at least retention_days (1000)" in message


def test_missing_required_field(tmp_path: Path) -> None:
    path = write(tmp_path, "nocontact.yaml", "code: nocontact\nname: Geen Contact\n")
    assert "contact" in config_error_for(path)


def test_several_problems_are_counted_on_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "many.yaml", "code: many\npip_deadline_weeks: 0\n")
    assert "more problem" in config_error_for(path)


def test_code_does_not_match_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "weert.yaml", MINIMAL_YAML.format(code="vught"))
    message = config_error_for(path)
    assert "code" in message
    assert "vught" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(MINIMAL_YAML.format(code="utf16").encode("utf-16"))
    assert "UTF-8" in config_error_for(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read municipality file .*absent\.yaml"):
        load_municipality_file(tmp_path / "absent.yaml")


def test_directory_loads_valid_files(tmp_path: Path) -> None:
    write(tmp_path, "een.yaml", MINIMAL_YAML.format(code="een"))
    write(tmp_path, "twee.yaml", MINIMAL_YAML.format(code="twee"))
    write(tmp_path, "notes.txt", "not a municipality")
    assert set(load_municipalities(tmp_path)) == {"een", "twee"}


def test_directory_with_one_broken_file_fails(tmp_path: Path) -> None:
    write(tmp_path, "een.yaml", MINIMAL_YAML.format(code="een"))
    write(tmp_path, "twee.yaml", MINIMAL_YAML.format(code="drie"))
    with pytest.raises(ConfigError, match=r"twee\.yaml"):
        load_municipalities(tmp_path)


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no municipality files") as caught:
        load_municipalities(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_missing_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(ConfigError, match="does not exist") as caught:
        load_municipalities(missing)
    assert str(missing) in str(caught.value)
