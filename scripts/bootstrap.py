"""Create the project's virtual environment and re-run a script inside it.

Used by the build and test commands so that, on a fresh machine with only
Python 3, one command sets everything up. Requirements are reinstalled only
when a requirements file changes (a stamp file records their hash).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "requirements.sha256"


def venv_python(venv_dir: Path = VENV) -> Path:
    """Path of the interpreter inside a virtual environment."""
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def requirements_hash(files: list[Path]) -> str:
    """Hash of the requirements files' contents, to know when to reinstall."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def current_env_has(wanted: str) -> bool:
    """True when this interpreter's own venv was set up with these requirements."""
    stamp = Path(sys.prefix) / STAMP.name
    return sys.prefix != sys.base_prefix and stamp.exists() and wanted in stamp.read_text().split()


def ensure(requirement_files: list[str], script: str, argv: list[str]) -> None:
    """Make sure the venv exists with the requirements, then re-exec `script` in it.

    Returns only when already running inside the up-to-date venv.
    """
    files = [ROOT / name for name in requirement_files]
    wanted = requirements_hash(files)
    if current_env_has(wanted):
        return
    up_to_date = STAMP.exists() and wanted in STAMP.read_text().split()
    if not venv_python().exists():
        print(f"Creating virtual environment in {VENV.relative_to(ROOT)}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not up_to_date:
        print("Installing " + ", ".join(requirement_files), flush=True)
        command = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        for path in files:
            command += ["-r", str(path)]
        subprocess.run(command, check=True)
        previous = STAMP.read_text().split() if STAMP.exists() else []
        STAMP.write_text("\n".join(previous[-4:] + [wanted]) + "\n")
    os.execv(str(venv_python()), [str(venv_python()), str(ROOT / script), *argv])
