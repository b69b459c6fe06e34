"""Publish a built site to a directory (a web server's document root), swapped in at once.

The published path is a symbolic link to one complete copy of the site:

    /var/www/aws-notes -> aws-notes.releases/0004-20250101T120000Z
    /var/www/aws-notes.releases/0003-20241231T090000Z/   previous release, kept for rollback
    /var/www/aws-notes.releases/0004-20250101T120000Z/   current release

A publish copies the site into a new `*.partial` folder beside the others,
writes a gzip sibling (`page.html.gz`) for every text file for nginx's
`gzip_static`, renames the folder to its final name, and then replaces the
link with one atomic rename. A reader, or a publish killed at any moment,
sees either the old site or the new one, never a mix. A path that is still a
plain directory is adopted on the first publish: it becomes release 0000.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import filecmp
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from awsnotes.http_policy import gzip_bytes, is_compressible

RELEASE_NAME = re.compile(r"^(\d{4,})-[0-9TZ]+$")
PARTIAL = ".partial"
Log = Callable[[str], None]


class DirError(Exception):
    """A directory publish could not go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Changes:
    """Which files a publish adds, changes and removes (site-relative POSIX paths)."""

    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.removed)

    def summary(self) -> str:
        return (f"{len(self.new)} new, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")

    def lines(self) -> list[str]:
        return ([f"  new      {path}" for path in self.new]
                + [f"  changed  {path}" for path in self.changed]
                + [f"  removed  {path}" for path in self.removed])


@dataclass(frozen=True)
class DirResult:
    changes: Changes
    release: Path | None  # the release now published (None for a dry run or no change)
    previous: Path | None  # the release it replaced, kept for rollback


# -- Reading trees ----------------------------------------------------------------

def site_files(root: Path) -> dict[str, Path]:
    """The site's files by relative POSIX path, without the gzip siblings made for them."""
    files = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            files[path.relative_to(root).as_posix()] = path
    return {rel: path for rel, path in sorted(files.items())
            if not (rel.endswith(".gz") and is_compressible(rel[:-3]) and rel[:-3] in files)}


def diff_trees(old: Path | None, new: Path) -> Changes:
    """What publishing `new` over `old` (None: nothing published yet) changes."""
    before = site_files(old) if old and old.is_dir() else {}
    after = site_files(new)
    changed = tuple(rel for rel in after
                    if rel in before and not filecmp.cmp(before[rel], after[rel], shallow=False))
    return Changes(new=tuple(rel for rel in after if rel not in before), changed=changed,
                   removed=tuple(rel for rel in before if rel not in after),
                   unchanged=sum(1 for rel in after if rel in before) - len(changed))


# -- Releases ----------------------------------------------------------------------

def releases_dir(target: Path) -> Path:
    """Where the releases of `target` live: beside it, on the same file system."""
    return target.parent / f"{target.name}.releases"


def release_number(release: Path) -> int:
    match = RELEASE_NAME.match(release.name)
    return int(match.group(1)) if match else -1


def releases(target: Path) -> list[Path]:
    """Complete releases, oldest first."""
    folder = releases_dir(target)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_dir() and RELEASE_NAME.match(p.name)),
                  key=release_number)


def current(target: Path) -> Path | None:
    """The folder readers see at `target` now (None when nothing is published)."""
    if target.is_symlink():
        resolved = target.resolve()
        return resolved if resolved.is_dir() else None
    return target if target.is_dir() else None


def new_release_name(number: int, now: float | None = None) -> str:
    return f"{number:04d}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now))}"


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """One publish or rollback at a time per target (advisory lock, released on exit or kill)."""
    folder = releases_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no locking
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DirError(f"{target}: another publish or rollback is running; "
                           "wait for it to finish and try again") from None
        yield


# -- Writing -----------------------------------------------------------------------

def _write(path: Path, data: bytes, like: Path) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    shutil.copystat(like, path)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_site(site: Path, dest: Path, on_file: Callable[[str], None] | None = None) -> None:
    """Copy `site` into `dest` (which must not exist), adding gzip siblings for text files,
    and flush it all to disk. `on_file` is called with each relative path once copied."""
    dest.mkdir()
    all_files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    for rel, source in site_files(site).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        _write(target, data, source)
        if is_compressible(rel) and f"{rel}.gz" not in all_files:
            packed = gzip_bytes(data)
            if len(packed) < len(data):
                _write(target.with_name(target.name + ".gz"), packed, source)
        if on_file:
            on_file(rel)
    for rel in sorted(all_files - set(site_files(site))):  # the site's own .gz files
        _write(dest / rel, (site / rel).read_bytes(), site / rel)
    for folder, _dirs, _names in os.walk(dest):
        _fsync_dir(Path(folder))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def point(target: Path, release: Path, log: Log = print) -> None:
    """Make `target` a link to `release` in one atomic step.

    A plain directory at `target` is first kept as the release numbered just before
    `release`, so that it can be rolled back to."""
    link = target.parent / f".{target.name}.swap"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(release, target.parent), link)
    if target.is_dir() and not target.is_symlink():
        adopted = releases_dir(target) / new_release_name(release_number(release) - 1,
                                                          target.stat().st_mtime)
        if _exchange(link, target):
            os.rename(link, adopted)
        else:
            log(f"warning: {target} is a plain directory; moving it to {adopted} "
                "(readers may see no site for a moment, this once)")
            os.rename(target, adopted)
            os.rename(link, target)
        log(f"Kept the plain directory that was at {target} as release {adopted.name}.")
    else:
        os.replace(link, target)
    _fsync_dir(target.parent)


def prune(target: Path, keep: int, protect: tuple[Path | None, ...] = (), log: Log = print) -> list[Path]:
    """Delete all but the newest `keep` releases (never the current one nor `protect`) and
    leftovers of interrupted publishes. Returns the deleted folders."""
    spared = {current(target), *protect}
    doomed = [r for r in releases(target)[:-keep] if r not in spared] if keep > 0 else []
    doomed += [p for p in releases_dir(target).glob(f"*{PARTIAL}") if p.is_dir()]
    for folder in doomed:
        shutil.rmtree(folder)
    swap = target.parent / f".{target.name}.swap"
    if swap.is_symlink():
        swap.unlink()
    if doomed:
        log("Deleted old releases: " + ", ".join(p.name for p in doomed))
    return doomed


def check_target(target: Path) -> None:
    """Refuse a target that cannot be published to, before anything is built or written."""
    if not target.parent.is_dir():
        raise DirError(f"{target.parent}: no such directory; create it first")
    if target.exists() and not target.is_dir():
        raise DirError(f"{target}: exists and is not a directory or a link to one; "
                       "choose another path or move it away")
    if not os.access(target.parent, os.W_OK):
        raise DirError(f"{target.parent}: not writable by this user; the new release and the "
                       "link are written there")


def publish(site: Path, target: Path, keep: int = 3, dry_run: bool = False,
            on_file: Callable[[str], None] | None = None, log: Log = print) -> DirResult:
    """Publish the built `site` at `target`; keep `keep` releases (at least 2: current and
    previous). With `dry_run`, only report what would change."""
    target = Path(os.path.abspath(target))
    if not (site / "index.html").is_file():
        raise DirError(f"{site}: no index.html; this is not a built site")
    check_target(target)
    keep = max(keep, 2)
    live = current(target)
    changes = diff_trees(live, site)
    verb = "Would publish" if dry_run else "Publishing"
    log(f"{verb} to {target}: {changes.summary()}")
    for line in changes.lines():
        log(line)
    if not changes and live is not None:
        log(f"{target} already holds this site; nothing to do.")
        return DirResult(changes, None, None)
    if dry_run:
        log("Dry run: nothing was changed.")
        return DirResult(changes, None, None)
    with locked(target):
        prune(target, keep=0, log=log)  # only the leftovers of an interrupted publish
        number = max((release_number(r) for r in releases(target)), default=0) + 1
        if target.is_dir() and not target.is_symlink():
            number = number + 1 if releases(target) else 1  # the plain directory becomes number - 1
        name = new_release_name(number)
        partial = releases_dir(target) / (name + PARTIAL)
        copy_site(site, partial, on_file)
        release = releases_dir(target) / name
        os.rename(partial, release)
        _fsync_dir(release.parent)
        point(target, release, log)
        previous = current_previous(target, release)
        prune(target, keep, protect=(live,), log=log)
    rollback_hint = f"; previous release {previous.name} kept for rollback" if previous else ""
    log(f"Published release {release.name} at {target}{rollback_hint}.")
    return DirResult(changes, release, previous)


def current_previous(target: Path, release: Path) -> Path | None:
    """The newest release older than `release`."""
    older = [r for r in releases(target) if release_number(r) < release_number(release)]
    return older[-1] if older else None


def rollback(target: Path, dry_run: bool = False, log: Log = print) -> Path:
    """Point `target` back at the release before the current one; returns that release."""
    target = Path(os.path.abspath(target))
    live = current(target)
    if live is None or not target.is_symlink() or live.parent != releases_dir(target).resolve():
        raise DirError(f"{target}: not a published release link; nothing to roll back "
                       f"(releases live in {releases_dir(target)})")
    previous = current_previous(target, live)
    if previous is None:
        raise DirError(f"{target}: {live.name} is the oldest release kept; nothing to roll back to")
    if dry_run:
        log(f"Would roll {target} back from {live.name} to {previous.name}. Dry run: nothing was changed.")
        return previous
    with locked(target):
        point(target, previous, log)
    log(f"Rolled {target} back from {live.name} to {previous.name}. "
        "Publish again to go forward.")
    return previous
