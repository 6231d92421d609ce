"""``winnow --demo``'s state: the same fresh topic on every start, copied from a pristine
one built once per version (issue 12: the start pays a copy, not a dozen store writes)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tui import __version__, config, paths
from tui.demo import DEMO_TOPIC, demo_dir, prepare_demo
from tui.models import Status
from tui.store import SCHEMA_VERSION


def pristine() -> Path:
    return demo_dir() / f"pristine-{__version__}-{SCHEMA_VERSION}"


def statuses(store) -> list[str]:
    return [e.status.value for e in store.entries()]


def test_every_start_undoes_the_last_session() -> None:
    store = prepare_demo(config.load())
    assert store.current_topic().name == DEMO_TOPIC
    fresh = statuses(store)
    assert fresh.count("kept") == 3 and fresh.count("eliminated") == 4
    kept = next(e for e in store.entries() if e.status is Status.KEPT)
    store.eliminate(kept.paper_key, "tried it")
    store.set_notes(kept.paper_key, text="scribbled in the demo")
    store.create_topic("mine", "a topic made in the demo")

    again = prepare_demo(config.load())
    assert again.current_topic().name == DEMO_TOPIC
    assert statuses(again) == fresh
    assert "scribbled" not in repr(again.entry(kept.paper_key).notes)
    assert [t.name for t in again.topics()] == [DEMO_TOPIC]


def test_the_pristine_state_is_built_once_and_stays_untouched() -> None:
    store = prepare_demo(config.load())
    ready = (pristine() / "ready").stat().st_mtime_ns
    before = {p: p.read_bytes() for p in pristine().rglob("*.json")}
    store.eliminate(store.entries()[0].paper_key, "changed in the session")
    prepare_demo(config.load())
    assert (pristine() / "ready").stat().st_mtime_ns == ready
    assert {p: p.read_bytes() for p in pristine().rglob("*.json")} == before


def test_the_copy_is_private_like_all_state() -> None:
    prepare_demo(config.load())
    for path in [paths.cache_dir(), *paths.cache_dir().rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, path
        else:
            assert mode & 0o077 == 0, path


def test_an_older_version_or_a_dead_build_is_cleared_away_and_a_live_build_kept() -> None:
    folder = demo_dir()
    paths.ensure(folder)
    old = folder / "pristine-0.0.1-1"
    dead = folder / f"{pristine().name}.999999999"
    live = folder / f"{pristine().name}.{os.getppid()}"
    for each in (old, dead, live):
        paths.ensure(each)
        (each / "index.json").write_text("{}")
    prepare_demo(config.load())
    assert not old.exists() and not dead.exists()
    assert live.exists()  # another demo (the process that ran the tests) is building it now
    assert (pristine() / "ready").is_file()


def test_a_pristine_copy_without_its_mark_is_built_again() -> None:
    prepare_demo(config.load())
    (pristine() / "ready").unlink()
    (pristine() / "index.json").write_text("half a file")
    store = prepare_demo(config.load())
    assert statuses(store).count("kept") == 3


def test_demos_starting_together_the_first_time_all_start() -> None:
    """Each start resets the sandbox (one may reset it under another: the demo's state is
    nobody's), so what holds is that none fails and that the topic is whole after."""
    code = "from tui import config; from tui.demo import prepare_demo\nprepare_demo(config.load())"
    runs = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    store = prepare_demo(config.load())
    assert statuses(store).count("eliminated") == 4 and statuses(store).count("kept") == 3
    assert not [p for p in demo_dir().iterdir() if p.name.startswith(f"{pristine().name}.")]


def test_the_demo_search_loads_no_api_client() -> None:
    """Offline, the demo's answers need their type only: the HTTP stack (0.3 s of imports)
    would compete with the first keys for nothing."""
    code = (
        "import asyncio, sys\n"
        "from tui.demo import DemoSources\n"
        "from tui.models import SearchFilters\n"
        "result = asyncio.run(DemoSources().search('attention', SearchFilters()))\n"
        "assert result.papers, 'no answer'\n"
        "loaded = {'tui.sources.search', 'httpx', 'arxiv', 'semanticscholar'} & set(sys.modules)\n"
        "print(sorted(loaded))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "[]"


def test_the_first_demo_draws_its_sample_paper_without_loading_pymupdf_in_the_app() -> None:
    """Issue 12: PyMuPDF never loads in the app's process, not even on the first --demo."""
    code = (
        "import sys\nfrom tui import config\nfrom tui.demo import demo_dir, prepare_demo\n"
        "prepare_demo(config.load())\n"
        "pdfs = [p.name for p in demo_dir().glob('*.pdf')]\n"
        "print(pdfs, [m for m in ('pymupdf', 'fitz') if m in sys.modules])\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.strip() == "['windowed-recurrent-attention.pdf'] []", done.stderr
    from tui.pdf import parse_pdf

    assert parse_pdf(demo_dir() / "windowed-recurrent-attention.pdf", use_cache=False).figures
