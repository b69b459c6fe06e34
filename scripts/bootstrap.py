"""The one place that sets up the project's environment, for every command in scripts/.

Each command in scripts/ is a few lines that call `run("awsnotes.<module>")`.
On a fresh machine with only Python 3.11 or later, run():

1. creates .venv/ and installs the locked requirements into it with
   `pip install --require-hashes` (requirements.lock for the site,
   requirements-test.lock for the tests, the benchmark and the diagram
   renderer), again only when a lock file changes (a stamp records its hash),
   and from scratch when a lock it holds is no longer current, so nothing an
   earlier lock installed is left behind;
2. makes the `awsnotes` package importable inside .venv/ (an `awsnotes.pth`
   file naming the project folder, which is what an editable install does);
3. for the commands that drive a browser, installs Debian's `chromium`
   package when no Chromium is on the PATH (needs root, as in CI);
4. runs `.venv/bin/python -m awsnotes.<module> ARGS` in its place.

This file uses the standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "installed-locks.sha256"
LOCKS = {"site": "requirements.lock", "test": "requirements-test.lock"}
# The test lock holds every package of the site lock at the same version
# (tests/test_environment.py checks it), so an environment set up for the
# tests serves the site commands too.
SATISFIES = {"site": ("site", "test"), "test": ("test",)}
MIN_PYTHON = (3, 11)


def venv_python(venv_dir: Path = VENV) -> Path:
    """Path of the interpreter inside a virtual environment."""
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def lock_hash(path: Path) -> str:
    """A lock file's hash, to know when to reinstall."""
    return hashlib.sha256(path.name.encode() + b"\0" + path.read_bytes()).hexdigest()


def installed(stamp: Path = STAMP) -> set[str]:
    return set(stamp.read_text().split()) if stamp.exists() else set()


def up_to_date(needs: str, root: Path = ROOT, stamp: Path = STAMP) -> bool:
    """True when the environment holds a lock that serves `needs`, unchanged."""
    done = installed(stamp)
    return any(lock_hash(root / LOCKS[kind]) in done for kind in SATISFIES[needs])


def outdated(root: Path = ROOT, stamp: Path = STAMP) -> bool:
    """True when the environment holds a lock that is no longer one of the current lock files."""
    return bool(installed(stamp) - {lock_hash(root / name) for name in LOCKS.values()})


def site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return Path(out)


def ensure_venv(needs: str) -> Path:
    """Create or update .venv/ for `needs` ("site" or "test"); return its interpreter."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"error: Python {'.'.join(map(str, MIN_PYTHON))} or later is needed "
                 f"(this is {sys.version.split()[0]}): Material for MkDocs 9.8 requires it")
    if sys.prefix != sys.base_prefix and up_to_date(needs, stamp=Path(sys.prefix) / STAMP.name):
        return Path(sys.executable)  # already inside a set-up environment (also: tests running a copy)
    python = venv_python()
    if outdated() and Path(sys.prefix).resolve() != VENV.resolve():
        # pip installs over what is there and removes nothing: a package an earlier lock
        # had and the current one dropped would stay. Start again from the current locks.
        print(f"The lock files changed: setting up {VENV.relative_to(ROOT)}/ again", flush=True)
        shutil.rmtree(VENV)
    if not python.exists():
        print(f"Creating virtual environment in {VENV.relative_to(ROOT)}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not up_to_date(needs):
        lock = ROOT / LOCKS[needs]
        print(f"Installing {lock.name} (every package pinned and hashed)", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--require-hashes", "--no-deps", "-r", str(lock)], check=True)
        STAMP.write_text("\n".join(sorted(installed() | {lock_hash(lock)})) + "\n")
    pth = site_packages(python) / "awsnotes.pth"
    if not pth.exists() or pth.read_text().strip() != str(ROOT):
        pth.write_text(f"{ROOT}\n")
    return python


def ensure_chromium() -> str:
    """Path of Chromium, installing Debian's package when missing and allowed."""
    found = shutil.which("chromium")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium package", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        found = shutil.which("chromium")
    if not found:
        sys.exit("error: Chromium is required: install Debian's package with `sudo apt-get install chromium`")
    return found


def run(module: str, needs: str = "site", browser: bool = False) -> NoReturn:
    """Set up the environment, then replace this process with `python -m module ARGS` in it.

    The working directory is kept, so relative paths in the arguments mean what
    the user meant; a copy of the project run from its own folder uses its own
    `awsnotes` package (the current directory comes first on `python -m`'s path).
    """
    python = ensure_venv(needs)
    if browser:
        ensure_chromium()
    os.execv(str(python), [str(python), "-m", module, *sys.argv[1:]])


UV = "uv==0.13.9"  # the resolver that writes the lock files


def lock() -> None:
    """Write requirements.lock and requirements-test.lock with uv in a throwaway environment."""
    with tempfile.TemporaryDirectory() as tmp:
        tools = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(tools)
        subprocess.run([str(venv_python(tools)), "-m", "pip", "install", "--quiet", UV], check=True)
        uv = tools / ("Scripts/uv.exe" if os.name == "nt" else "bin/uv")
        common = ["pip", "compile", "--quiet", "--generate-hashes", "--universal",
                  "--python-version", "3.11.7", "--custom-compile-command", "python3 scripts/lock.py"]
        subprocess.run([str(uv), *common, "requirements.txt", "-o", LOCKS["site"]], cwd=ROOT, check=True)
        # The test lock is resolved with the site lock as a constraint: same versions for shared packages.
        subprocess.run([str(uv), *common, "requirements.txt", "requirements-test.txt",
                        "--constraint", LOCKS["site"], "-o", LOCKS["test"]], cwd=ROOT, check=True)
    print(f"Wrote {LOCKS['site']} and {LOCKS['test']}: commit both.")
