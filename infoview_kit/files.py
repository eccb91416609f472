"""Writing files safely: atomically, with the permissions a new file normally gets, and backups."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, write: bytes | Callable[[str], None]) -> Path:
    """Write ``path`` through a temporary file beside it, moved into place only when complete.

    ``write`` is the content, or a function that writes the temporary file given its path.
    A failure leaves any previous file untouched and no temporary file behind.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.tmp-", suffix=path.suffix
    )
    try:
        if callable(write):
            os.close(handle)
            write(temporary)
        else:
            with os.fdopen(handle, "wb") as out:
                out.write(write)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a saved file is not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def backup(path: str | os.PathLike, *, keep: int = 5) -> Path | None:
    """Copy ``path`` to a timestamped file beside it and keep only the last ``keep`` copies.

    ``tracker.xlsx`` is copied to ``tracker.backup-20240312-101500-123456.xlsx`` (the suffix stays
    last, so the copy opens like the original). Returns the copy, or None when ``path`` does not
    exist yet. The copy is written atomically: a failure leaves the earlier copies as they were.
    """
    path = Path(path)
    if not path.is_file():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    copy = write_atomic(
        path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}"), path.read_bytes()
    )
    for old in backups(path)[:-keep]:
        old.unlink(missing_ok=True)
    return copy


def backups(path: str | os.PathLike) -> list[Path]:
    """The backups :func:`backup` kept of ``path``, oldest first."""
    path = Path(path)
    pattern = f"{glob.escape(path.stem)}.backup-*{glob.escape(path.suffix)}"
    return sorted(path.parent.glob(pattern))
