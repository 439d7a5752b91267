"""Where a background export's file lives (issue 11 item 12).

The worker writes the workbook to a local working file (an absolute path in `file_path` while it
runs), then publishes it to the default storage (S3-compatible in production) and keeps the
storage name, so any web process on any machine can hand it to its owner. With the file-system
storage the working folder is already inside it and nothing is copied.
"""

import os
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage

PREFIX = "exports/"


def is_local(file_path: str) -> bool:
    return os.path.isabs(file_path)


def publish(path: Path) -> str:
    """Move the finished working file into storage; return its storage name."""
    name = PREFIX + path.name
    if isinstance(default_storage, FileSystemStorage) and Path(default_storage.path(name)) == path.resolve():
        return name
    with path.open("rb") as handle:
        name = default_storage.save(name, File(handle, name=path.name))
    path.unlink(missing_ok=True)
    return name


def open_file(file_path: str):
    """The file for reading; FileNotFoundError when it is gone."""
    if is_local(file_path):
        return open(file_path, "rb")
    if not default_storage.exists(file_path):
        raise FileNotFoundError(file_path)
    return default_storage.open(file_path, "rb")


def remove(file_path: str) -> None:
    if not file_path:
        return
    if is_local(file_path):
        Path(file_path).unlink(missing_ok=True)
    else:
        default_storage.delete(file_path)


def stored_names() -> list[str]:
    """Published export files, for the orphan sweep (empty when the folder does not exist yet)."""
    try:
        _folders, names = default_storage.listdir(PREFIX.rstrip("/"))
    except FileNotFoundError:
        return []
    return [PREFIX + name for name in names if name.endswith(".xlsx")]
