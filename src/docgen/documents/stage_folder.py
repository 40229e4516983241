"""A batch's temporary folder beside its target: written whole, then published at once (a
new folder renamed into place) or file by file over a reprint; a crashed run's folder is
swept by the next run once no process holds it."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from pathlib import Path

from docgen.errors import OutputError
from docgen.output import fsync_dir, sync_folder_filesystem

STAGE_SUFFIX = ".docgen-batch"
_STALE_SECONDS = 60  # a stage folder no process holds, older than this, was left by a crash


class StageFolder:
    """A batch's temporary folder beside its target (same file system, so it can be renamed
    into place), held with a lock so that another run never removes it while in use."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        parent = out_dir.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            _sweep_stages(parent, out_dir.name)
            self.path = Path(
                tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=STAGE_SUFFIX, dir=parent)
            )
        except OSError as exc:
            raise OutputError(f"cannot write in {parent}: {exc.strerror}") from exc
        self._fd = _hold(self.path)
        self.published = False

    def publish(self) -> None:
        """Every file's data on disk first, then the names: a new folder appears at once
        (one rename); into an existing folder (a reprint), each file replaces its old one."""
        sync_folder_filesystem(self.path)
        names = sorted(os.listdir(self.path))
        out = self.out_dir
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # an empty folder the clerk made for the batch
        if not out.exists():
            os.rename(self.path, out)
            fsync_dir(out.parent)
        else:
            for name in names:
                os.replace(self.path / name, out / name)
            fsync_dir(out)
            self.path.rmdir()
        self.published = True

    def discard(self) -> None:
        if not self.published:
            shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the folder releases its lock
            self._fd = None


def _hold(folder: Path) -> int | None:
    """Lock ``folder`` for this process (released when the process ends, even killed)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: stale stage folders are kept
        return None
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _sweep_stages(parent: Path, name: str) -> None:
    """Remove the stage folders of this target that crashed runs left (no process holds)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    now = time.time()
    for folder in parent.glob(f".{glob.escape(name)}.*{STAGE_SUFFIX}"):
        try:
            if now - folder.stat().st_mtime < _STALE_SECONDS:
                continue
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # a run still writing it
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
