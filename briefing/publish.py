"""Putting a built site in place: all of it, or nothing.

A build writes into a staging folder beside the site (``site.tmp-<pid>``, same filesystem) and the
finished folder replaces ``site/`` only once every part of it (pages, data, charts, PDF) is written.
``site/`` stays a real folder. The replacement:

- on Linux, one ``renameat2(RENAME_EXCHANGE)`` swaps the two folders in a single step: at every
  instant ``site/`` is the old complete site or the new complete one; the old one, now at the staging
  name, is deleted afterwards;
- elsewhere (or on a filesystem that cannot exchange), two renames: ``site/`` to ``site.old-<pid>``,
  then the staged folder to ``site/``. Between the two, ``site/`` is missing but the old complete site
  is at ``site.old-<pid>``; the next build (``stage``) puts it back before anything else.

A killed build therefore leaves ``site/`` as it was (or, killed after the swap, the complete new
site), plus a folder of its own that the next build removes (``stage`` removes the staging and backup
folders of builds no longer running).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from pathlib import Path

STAGING = ".tmp-"
BACKUP = ".old-"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(site: Path, kind: str) -> list[Path]:
    """The staging or backup folders of ``site`` left by builds that are no longer running."""
    found = []
    for path in site.parent.glob(f"{site.name}{kind}*"):
        pid = path.name.removeprefix(site.name + kind)
        if pid.isdigit() and not _running(int(pid)):
            found.append(path)
    return sorted(found)


def recover(site: Path) -> None:
    """Undo what killed builds left: put a backed-up site back where ``site/`` is missing, remove the rest."""
    backups = _leftovers(site, BACKUP)
    if backups and not site.exists():
        os.rename(backups.pop(), site)  # a backup is always a complete site: it was site/ itself
    for path in [*backups, *_leftovers(site, STAGING)]:
        shutil.rmtree(path, ignore_errors=True)


def stage(site: Path, *, keep: bool = False) -> Path:
    """An empty staging folder for a build of ``site`` (a copy of the current site when ``keep``, for
    ``mkdocs build --dirty``), after recovering from any killed build."""
    recover(site)
    staged = site.with_name(f"{site.name}{STAGING}{os.getpid()}")
    shutil.rmtree(staged, ignore_errors=True)
    if keep and site.is_dir():
        shutil.copytree(site, staged, symlinks=True)
    else:
        staged.mkdir(parents=True)
    return staged


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)) == 0


def publish(staged: Path, site: Path) -> None:
    """Replace ``site`` by the complete folder ``staged`` (see the module's docstring for why a kill cannot tear it)."""
    if not site.exists():
        os.rename(staged, site)
        return
    if _exchange(staged, site):
        shutil.rmtree(staged)  # the old site, now at the staging name
        return
    backup = site.with_name(f"{site.name}{BACKUP}{os.getpid()}")
    os.rename(site, backup)
    os.rename(staged, site)
    shutil.rmtree(backup)


def discard(staged: Path) -> None:
    """Remove the staging folder of a build that failed: ``site/`` was never touched."""
    shutil.rmtree(staged, ignore_errors=True)
