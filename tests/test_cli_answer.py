"""`inburgerbot answer` as a user runs it: one question, a JSONL file, the emergency path, errors."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

from dialogs.render import render_line
from dialogs.reply import Msg
from locales.topics import TOPICS

CLI = [sys.executable, "-m", "inburgerbot", "answer"]
PIP_LABEL = next(t.label for t in TOPICS if t.id == "pip")


def _run(args: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INBURGERBOT_DATA_DIR": str(tmp_path)}
    env.pop("INBURGERBOT_DATABASE_URL", None)
    return subprocess.run(
        [*CLI, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_one_question_prints_topic_confidence_language_and_the_rendered_answer(tmp_path: Path) -> None:
    result = _run(["ما هو PIP؟", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"topic", "confidence", "lang", "answer", "emergency"} <= data.keys()
    assert data["topic"] == "pip" and data["lang"] == "ar" and data["emergency"] is False
    assert data["confident"] is True and 0.9 <= data["confidence"] <= 1.0
    assert data["answer"].startswith(render_line(Msg(PIP_LABEL), "ar"))
    assert data["answer_nl"].startswith(render_line(Msg(PIP_LABEL), "nl"))
    assert "Demodorp" not in data["answer"] or data["answer"] != data["answer_nl"]


def test_a_given_language_and_municipality_are_used(tmp_path: Path) -> None:
    data = json.loads(_run(["boete", "--lang", "en", "--municipality", "weert", "--json"], tmp_path).stdout)
    assert data["topic"] == "boetes" and data["lang"] == "en"
    assert data["answer"].startswith(
        render_line(Msg(next(t.label for t in TOPICS if t.id == "boetes")), "en")
    )


def test_jsonl_writes_one_result_per_line_in_order(tmp_path: Path) -> None:
    lines = [
        {"text": "wat is een pip precies"},
        {"text": "ما هو PIP", "lang": "ar"},
        {"text": "ik wil dood"},
        {"text": "hoe laat is het", "lang": "nl"},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    result = _run(["--jsonl", str(path)], tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["topic"] for o in out[:2]] == ["pip", "pip"]
    assert [o["lang"] for o in out[:2]] == ["nl", "ar"]
    assert [o["emergency"] for o in out] == [False, False, True, False]
    assert out[3]["answer"] is None and out[3]["topic"] == "none"
    danger = out[2]  # never a topic: 112 and the demo municipality's case manager phone
    assert danger["topic"] == "none" and "112" in danger["answer"] and "0123 456 789" in danger["answer"]
    assert "112" in danger["answer_nl"]


def test_jsonl_answers_1000_questions_in_under_10_seconds(tmp_path: Path) -> None:
    texts = ["wat is een pip", "ما هو PIP", "ceza ne kadar", "ክንደይ ሰዓት PVT", "hoe laat is het", "мій штраф"]
    stdin = "".join(
        json.dumps({"text": texts[i % len(texts)]}, ensure_ascii=False) + "\n" for i in range(1000)
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = _run(["--jsonl", "-"], tmp_path, stdin=stdin)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1000
    # CPU time, not wall time: other test suites share this machine's two cores. Wall time on a
    # quiet machine is about the same; bench/faq_accuracy.py prints both.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 10, f"{cpu:.1f} s of CPU"


def test_bad_input_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"question": "no text"}\n', encoding="utf-8")
    for args in (
        ["--jsonl", str(bad)],
        ["--jsonl", str(tmp_path / "missing.jsonl")],
        [],
        ["x", "--municipality", "nowhere"],
    ):
        result = _run(args, tmp_path)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr and result.stderr.startswith("inburgerbot: "), result.stderr
        assert "line 2" in result.stderr or str(bad) not in args
