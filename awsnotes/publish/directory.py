"""Publish a built site to a directory (a web server's document root), swapped in at once.

The published path is a symbolic link to one complete copy of the site:

    /var/www/aws-notes -> aws-notes.releases/0004-20250101T120000Z
    /var/www/aws-notes.releases/0003-20241231T090000Z/   previous release, kept for rollback
    /var/www/aws-notes.releases/0004-20250101T120000Z/   current release
    /var/www/aws-notes.releases/history.json              the releases that were live, in order

A publish copies the site into a new `*.partial` folder beside the others,
writes a gzip sibling (`page.html.gz`) for every text file for nginx's
`gzip_static`, renames the folder to its final name, replaces the link with
one atomic rename, and only then records the release in history.json. A
reader, or a publish killed at any step, sees either the old site or the new
one, never a mix; the next publish or rollback first finishes or undoes
whatever a killed one left. `--rollback` returns to the release that was
live before the current one, as history.json records it: never to a release
that was copied but never went live.

It never deletes what it did not publish. An empty directory at the path is
replaced; a directory with files in it, or a link to somewhere else, is
refused unless `--adopt` is given: an adopted directory is kept, untouched,
as `adopted-<time>` among the releases (rollback can return to it; it is
never pruned), and an adopted link's old target is left as it is. A full
disk stops the publish with one line and removes its partial copy.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import filecmp
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from awsnotes.http_policy import gzip_bytes, is_compressible

RELEASE_NAME = re.compile(r"^(\d{4,})-[0-9TZ]+$")
ADOPTED_NAME = re.compile(r"^adopted-[0-9TZ]+(?:-\d+)?$")
PARTIAL = ".partial"
HISTORY = "history.json"
MARKER = ".aws-notes-releases"  # this folder of releases was made by this publisher
Log = Callable[[str], None]
Step = Callable[[str], None]  # called after each step of a publish, for tests that kill it there


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


# -- History: which releases were live ----------------------------------------------

def read_history(target: Path) -> list[str]:
    """Names of the releases that were live, oldest first; the last is live now."""
    path = releases_dir(target) / HISTORY
    if not path.is_file():
        return []
    try:
        names = json.loads(path.read_text(encoding="utf-8")).get("live", [])
    except (ValueError, AttributeError):
        raise DirError(f"{path}: not readable JSON; restore it from a backup, or delete it to forget "
                       "the rollback history") from None
    return [str(name) for name in names]


def write_history(target: Path, names: list[str]) -> None:
    """Replace history.json atomically (write, flush, rename)."""
    folder = releases_dir(target)
    temporary = folder / f".{HISTORY}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump({"live": names}, handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, folder / HISTORY)
    _fsync_dir(folder)


def live_name(target: Path) -> str | None:
    """The release the link points at, when it points into the releases folder."""
    if not target.is_symlink():
        return None
    pointed = Path(os.path.normpath(target.parent / os.readlink(target)))
    return pointed.name if pointed.parent == releases_dir(target) else None


def is_ours(target: Path) -> bool:
    folder = releases_dir(target)
    return (folder / MARKER).is_file()


def claim(target: Path) -> None:
    """Mark the releases folder as made by this publisher (refusing one that someone else made)."""
    folder = releases_dir(target)
    others = [p.name for p in folder.iterdir() if p.name not in (".lock", MARKER)] if folder.is_dir() else []
    if not is_ours(target) and others:
        raise DirError(f"{folder}: exists, holds files this publisher did not make ({', '.join(sorted(others)[:3])}) "
                       "and is where releases go; move it away or publish to another path")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("Releases of an AWS Notes directory publish (awsnotes/publish/directory.py).\n")


def recover(target: Path, log: Log = print) -> None:
    """Finish or undo what a killed publish or rollback left behind.

    - a plain directory that was being adopted, swapped out to `.NAME.swap`, is moved to
      its `adopted-*` place among the releases (history.json named it before the swap);
    - a leftover link at `.NAME.swap` and `*.partial` copies are removed;
    - history.json is brought in line with the link: a release the link points at but
      history does not end with went live (append it), or was rolled back to (drop the
      entry after it)."""
    folder = releases_dir(target)
    swap = target.parent / f".{target.name}.swap"
    history = read_history(target)
    if swap.is_dir() and not swap.is_symlink():
        pending = [name for name in history if ADOPTED_NAME.match(name) and not (folder / name).exists()]
        name = pending[-1] if pending else adopted_name(target, swap.stat().st_mtime)
        os.rename(swap, folder / name)
        if name not in history:
            history.insert(max(len(history) - 1, 0), name)
        log(f"Recovered the adopted directory of an interrupted publish as {name}.")
    elif swap.is_symlink():
        swap.unlink()
    for partial in folder.glob(f"*{PARTIAL}"):
        if partial.is_dir() and RELEASE_NAME.match(partial.name[:-len(PARTIAL)]):
            shutil.rmtree(partial)
    adopting = target.is_dir() and not target.is_symlink()
    history = [name for index, name in enumerate(history) if (folder / name).is_dir()
               or (adopting and index == len(history) - 1 and ADOPTED_NAME.match(name))]
    live = live_name(target)
    if live and (not history or history[-1] != live):
        if len(history) >= 2 and history[-2] == live:
            history.pop()  # a rollback that was killed after moving the link
        else:
            history.append(live)  # a publish that was killed after moving the link
    if history != read_history(target):
        write_history(target, history)


def adopted_name(target: Path, mtime: float) -> str:
    base = f"adopted-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(mtime))}"
    name, number = base, 1
    while (releases_dir(target) / name).exists() or name in read_history(target):
        number += 1
        name = f"{base}-{number}"
    return name


# -- Switching --------------------------------------------------------------------------

def point(target: Path, release: Path, log: Log = print, adopt_as: str | None = None,
          step: Step | None = None) -> None:
    """Make `target` a link to `release` in one atomic step.

    A plain directory at `target` (only with `adopt_as`) is swapped out and kept among the
    releases under that name."""
    step = step or (lambda _: None)
    link = target.parent / f".{target.name}.swap"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(release, target.parent), link)
    step("linked")
    if target.is_dir() and not target.is_symlink():
        if adopt_as is None:
            raise DirError(f"{target}: a plain directory; pass --adopt to keep it as a release")
        adopted = releases_dir(target) / adopt_as
        if _exchange(link, target):
            step("exchanged")
            os.rename(link, adopted)
        else:
            log(f"warning: {target} is a plain directory; moving it to {adopted} "
                "(readers may see no site for a moment, this once)")
            os.rename(target, adopted)
            step("exchanged")
            os.rename(link, target)
        step("adopted")
        log(f"Kept the directory that was at {target} as {adopted.name} (never deleted by a publish).")
    else:
        os.replace(link, target)
    _fsync_dir(target.parent)
    step("switched")


def prune(target: Path, keep: int, log: Log = print) -> list[Path]:
    """Keep the live release and the `keep` - 1 that were live before it (history.json);
    delete every other release this publisher made. Adopted directories are never deleted."""
    history = read_history(target)
    kept_history = history[-keep:] if keep > 0 else history
    spared = set(kept_history) | {live_name(target)}
    doomed = [r for r in releases(target) if r.name not in spared]
    for folder in doomed:
        shutil.rmtree(folder)
    if kept_history != history:
        write_history(target, kept_history)
    if doomed:
        log("Deleted old releases: " + ", ".join(p.name for p in doomed))
    return doomed


def check_target(target: Path, adopt: bool = False) -> None:
    """Refuse a target that cannot be published to, before anything is built or written."""
    if not target.parent.is_dir():
        raise DirError(f"{target.parent}: no such directory; create it first")
    if target.is_symlink():
        if live_name(target) is None and not adopt:
            raise DirError(f"{target}: a link to {os.readlink(target)}, not to a release of this "
                           "publisher (another site?); pass --adopt to point it at this site instead "
                           "(what it points at now is left untouched)")
    elif target.exists() and not target.is_dir():
        raise DirError(f"{target}: exists and is not a directory or a link to one; "
                       "choose another path or move it away")
    elif target.is_dir() and any(target.iterdir()) and not adopt and not _adoption_pending(target):
        raise DirError(f"{target}: a directory with files this publisher did not make; pass --adopt "
                       "to keep it, untouched, as a release you can roll back to, or choose another path")
    if not os.access(target.parent, os.W_OK):
        raise DirError(f"{target.parent}: not writable by this user; the new release and the "
                       "link are written there")


def _adoption_pending(target: Path) -> bool:
    """An adoption was started (history names a directory not yet moved) and killed."""
    folder = releases_dir(target)
    return is_ours(target) and any(ADOPTED_NAME.match(name) and not (folder / name).exists()
                                   for name in read_history(target))


def publish(site: Path, target: Path, keep: int = 3, dry_run: bool = False,
            on_file: Callable[[str], None] | None = None, log: Log = print, adopt: bool = False,
            on_step: Step | None = None) -> DirResult:
    """Publish the built `site` at `target`; keep `keep` releases (at least 2: current and
    previous). With `dry_run`, only report what would change. `adopt` allows taking over a
    directory with files in it, or a link to another site."""
    step = on_step or (lambda _: None)
    target = Path(os.path.abspath(target))
    if not (site / "index.html").is_file():
        raise DirError(f"{site}: no index.html; this is not a built site")
    check_target(target, adopt)
    keep = max(keep, 2)
    live = current(target)
    changes = diff_trees(live, site)
    verb = "Would publish" if dry_run else "Publishing"
    log(f"{verb} to {target}: {changes.summary()}")
    for line in changes.lines():
        log(line)
    if not changes and live is not None and live_name(target):
        log(f"{target} already holds this site; nothing to do.")
        return DirResult(changes, None, None)
    if dry_run:
        log("Dry run: nothing was changed.")
        return DirResult(changes, None, None)
    if target.is_symlink() and live_name(target) is None:
        log(f"warning: {target} pointed at {os.readlink(target)} (not a release of this publisher); "
            "it now points at this site, and that folder is left as it is")
    claim(target)
    with locked(target):
        recover(target, log)
        history = read_history(target)
        adopt_as = None
        if target.is_dir() and not target.is_symlink():
            if any(target.iterdir()):
                pending = [n for n in history if ADOPTED_NAME.match(n) and not (releases_dir(target) / n).exists()]
                adopt_as = pending[-1] if pending else adopted_name(target, target.stat().st_mtime)
                if adopt_as not in history:
                    history.append(adopt_as)  # it is live now: record it before it moves
                    write_history(target, history)
            else:
                target.rmdir()  # an empty directory: nothing to keep
        number = max((release_number(r) for r in releases(target)), default=0) + 1
        name = new_release_name(number)
        partial = releases_dir(target) / (name + PARTIAL)
        try:
            copy_site(site, partial, on_file)
        except OSError as error:
            shutil.rmtree(partial, ignore_errors=True)
            raise DirError(copy_failure(target, error)) from None
        step("copied")
        release = releases_dir(target) / name
        os.rename(partial, release)
        _fsync_dir(release.parent)
        step("renamed")
        point(target, release, log, adopt_as=adopt_as, step=step)
        history = read_history(target) + [name]
        write_history(target, history)
        step("recorded")
        previous = releases_dir(target) / history[-2] if len(history) >= 2 else None
        prune(target, keep, log=log)
    rollback_hint = f"; previous release {previous.name} kept for rollback" if previous else ""
    log(f"Published release {release.name} at {target}{rollback_hint}.")
    return DirResult(changes, release, previous)


def copy_failure(target: Path, error: OSError) -> str:
    """One line for a copy that failed (a full disk, a quota, permissions); the site is unchanged."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full (no space left on device)"
        fix = "free some space (older releases live in " + str(releases_dir(target)) + ") and publish again"
    else:
        why = f"{error.strerror or error}" + (f" ({error.filename})" if error.filename else "")
        fix = "fix that and publish again"
    return (f"{target}: copying the new release failed: {why}. The partial copy was removed and the "
            f"published site is unchanged; {fix}")


def rollback(target: Path, dry_run: bool = False, log: Log = print, on_step: Step | None = None) -> Path:
    """Point `target` back at the release that was live before the current one (history.json)."""
    step = on_step or (lambda _: None)
    target = Path(os.path.abspath(target))
    if live_name(target) is None or not is_ours(target):
        raise DirError(f"{target}: not a published release link; nothing to roll back "
                       f"(releases live in {releases_dir(target)})")
    with locked(target):
        if not dry_run:
            recover(target, log)
        history = [name for name in read_history(target) if (releases_dir(target) / name).is_dir()]
        live = live_name(target)
        if len(history) < 2 or history[-1] != live:
            raise DirError(f"{target}: {live} is the oldest release kept (of those that were live); nothing to roll back to")
        previous = releases_dir(target) / history[-2]
        if dry_run:
            log(f"Would roll {target} back from {live} to {previous.name}. Dry run: nothing was changed.")
            return previous
        point(target, previous, log, step=step)
        write_history(target, history[:-1])
        step("recorded")
    log(f"Rolled {target} back from {live} to {previous.name}. Publish again to go forward.")
    return previous
