"""Writing files safely: atomically, with the permissions a new file normally gets."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
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
