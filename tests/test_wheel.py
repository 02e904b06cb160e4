"""The wheel: templates/ and prompts/ ship inside it, and an installed copy writes the seed brief."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built from the source tree (with this environment's setuptools when it has one)."""
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)]
    if subprocess.run(build + ["--no-build-isolation"], capture_output=True, timeout=300).returncode != 0:
        subprocess.run(build, check=True, capture_output=True, timeout=600)  # setuptools from the index
    return next(out.glob("briefing-*.whl"))


def test_wheel_holds_templates_prompts_and_lexical_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"briefing/templates/brief.html.j2", "briefing/templates/brief.css", "briefing/prompts/map.j2",
            "briefing/prompts/judge.j2", "briefing/data/lex-id-en.tsv.gz", "briefing/data/news-senses.txt",
            "briefing/data/NOTICE-lexicon"} <= names


def test_installed_wheel_writes_the_seed_brief(wheel, tmp_path):
    # Installed into a folder of its own and run from elsewhere: the source tree is not on the path, so every
    # template, prompt and data file must come from the wheel (the dependencies come from this environment).
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    work = tmp_path / "work"
    work.mkdir()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "OPENAI_"))},
           "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import briefing; print(briefing.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(target)
    proc = subprocess.run([sys.executable, "-m", "briefing", "run", "--input", str(ROOT / "seeds"), "--out", "out",
                           "--from", "2020-01-01", "--to", "2023-12-31"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    brief = json.loads((work / "out" / "brief-2020-01-01_2023-12-31.json").read_text(encoding="utf-8"))
    assert brief["verification"]["supported"] == brief["verification"]["checked"] >= 40
    assert (work / "out" / "brief-2020-01-01_2023-12-31.pdf").stat().st_size > 10_000
