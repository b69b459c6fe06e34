"""The environment the commands run in is exactly the locked one (scripts/bootstrap.py)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# scripts/bootstrap.py is a script (it runs before anything is installed), not part of the package.
_spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "scripts" / "bootstrap.py")
bootstrap = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bootstrap)


def pins(lock_text: str) -> dict[str, str]:
    """{package: version} of a lock file, for this platform and Python (markers evaluated)."""
    logical = re.sub(r"\\\n\s*", " ", lock_text)  # join continued lines
    found = {}
    for line in logical.splitlines():
        line = line.split(" --hash=")[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            [specifier] = requirement.specifier
            assert specifier.operator == "==", f"{line}: not pinned with =="
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def lock(kind: str) -> dict[str, str]:
    return pins((ROOT / bootstrap.LOCKS[kind]).read_text(encoding="utf-8"))


def test_the_test_lock_pins_every_site_package_at_the_same_version():
    site, test = lock("site"), lock("test")
    assert site and test
    differ = {name: (version, test.get(name)) for name, version in site.items() if test.get(name) != version}
    assert not differ, f"site lock version vs test lock version: {differ} (run python3 scripts/lock.py)"


@pytest.mark.skipif(Path(sys.prefix).resolve() != bootstrap.VENV.resolve(),
                    reason="runs in the environment scripts/test.py sets up")
def test_every_installed_package_is_the_locked_version():
    """Nothing unlocked, nothing left over from an earlier lock, nothing at another version."""
    locked = lock("test")
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    installed.pop("pip", None)  # the installer itself, seeded by venv
    unlocked = {name: version for name, version in installed.items() if locked.get(name) != version}
    missing = sorted(set(locked) - set(installed))
    assert not unlocked, f"installed but not locked at this version: {unlocked}"
    assert not missing, f"locked but not installed: {missing}"


def test_an_environment_holding_an_earlier_lock_is_set_up_again(tmp_path):
    """pip removes nothing, so a package a lock dropped would stay: such an environment starts over."""
    for name in bootstrap.LOCKS.values():
        (tmp_path / name).write_text(f"# {name}\n")
    stamp = tmp_path / "installed-locks.sha256"
    assert not bootstrap.outdated(tmp_path, stamp)  # nothing installed yet
    stamp.write_text(bootstrap.lock_hash(tmp_path / bootstrap.LOCKS["test"]) + "\n")
    assert not bootstrap.outdated(tmp_path, stamp)
    (tmp_path / bootstrap.LOCKS["test"]).write_text("# a package dropped\n")
    assert bootstrap.outdated(tmp_path, stamp)
