"""The benchmark harness: one place for client headers, and results that state the machine
and the load."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bench import common, run_all

BENCH_DIR = Path(common.__file__).resolve().parent


def test_request_headers_carry_the_token_only_when_given():
    assert "Authorization" not in common.request_headers()
    assert common.request_headers("t0k")["Authorization"] == "Bearer t0k"
    assert common.request_headers()["User-Agent"] == common.USER_AGENT


def test_bench_token_from_the_environment(monkeypatch):
    monkeypatch.delenv("ONEMAP_BENCH_TOKEN", raising=False)
    assert common.bench_token() is None
    monkeypatch.setenv("ONEMAP_BENCH_TOKEN", "abc")
    assert common.request_headers(common.bench_token())["Authorization"] == "Bearer abc"


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == name]


@pytest.mark.parametrize("path", sorted(BENCH_DIR.glob("bench_*.py")), ids=lambda p: p.name)
def test_every_http_client_sends_the_common_headers(path):
    """``conn.request`` passes ``headers=``, ``urlopen`` a Request built with them, and
    browser pages come from ``open_page``: sign-in is then one change in bench.common."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for call in _calls(tree, "request"):
        assert any(k.arg == "headers" for k in call.keywords), f"{path.name}:{call.lineno}"
    for call in _calls(tree, "urlopen"):
        assert not isinstance(call.args[0], ast.Constant), f"{path.name}:{call.lineno}"
    for call in _calls(tree, "Request"):
        assert any(k.arg == "headers" for k in call.keywords), f"{path.name}:{call.lineno}"
    assert not _calls(tree, "new_page"), f"{path.name}: use bench.common.open_page"


def test_results_path_honours_the_trial_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ONEMAP_BENCH_RESULTS", str(tmp_path / "trial"))
    assert common.results_path("tiles.md") == tmp_path / "trial" / "tiles.md"
    monkeypatch.delenv("ONEMAP_BENCH_RESULTS")
    assert common.results_path("tiles.md") == common.RESULTS_DIR / "tiles.md"


def test_summary_states_machine_and_load():
    m = common.machine()
    assert m.cores >= 1 and m.cpu
    outcome = run_all.Outcome(run_all.BENCHES[0], 0, 12.3, (0.5, 0.4, 0.3), (1.5, 0.6, 0.4))
    failed = run_all.Outcome(run_all.BENCHES[1], 3, 1.0, (1.5, 0.6, 0.4), (1.0, 0.6, 0.4))
    text = run_all.summary([outcome, failed], quick=True, started_load=(0.5, 0.4, 0.3),
                           seconds=13.3)
    assert f"{m.cores} cores ({m.cpu})" in text
    assert "0.50 / 0.40 / 0.30" in text and "1.50 / 0.60 / 0.40" in text
    assert "**failed (3)**" in text and "Quick run" in text
    assert "[physics.md](physics.md)" in text


def test_every_benchmark_module_exists():
    for bench in run_all.BENCHES:
        assert (BENCH_DIR / f"{bench.module.rsplit('.', 1)[1]}.py").is_file(), bench.name
