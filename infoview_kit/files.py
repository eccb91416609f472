"""Reading and writing files safely.

Reading takes regular files only (never a pipe, a device or a folder) and at most
:data:`MAX_FILE_BYTES`; writing is atomic, with the permissions a new file normally gets, and
leaves no temporary file behind even after a killed save (the next save clears it).
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from .errors import ContactsError

#: The largest file the kit reads: far above any person's contacts (a million-row CSV is
#: about 150 MB), far below what would exhaust a laptop's memory.
MAX_FILE_BYTES = 1024 * 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular(path: str | os.PathLike, label: str) -> bytes:
    """The bytes of the regular file ``path``; anything else is refused with a ContactsError.

    The file is opened without blocking (a pipe with no writer would wait forever) and checked
    after opening, so a symbolic link to ``/dev/zero`` or a folder is named for what it is.
    Files over :data:`MAX_FILE_BYTES` are refused before they are read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise ContactsError(
            f"{label} was not found. Check the path (it is read relative to {Path.cwd()})."
        ) from None
    except IsADirectoryError:
        raise _folder_error(label) from None
    except PermissionError:
        raise ContactsError(
            f"{label} cannot be read: permission denied. Close it in other programs or copy it "
            "somewhere you can read, then retry."
        ) from None
    except OSError as exc:
        raise ContactsError(f"{label} cannot be read ({exc.strerror or exc}).") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise _folder_error(label)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a regular file")
            raise ContactsError(
                f"{label} is {kind}, not a saved file, so the kit does not read it (it could "
                "wait or read forever). Save your contacts as a .csv or .xlsx file and point "
                "the kit at that file."
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(label)
    except BaseException:
        os.close(handle)
        raise
    with os.fdopen(handle, "rb") as file:
        # Sized to the file, plus a byte to notice one that grows while it is read: asking
        # for MAX_FILE_BYTES at once would allocate that much first.
        data = file.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += file.read(MAX_FILE_BYTES + 1 - len(data))
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise _too_large(label)
    return data


def _folder_error(label: str) -> ContactsError:
    return ContactsError(
        f"{label} is a folder, not a spreadsheet. Point the kit at a .csv or .xlsx file."
    )


def _too_large(label: str) -> ContactsError:
    return ContactsError(
        f"{label} is larger than {MAX_FILE_BYTES // 2**20:,} MiB, far more than a contacts sheet "
        "holds. Check that it is the right file, or split it into smaller files."
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, write: bytes | Callable[[str], None]) -> Path:
    """Write ``path`` through a temporary file beside it, moved into place only when complete.

    ``write`` is the content, or a function that writes the temporary file given its path.
    A failure leaves any previous file untouched and no temporary file behind. A save killed
    outright (power cut, SIGKILL) cannot tidy up: its temporary file is locked while it is
    written, so the next save to the same folder recognises it as abandoned and removes it.
    """
    path = Path(path)
    prefix = f".{path.stem}.tmp-"
    _clear_abandoned(path.parent, prefix, path.suffix)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=path.suffix)
    try:
        _lock(handle)
        if callable(write):
            write(temporary)
        else:
            with os.fdopen(os.dup(handle), "wb") as out:
                out.write(write)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a saved file is not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        os.close(handle)  # releases the lock
    return path


def _lock(handle: int) -> bool:
    """Lock an open file for this process; False when another live process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; abandoned files are judged by age
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


#: Without file locks (Windows), a temporary file this old is taken as abandoned.
_ABANDONED_AFTER = 3600.0


def _clear_abandoned(folder: Path, prefix: str, suffix: str) -> None:
    """Remove temporary files of earlier saves to the same target that were killed midway."""
    pattern = f"{glob.escape(prefix)}*{glob.escape(suffix)}"
    for temporary in folder.glob(pattern):
        try:
            handle = os.open(temporary, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                continue
            try:
                import fcntl  # noqa: F401
            except ImportError:
                if time.time() - os.fstat(handle).st_mtime < _ABANDONED_AFTER:
                    continue
            if _lock(handle):  # no live save holds it
                temporary.unlink(missing_ok=True)
        finally:
            os.close(handle)


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
