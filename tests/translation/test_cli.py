"""`inburgerbot translate` as an operator runs it: real processes, real packages, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inburgerbot.cli import run

CLI = [sys.executable, "-m", "inburgerbot"]
# Simulates the default install: the `translate` extra's modules cannot be imported.
WITHOUT_EXTRA = (
    "import sys\nfor m in ('argostranslate', 'ctranslate2', 'sentencepiece'): sys.modules[m] = None\n"
)


def _run(
    args: list[str], tmp_path: Path, packages_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INBURGERBOT_DATA_DIR": str(tmp_path / "data")}
    if packages_dir is not None:
        env["INBURGERBOT_ARGOS_PACKAGES_DIR"] = str(packages_dir)
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def _one_line_error(err: str, *words: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("inburgerbot: "), err
    assert all(w in lines[0] for w in words), lines[0]


def _in_process(
    args: list[str], packages_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Cheaper than a process (argostranslate is imported already); the process test is below."""
    monkeypatch.setenv("INBURGERBOT_ARGOS_PACKAGES_DIR", str(packages_dir))
    code = run(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_translates_through_the_pivot_and_says_it_is_machine_made(argos_dir: Path, tmp_path: Path) -> None:
    result = _run(
        ["translate", "--from", "ar", "--to", "nl", "لدي موعد في البلدية غدا."], tmp_path, argos_dir
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert result.stderr.strip() == "(machine translation ar→en→nl)"


def test_list_and_json(
    argos_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _in_process(["translate", "--list"], argos_dir, monkeypatch, capsys)
    assert code == 0
    assert out.splitlines() == [
        "ar → en",
        "ar → nl (via en)",
        "en → ar",
        "en → nl",
        "nl → ar (via en)",
        "nl → en",
        "nl → uk",
    ]
    code, out, _ = _in_process(["translate", "--list", "--json"], argos_dir, monkeypatch, capsys)
    assert {"from": "ar", "to": "nl", "via": "en"} in json.loads(out)
    code, out, err = _in_process(
        ["translate", "--from", "nl", "--to", "uk", "--json", "Hallo."], argos_dir, monkeypatch, capsys
    )
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["route"] == ["nl", "uk"] and data["machine"] is True and data["text"].strip()


def test_missing_pair_unknown_language_and_bad_usage_are_one_line_errors(
    argos_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _in_process(
        ["translate", "--from", "nl", "--to", "ti", "Hallo"], argos_dir, monkeypatch, capsys
    )
    assert code == 1
    _one_line_error(err, "no translation model for nl → ti", str(argos_dir), "nl→uk")
    code, _, err = _in_process(["translate", "--from", "ar", "--to", "nl"], argos_dir, monkeypatch, capsys)
    assert code == 2
    _one_line_error(err, "--from, --to")
    code, _, err = _in_process(["translate", "--list", "Hallo"], argos_dir, monkeypatch, capsys)
    assert code == 2
    _one_line_error(err, "--list")
    with pytest.raises(SystemExit) as exit_info:
        _in_process(["translate", "--from", "xx", "--to", "nl", "Hallo"], argos_dir, monkeypatch, capsys)
    assert exit_info.value.code == 2 and "unknown language code 'xx'" in capsys.readouterr().err


def test_no_models_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    code, out, err = _in_process(["translate", "--list"], empty, monkeypatch, capsys)
    assert (code, out) == (0, "")
    assert err.strip() == f"no translation models installed in {empty}"


def test_without_the_extra_the_cli_and_the_demo_work_and_say_so(tmp_path: Path) -> None:
    script = WITHOUT_EXTRA + (
        "from inburgerbot.cli import run\n"
        "codes = [run(['translate', '--from', 'ar', '--to', 'nl', 'x']), run(['demo', '--no-serve'])]\n"
        "heavy = [m for m, mod in sys.modules.items() if mod is not None and m.split('.')[0] in "
        "('argostranslate', 'torch', 'stanza', 'ctranslate2')]\n"
        "print(codes, heavy)\n"
    )
    env = {**os.environ, "INBURGERBOT_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "[1, 0] []", result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("inburgerbot:")]
    assert errors == [
        "inburgerbot: machine translation is not installed; install the extra: pip install "
        "torch==2.13.0 && pip install -e '.[translate]' (see README, Machine translation)"
    ]
