"""Evidence files of a task (photos, PDFs): checked by content and size, stored under
``var/evidence`` with their SHA-256; a retried upload never duplicates.

Functions here run on the caller's connection; every write adds its audit row on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from auth import audit
from auth.audit import Actor
from core.errors import Conflict, NotFound, Unprocessable
from enforcement import rules
from enforcement.creation import MAX_TEXT, OBJECT_TYPE
from enforcement.flow import locked
from enforcement.models import EVIDENCE, TASKS

#: Evidence types by their first bytes (never by the name or the declared type).
MAGIC: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"WEBP", 8, "image/webp", "webp"),
    (b"ftypheic", 4, "image/heic", "heic"),
    (b"ftypheix", 4, "image/heic", "heic"),
    (b"ftypmif1", 4, "image/heif", "heif"),
)


def evidence_public(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in ("id", "task_id", "filename", "content_type", "size_bytes",
                               "sha256", "note", "uploaded_by", "uploaded_at")}
    out["url"] = f"/api/tasks/{row['task_id']}/evidence/{row['id']}"
    return audit.jsonable(out)


# -- evidence ----------------------------------------------------------------------------------
def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes; None when not allowed."""
    for magic, offset, ctype, ext in MAGIC:
        if data[offset:offset + len(magic)] == magic:
            if ctype == "image/webp" and data[:4] != b"RIFF":
                continue
            return ctype, ext
    return None


def add_evidence(conn: Connection, actor: Actor, task_id: int, filename: str, data: bytes,
                 note: str, root: Path, max_mb: int, now: dt.datetime
                 ) -> tuple[dict[str, Any], bool]:
    """Store a photo or PDF (size and type checked, sha256 recorded); (evidence, created).
    The same file sent again (a retried upload) returns the stored one."""
    if not data:
        raise Unprocessable("file: empty (nothing arrived)")
    if len(data) > max_mb * 1024 * 1024:
        raise Unprocessable(f"file: {len(data) / 1048576:.1f} MB is over the limit of "
                            f"{max_mb} MB")
    kind = sniff(data)
    if kind is None:
        raise Unprocessable("file: only photos (JPEG, PNG, WebP, HEIC) and PDF files are "
                            "accepted (checked by content)")
    if len(note) > MAX_TEXT:
        raise Unprocessable(f"note: at most {MAX_TEXT} characters")
    task = locked(conn, task_id)
    if task["status"] == rules.CLOSED:
        raise Conflict(f"task {task_id} is 办结: no more evidence")
    digest = hashlib.sha256(data).hexdigest()
    same = conn.execute(select(EVIDENCE).where(EVIDENCE.c.task_id == task_id,
                                               EVIDENCE.c.sha256 == digest)).first()
    if same is not None:
        return evidence_public(dict(same._mapping)), False
    rel = f"{task_id}/{digest}.{kind[1]}"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    name = (Path(filename or "").name or f"evidence.{kind[1]}")[:200]
    row = conn.execute(insert(EVIDENCE).values(
        task_id=task_id, filename=name, content_type=kind[0], size_bytes=len(data),
        sha256=digest, path=rel, note=note, uploaded_by=actor.name, uploaded_at=now)
        .returning(EVIDENCE)).one()
    conn.execute(update(TASKS).where(TASKS.c.id == task_id)
                 .values(version=task["version"] + 1))
    audit.record(conn, actor, "task.evidence", object_type=OBJECT_TYPE, object_id=task_id,
                 after={"filename": name, "sha256": digest, "size_bytes": len(data),
                        "content_type": kind[0]})
    return evidence_public(dict(row._mapping)), True


def evidence_file(conn: Connection, task_id: int, evidence_id: int, root: Path
                  ) -> tuple[Path, dict[str, Any]]:
    row = conn.execute(select(EVIDENCE).where(EVIDENCE.c.id == evidence_id,
                                              EVIDENCE.c.task_id == task_id)).first()
    if row is None:
        raise NotFound(f"task {task_id} has no evidence {evidence_id}")
    ev = dict(row._mapping)
    path = (root / ev["path"]).resolve()
    if root.resolve() not in path.parents or not path.exists():
        raise NotFound(f"the file of evidence {evidence_id} is missing")
    return path, ev

