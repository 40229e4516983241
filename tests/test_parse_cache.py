"""The cache of parsed YAML files: the same data and problems as a parse, never stale, never
trusted beyond plain values, and never in the way when it cannot be used."""

from __future__ import annotations

import datetime as dt
import gc
import os
import pickle
from pathlib import Path

import pytest

from docgen.data import parse_cache, prefetch, process, workspace
from docgen.data.loader import load_yaml
from docgen.data.workspace import load_workspace
from tests.conftest import make_workspace


def big_yaml(rows: int = 2_000, extra: str = "") -> str:
    lines = ["date: 2024-11-01", "individuals:"]
    for i in range(rows):
        lines += [
            f"  - name: Nguyễn Văn An {i}",
            f"    rank: {i % 5 + 1}",
            f"    birth_date: 1980-0{i % 9 + 1}-1{i % 10}",
        ]
    return "\n".join(lines) + "\n" + extra


def load(path: Path, cache: Path | None) -> tuple[object, list[str]]:
    source, problems = load_yaml(path, "data/x.yaml", cache)
    return source.data, [p.format() for p in problems]


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle")) if cache.exists() else []


# a value the loader reports (a yes/no trap) at a known place, after the long list
TRAP = "flag: on\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "x.yaml"
    path.write_text(big_yaml(extra=TRAP), encoding="utf-8")
    return path, tmp_path / "cache"


def test_a_hit_gives_what_the_parse_gave(files: tuple[Path, Path]) -> None:
    path, cache = files
    parsed = load(path, None)
    first = load(path, cache)  # parsed, then kept
    assert len(entries(cache)) == 1
    second = load(path, cache)  # read back
    assert first == parsed == second
    data, problems = second
    assert isinstance(data, dict)
    assert data["individuals"][7]["birth_date"] == dt.date(1980, 8, 17)
    assert problems[0].startswith("data/x.yaml:6003:7: error[DATA-YAML-BOOL]")


def test_a_value_is_still_located_after_a_hit(files: tuple[Path, Path]) -> None:
    path, cache = files
    load(path, cache)
    source, _ = load_yaml(path, "data/x.yaml", cache)
    assert str(source.locate(("individuals", 3, "rank"))) == "data/x.yaml:13:11"


def test_an_edited_file_is_parsed_again(files: tuple[Path, Path]) -> None:
    path, cache = files
    load(path, cache)
    path.write_text(big_yaml().replace("Văn An 5\n", "Văn Bình 5\n"), encoding="utf-8")
    data, problems = load(path, cache)
    assert isinstance(data, dict)
    assert data["individuals"][5]["name"] == "Nguyễn Văn Bình 5"
    assert problems == []
    assert len(entries(cache)) == 2


def test_another_loader_reads_no_entry_of_this_one(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = files
    load(path, cache)
    monkeypatch.setattr(parse_cache, "_fingerprint", b"another version of docgen")
    load(path, cache)
    assert len(entries(cache)) == 2  # a key of its own, not the old entry


def test_a_small_file_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load(path, tmp_path / "cache") == ({"a": 1}, [])
    assert entries(tmp_path / "cache") == []


class Planted:
    """What a hostile entry would make the reader build, if it trusted the pickle."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted",))


def plant(cache: Path, path: Path, payload: object) -> Path:
    key = parse_cache.key_of(path.read_bytes())
    entry = cache / f"{key.hex()}.pickle"
    entry.write_bytes(pickle.dumps(payload))
    return entry


def test_a_planted_entry_runs_nothing_and_is_a_miss(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = files
    load(path, cache)
    monkeypatch.chdir(tmp_path)
    key = parse_cache.key_of(path.read_bytes())
    plant(cache, path, (parse_cache.FORMAT, key, Planted(), []))
    assert load(path, cache) == load(path, None)
    assert not (tmp_path / "planted").exists()


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty file (a crash before the write)
        b"\x80\x05\x95",  # cut short
        b"not a pickle at all",
    ],
)
def test_a_damaged_entry_is_a_miss(files: tuple[Path, Path], damage: bytes) -> None:
    path, cache = files
    load(path, cache)
    (entry,) = entries(cache)
    entry.write_bytes(damage)
    assert load(path, cache) == load(path, None)


def test_an_entry_of_another_key_is_a_miss(files: tuple[Path, Path]) -> None:
    path, cache = files
    load(path, cache)
    plant(cache, path, (parse_cache.FORMAT, b"another key", {"individuals": []}, []))
    assert load(path, cache) == load(path, None)


def test_a_cache_that_cannot_be_written_is_skipped(files: tuple[Path, Path]) -> None:
    path, cache = files
    cache.write_text("a file where the folder would be", encoding="utf-8")
    assert load(path, cache) == load(path, None)


def test_the_folder_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 3)
    cache = tmp_path / "cache"
    path = tmp_path / "x.yaml"
    for i in range(5):
        path.write_text(big_yaml(extra=f"n: {i}\n"), encoding="utf-8")
        load(path, cache)
        os.utime(entries(cache)[0], (i, i))  # make the order of use certain
    assert len(entries(cache)) == 3
    # the last file written is among those kept: read back, not parsed
    assert load(path, cache)[0] == load(path, None)[0]


def test_the_workspace_keeps_large_files_in_its_cache(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    history = root / "data" / "history" / "lao-cai.yaml"
    text = history.read_text(encoding="utf-8")
    history.write_text(text + "# " + "x" * parse_cache.MIN_BYTES + "\n", encoding="utf-8")
    first = load_workspace(root)
    key = parse_cache.key_of(history.read_bytes())
    assert (parse_cache.folder(root) / f"{key.hex()}.pickle").is_file()
    again = load_workspace(root)
    assert again.history is not None and first.history is not None
    assert again.history.records.keys() == first.history.records.keys()


def test_prefetch_parses_large_files_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_cache, "PREFETCH_MIN_BYTES", 1)
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(big_yaml(extra=f"{name}: {name}\n" + TRAP), encoding="utf-8")
        paths.append(path)
    small = tmp_path / "small.yaml"
    small.write_text("a: 1\n", encoding="utf-8")
    cache = tmp_path / "cache"
    prefetch.prefetch([*paths, small], cache)
    for path in paths:  # each written by a worker, and what a parse gives
        key = parse_cache.key_of(path.read_bytes())
        kept = parse_cache.get(cache, key, "data/x.yaml")
        assert kept is not None
        data, problems = kept
        assert (data, [p.format() for p in problems]) == load(path, None)
    assert len(entries(cache)) == 3  # not the small file


def test_prefetch_leaves_little_work_to_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(big_yaml(), encoding="utf-8")
    other = tmp_path / "b.yaml"
    other.write_text(big_yaml(extra="b: 1\n"), encoding="utf-8")
    assert path.stat().st_size + other.stat().st_size < parse_cache.PREFETCH_MIN_BYTES
    prefetch.prefetch([path, other], tmp_path / "cache")
    assert entries(tmp_path / "cache") == []  # starting workers would cost more than it saves


def test_only_a_one_command_process_prefetches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(workspace, "prefetch", lambda paths, cache: calls.append(len(paths)))
    root = make_workspace(tmp_path)
    load_workspace(root)
    assert calls == []  # a library caller, the web app: no worker processes
    monkeypatch.setattr(process, "_one_command", True)
    try:
        load_workspace(root)
    finally:
        gc.unfreeze()  # what the load froze, as a command does, is this test process's
    assert calls and calls[0] > 10  # the CLI: every data file is offered
