"""The directory target: releases swapped in at once, rollback, and refusal of a failing build."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from awsnotes import http_policy
from awsnotes.publish import cli as publish, directory as publish_dir
from tests.support import copy_project, write_site

ROOT = Path(__file__).resolve().parent.parent

V1 = {
    "index.html": "<html>home, version 1 " + "padding " * 40 + "</html>",
    "compute/ec2/index.html": "<html>EC2, version 1</html>",
    "storage/s3/index.html": "<html>S3</html>",
    "assets/stylesheets/main.57a0d79d.min.css": "body{margin:0}" * 20,
    "assets/images/favicon.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "sitemap.xml": "<urlset>" + "<url/>" * 50 + "</urlset>",
    "sitemap.xml.gz": gzip.compress(b"<urlset/>", mtime=0),
}
V2 = {**{k: v for k, v in V1.items() if k != "storage/s3/index.html"},
      "compute/ec2/index.html": "<html>EC2, version 2</html>",
      "networking/vpc/index.html": "<html>VPC</html>"}


def read_tree(root: Path) -> dict[str, bytes]:
    """What a reader sees under `root` (following the link at the top)."""
    seen = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            seen[path.relative_to(root).as_posix()] = path.read_bytes()
    return seen


def originals(tree: dict[str, bytes]) -> dict[str, bytes]:
    """A published tree without the gzip siblings the publish adds."""
    return {rel: data for rel, data in tree.items()
            if not (rel.endswith(".gz") and rel[:-3] in tree and rel != "sitemap.xml.gz")}


def expected(files: dict[str, str | bytes]) -> dict[str, bytes]:
    return {rel: content.encode() if isinstance(content, str) else content for rel, content in files.items()}


def state(parent: Path) -> dict[str, object]:
    """Everything under `parent`: file contents and where links point."""
    found: dict[str, object] = {}
    for folder, dirs, names in os.walk(parent):
        for name in dirs + names:
            path = Path(folder) / name
            rel = path.relative_to(parent).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


def quiet(_: str) -> None:
    pass


@pytest.fixture
def sites(tmp_path):
    return write_site(tmp_path / "v1", V1), write_site(tmp_path / "v2", V2)


@pytest.fixture
def target(tmp_path) -> Path:
    (tmp_path / "www").mkdir()
    return tmp_path / "www" / "notes"


# -- Publishing and reading back -------------------------------------------------------------

def test_publish_twice_and_read_the_result(sites, target):
    v1, v2 = sites
    first = publish_dir.publish(v1, target, log=quiet)
    assert target.is_symlink() and not os.path.isabs(os.readlink(target))
    assert originals(read_tree(target)) == expected(V1)

    second = publish_dir.publish(v2, target, log=quiet)
    assert second.changes.new == ("networking/vpc/index.html",)
    assert second.changes.changed == ("compute/ec2/index.html",)
    assert second.changes.removed == ("storage/s3/index.html",)
    assert originals(read_tree(target)) == expected(V2)
    assert second.previous == first.release
    assert originals(read_tree(first.release)) == expected(V1), "the previous release is kept as it was"

    third = publish_dir.publish(v2, target, log=quiet)
    assert third.release is None and not third.changes
    assert publish_dir.releases(target) == [first.release, second.release]


def test_text_files_get_gzip_siblings_for_gzip_static(sites, target):
    publish_dir.publish(sites[0], target, log=quiet)
    tree = read_tree(target)
    for rel in ("index.html", "assets/stylesheets/main.57a0d79d.min.css"):
        assert gzip.decompress(tree[rel + ".gz"]) == tree[rel], rel
    assert tree["sitemap.xml.gz"] == V1["sitemap.xml.gz"], "the site's own .gz is published as it is"
    assert "assets/images/favicon.png.gz" not in tree
    assert "storage/s3/index.html.gz" not in tree, "compressing a tiny file would make it bigger"
    index = target / "index.html"
    assert os.stat(str(index) + ".gz").st_mtime == os.stat(index).st_mtime


def test_rollback_returns_to_the_previous_release(sites, target):
    v1, v2 = sites
    publish_dir.publish(v1, target, log=quiet)
    publish_dir.publish(v2, target, log=quiet)
    before = state(target.parent)
    publish_dir.rollback(target, dry_run=True, log=quiet)
    assert state(target.parent) == before
    publish_dir.rollback(target, log=quiet)
    assert originals(read_tree(target)) == expected(V1)
    with pytest.raises(publish_dir.DirError, match="oldest release kept"):
        publish_dir.rollback(target, log=quiet)
    publish_dir.publish(v2, target, log=quiet)
    assert originals(read_tree(target)) == expected(V2)


def test_old_releases_are_pruned_but_the_previous_one_is_kept(sites, target, tmp_path):
    for number in range(4):
        site = write_site(tmp_path / f"s{number}", {**V1, "index.html": f"<html>{number}</html>"})
        publish_dir.publish(site, target, keep=2, log=quiet)
    kept = publish_dir.releases(target)
    assert [publish_dir.release_number(r) for r in kept] == [3, 4]
    assert read_tree(kept[0])["index.html"] == b"<html>2</html>"


def test_dry_run_changes_nothing(sites, target):
    v1, v2 = sites
    publish_dir.publish(v1, target, dry_run=True, log=quiet)
    assert state(target.parent) == {}
    publish_dir.publish(v1, target, log=quiet)
    before = state(target.parent)
    said = []
    result = publish_dir.publish(v2, target, dry_run=True, log=said.append)
    assert state(target.parent) == before
    assert result.changes.changed == ("compute/ec2/index.html",)
    assert "  removed  storage/s3/index.html" in said and said[-1] == "Dry run: nothing was changed."


def test_a_plain_directory_is_adopted_as_a_release(sites, target):
    write_site(target, {"index.html": "<html>hand-made</html>"})
    result = publish_dir.publish(sites[0], target, log=quiet, adopt=True)
    assert target.is_symlink() and originals(read_tree(target)) == expected(V1)
    assert result.previous is not None and result.previous.name.startswith("adopted-")
    publish_dir.rollback(target, log=quiet)
    assert read_tree(target) == {"index.html": b"<html>hand-made</html>"}


def test_a_target_that_is_a_file_is_refused(sites, target):
    target.write_text("not a site")
    with pytest.raises(publish_dir.DirError, match="is not a directory"):
        publish_dir.publish(sites[0], target, log=quiet)


# -- Interrupted publishes -------------------------------------------------------------------

KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from awsnotes.publish import directory as publish_dir
    copied = 0

    def on_file(rel):
        global copied
        copied += 1
        if copied == int(sys.argv[4]):
            os.kill(os.getpid(), signal.SIGKILL)

    publish_dir.publish(Path(sys.argv[2]), Path(sys.argv[3]), log=lambda _: None, on_file=on_file)
""")


@pytest.mark.parametrize("kill_after", [1, 3, len(V2) - 1], ids=["first file", "midway", "last file"])
def test_a_publish_killed_while_copying_leaves_the_old_site(sites, target, kill_after):
    v1, v2 = sites
    publish_dir.publish(v1, target, log=quiet)
    old = read_tree(target)
    run = subprocess.run([sys.executable, "-c", KILLER, str(ROOT), str(v2), str(target), str(kill_after)],
                         capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert read_tree(target) == old
    assert list(publish_dir.releases_dir(target).glob("*.partial")), "the kill did not land mid-copy"

    publish_dir.publish(v2, target, log=quiet)
    assert originals(read_tree(target)) == expected(V2)
    assert not list(publish_dir.releases_dir(target).glob("*.partial")), "leftovers were not cleaned up"


def test_a_publish_killed_at_any_moment_leaves_old_or_new_never_a_mix(tmp_path, target):
    """Kill a real publish of a bigger site from outside, at several moments (the test above
    makes sure some kills land mid-copy; here the timing is the operating system's)."""
    old_files = {f"p{i:04d}/index.html": f"<html>old {i}</html>" for i in range(600)}
    new_files = {f"p{i:04d}/index.html": f"<html>new {i}</html>" for i in range(600)}
    old_files["index.html"] = new_files["index.html"] = "<html>home</html>"
    old_site, new_site = write_site(tmp_path / "old", old_files), write_site(tmp_path / "new", new_files)
    script = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
              "from awsnotes.publish import directory as publish_dir; "
              "publish_dir.publish(Path(sys.argv[2]), Path(sys.argv[3]), log=lambda _: None)")
    for delay in (0.0, 0.05, 0.1, 0.2, 0.4):
        publish_dir.publish(old_site, target, log=quiet)
        process = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(new_site), str(target)])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not list(publish_dir.releases_dir(target).glob("*.partial")):
            if process.poll() is not None:
                break
            time.sleep(0.002)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen = originals(read_tree(target))
        assert seen in (expected(old_files), expected(new_files)), f"a mix after a kill at +{delay} s"


# -- The whole command: build, every check, publish -------------------------------------------

@pytest.mark.build
def test_a_failing_check_leaves_the_old_site_untouched(tmp_path, sites, target):
    publish_dir.publish(sites[0], target, log=quiet)
    before = state(target.parent)
    project = copy_project(tmp_path / "project")
    page = project / "docs/reference/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[gone](../nowhere/page.md)\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "scripts/publish.py", "dir", str(target)], cwd=project,
                         capture_output=True, text=True)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output[-2000:]
    assert "reference/index.md" in output and "nothing was published" in output, output[-2000:]
    assert state(target.parent) == before


@pytest.mark.build
def test_the_command_builds_checks_and_publishes_the_real_site(tmp_path, target):
    run = subprocess.run([sys.executable, "scripts/publish.py", "dir", str(target)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert "Built " in run.stdout and "Published release 0001-" in run.stdout
    tree = read_tree(target)
    for rel in ("index.html", "404.html", "sitemap.xml", "search/search_index.json"):
        assert rel in tree, rel
    unknown = [rel for rel in tree if not http_policy.is_known(rel)]
    assert unknown == [], f"files with no Content-Type in http_policy.py: {unknown}"
    for rel, data in tree.items():
        if http_policy.is_compressible(rel) and len(data) > 1024:
            assert gzip.decompress(tree[rel + ".gz"]) == data, f"{rel} has no gzip sibling"
    long_lived = {rel for rel in tree if http_policy.cache_control(rel) == http_policy.IMMUTABLE}
    assert "assets/javascripts/vendor/mermaid-11.13.0.min.js" in long_lived
    assert any(rel.startswith("assets/javascripts/bundle.") for rel in long_lived)
    assert not any(rel.endswith(".html") for rel in long_lived)


def test_the_command_accepts_dry_run_after_the_target(tmp_path, sites, target, monkeypatch, capsys):
    monkeypatch.setattr(publish.build, "build", lambda site: shutil.copytree(sites[1], site) and 0)
    assert publish.main(["dir", str(target), "--dry-run"]) == 0
    assert not target.exists() and "Dry run: nothing was changed." in capsys.readouterr().out
    assert publish.main(["dir", str(target)]) == 0
    assert originals(read_tree(target)) == expected(V2)
    assert publish.main(["dir", str(target), "--rollback"]) == 1
    assert "nothing to roll back to" in capsys.readouterr().err
