"""Writing export files: whole or not at all, with errors a user can act on."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import ExportError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A failed export leaves any earlier file at ``path`` as it was. The folder is created if
    needed. Raises ``ExportError`` (a sentence naming the path) when it cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from None
    return target
