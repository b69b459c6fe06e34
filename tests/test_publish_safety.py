"""Publishing never ships a broken diagram, never destroys what it did not publish."""

from __future__ import annotations

import shutil
from pathlib import Path

from awsnotes import diagrams
from awsnotes.publish import cli as publish
from tests.support import write_site

BROKEN = ('<html><article><h1>SQS</h1><pre class="mermaid" data-diagram="0123456789abcdef0123" '
          'data-search-exclude><code>flowchart LR\n  A --&gt; B --</code></pre></article></html>')


def test_a_diagram_without_its_svg_is_named_with_its_page(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": "<html><article>home</article></html>",
                                          "messaging/sqs/index.html": BROKEN})
    found = diagrams.unrendered(site)
    assert [(d.url, d.key, d.first_line) for d in found] == [
        ("/messaging/sqs/", "0123456789abcdef0123", "flowchart LR")]
    assert "run `python3 scripts/render_diagrams.py`" in str(found[0])


def test_publish_refuses_a_site_with_an_unrendered_diagram(tmp_path, monkeypatch, capsys):
    site = write_site(tmp_path / "built", {"index.html": "<html><article>home</article></html>",
                                           "messaging/sqs/index.html": BROKEN})
    monkeypatch.setattr(publish.build, "build", lambda target: shutil.copytree(site, target) and 0)
    target = tmp_path / "www"
    assert publish.main(["dir", str(target)]) == 1
    err = capsys.readouterr().err
    assert "/messaging/sqs/: diagram 0123456789abcdef0123 ('flowchart LR') has no prerendered SVG" in err
    assert "nothing was published" in err
    assert not target.exists()


def test_a_stored_mermaid_error_drawing_is_never_used(tmp_path):
    error = ('<svg id="x" aria-roledescription="error" viewBox="0 0 2412 512"><g><text>'
             'Syntax error in text</text></g></svg>')
    (tmp_path / "abc.svg").write_text(error, encoding="utf-8")
    (tmp_path / "def.svg").write_text('<svg aria-roledescription="flowchart-v2"></svg>', encoding="utf-8")
    assert diagrams.is_error_svg(error)
    assert diagrams.load("abc", tmp_path) is None
    assert diagrams.load("def", tmp_path) is not None


# -- The directory target: history, adoption, kills, a full disk -------------------------------

import errno  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from awsnotes.publish import directory as publish_dir  # noqa: E402
from tests.test_publish_dir import V1, V2, expected, originals, quiet, read_tree, state  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HAND_MADE = {"index.html": "<html>hand-made</html>", "important.txt": "keep me"}
STEP_KILLER = """
import os, signal, sys
from pathlib import Path
from awsnotes.publish import directory as publish_dir

def on_step(name):
    if name == sys.argv[4]:
        os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[1] == "rollback":
    publish_dir.rollback(Path(sys.argv[3]), log=lambda _: None, on_step=on_step)
else:
    publish_dir.publish(Path(sys.argv[2]), Path(sys.argv[3]), log=lambda _: None, adopt=True, on_step=on_step)
"""
PUBLISH_STEPS = ["copied", "renamed", "linked", "switched", "recorded"]
ADOPT_STEPS = ["copied", "renamed", "linked", "exchanged", "adopted", "switched", "recorded"]


def killed_at(action: str, site: Path, target: Path, step: str) -> None:
    run = subprocess.run([sys.executable, "-c", STEP_KILLER, action, str(site), str(target), step],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == -signal.SIGKILL, f"step {step!r} never came: {run.stderr[-2000:]}"


def numbered(tmp_path, number: int) -> Path:
    return write_site(tmp_path / f"v{number}", {**V1, "index.html": f"<html>version {number}</html>"})


def live_index(target: Path) -> bytes:
    return (target / "index.html").read_bytes()


@pytest.fixture
def target(tmp_path) -> Path:
    (tmp_path / "www").mkdir()
    return tmp_path / "www" / "notes"


def test_rollback_returns_to_what_was_live_before_the_last_publish(tmp_path, target):
    for number in (1, 2):
        publish_dir.publish(numbered(tmp_path, number), target, log=quiet)
    publish_dir.rollback(target, log=quiet)
    assert live_index(target) == b"<html>version 1</html>"
    publish_dir.publish(numbered(tmp_path, 3), target, log=quiet)
    publish_dir.rollback(target, log=quiet)
    assert live_index(target) == b"<html>version 1</html>", "rolled back to the release rolled back from"


def test_a_release_that_never_went_live_is_never_a_rollback_target(tmp_path, target):
    for number in (1, 2):
        publish_dir.publish(numbered(tmp_path, number), target, log=quiet)
    killed_at("publish", numbered(tmp_path, 3), target, "renamed")  # complete, but never linked
    assert live_index(target) == b"<html>version 2</html>"
    publish_dir.publish(numbered(tmp_path, 4), target, log=quiet)
    publish_dir.rollback(target, log=quiet)
    assert live_index(target) == b"<html>version 2</html>"
    publish_dir.rollback(target, log=quiet)
    assert live_index(target) == b"<html>version 1</html>"
    assert not any(b"version 3" in (r / "index.html").read_bytes() for r in publish_dir.releases(target)), \
        "the never-live release was not pruned"


@pytest.mark.parametrize("step", PUBLISH_STEPS)
def test_a_publish_killed_at_each_step_recovers(tmp_path, target, step):
    for number in (1, 2):
        publish_dir.publish(numbered(tmp_path, number), target, log=quiet)
    killed_at("publish", numbered(tmp_path, 3), target, step)
    assert live_index(target) in (b"<html>version 2</html>", b"<html>version 3</html>")
    publish_dir.publish(numbered(tmp_path, 4), target, log=quiet)
    assert live_index(target) == b"<html>version 4</html>"
    publish_dir.rollback(target, log=quiet)
    went_live = step in ("switched", "recorded")
    assert live_index(target) == (b"<html>version 3</html>" if went_live else b"<html>version 2</html>")


@pytest.mark.parametrize("step", ["linked", "switched", "recorded"])
def test_a_rollback_killed_at_each_step_recovers(tmp_path, target, step):
    for number in (1, 2, 3):
        publish_dir.publish(numbered(tmp_path, number), target, log=quiet)
    killed_at("rollback", tmp_path, target, step)
    rolled = live_index(target) == b"<html>version 2</html>"
    assert rolled or live_index(target) == b"<html>version 3</html>"
    publish_dir.rollback(target, log=quiet)
    assert live_index(target) == (b"<html>version 1</html>" if rolled else b"<html>version 2</html>")


def test_a_directory_it_did_not_create_is_refused_without_adopt(tmp_path, target, monkeypatch, capsys):
    write_site(target, HAND_MADE)
    before = state(target.parent)
    with pytest.raises(publish_dir.DirError, match="pass --adopt"):
        publish_dir.publish(numbered(tmp_path, 1), target, log=quiet)
    monkeypatch.setattr(publish.build, "build", lambda site: pytest.fail("built before refusing"))
    assert publish.main(["dir", str(target)]) == 1
    assert "pass --adopt" in capsys.readouterr().err
    assert state(target.parent) == before


def test_an_empty_directory_is_simply_replaced(tmp_path, target):
    target.mkdir()
    publish_dir.publish(numbered(tmp_path, 1), target, log=quiet)
    assert target.is_symlink() and live_index(target) == b"<html>version 1</html>"


def test_an_adopted_directory_is_never_deleted(tmp_path, target):
    write_site(target, HAND_MADE)
    publish_dir.publish(numbered(tmp_path, 1), target, log=quiet, adopt=True)
    for number in range(2, 7):
        publish_dir.publish(numbered(tmp_path, number), target, keep=2, log=quiet)
    adopted = [p for p in publish_dir.releases_dir(target).iterdir() if p.name.startswith("adopted-")]
    assert len(adopted) == 1 and (adopted[0] / "important.txt").read_text() == "keep me"
    assert len(publish_dir.releases(target)) == 2


@pytest.mark.parametrize("step", ADOPT_STEPS)
def test_a_first_publish_over_a_plain_directory_killed_at_each_step_recovers(tmp_path, target, step):
    write_site(target, HAND_MADE)
    killed_at("publish", numbered(tmp_path, 1), target, step)
    seen = read_tree(target)
    assert seen == expected(HAND_MADE) or originals(seen) == expected({**V1, "index.html": "<html>version 1</html>"}) \
        or (step in ("exchanged",) and not target.exists()), f"a mix after a kill at {step}"
    publish_dir.publish(numbered(tmp_path, 2), target, log=quiet)  # no --adopt needed to finish
    assert live_index(target) == b"<html>version 2</html>"
    while True:  # roll all the way back: the hand-made site is there, whole
        try:
            publish_dir.rollback(target, log=quiet)
        except publish_dir.DirError:
            break
    assert read_tree(target) == expected(HAND_MADE)


def test_a_full_disk_is_one_line_and_leaves_no_partial_release(tmp_path, target, monkeypatch, capsys):
    publish_dir.publish(numbered(tmp_path, 1), target, log=quiet)
    before = state(target.parent)
    real_write, calls = publish_dir._write, []

    def fill_up(path, data, like):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, data, like)

    monkeypatch.setattr(publish_dir, "_write", fill_up)
    with pytest.raises(publish_dir.DirError) as caught:
        publish_dir.publish(numbered(tmp_path, 2), target, log=quiet)
    message = str(caught.value)
    assert "\n" not in message and "disk is full" in message and "partial copy was removed" in message
    assert not list(publish_dir.releases_dir(target).glob("*.partial"))
    assert state(target.parent) == before
    monkeypatch.setattr(publish.build, "build", lambda site: shutil.copytree(numbered(tmp_path, 3), site) and 0)
    calls.clear()
    assert publish.main(["dir", str(target)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error: " in err and "disk is full" in err
    assert live_index(target) == b"<html>version 1</html>"


def test_a_link_to_another_site_is_refused_then_adopted_leaving_it_alone(tmp_path, target):
    other = write_site(tmp_path / "www" / "other-site", {"index.html": "<html>other</html>"})
    target.symlink_to("other-site")
    with pytest.raises(publish_dir.DirError, match="not to a release of this publisher"):
        publish_dir.publish(numbered(tmp_path, 1), target, log=quiet)
    assert os.readlink(target) == "other-site"
    said = []
    publish_dir.publish(numbered(tmp_path, 1), target, log=said.append, adopt=True)
    assert any(line.startswith("warning:") and "other-site" in line for line in said)
    assert live_index(target) == b"<html>version 1</html>"
    assert read_tree(other) == {"index.html": b"<html>other</html>"}


def test_a_releases_folder_it_did_not_make_is_refused(tmp_path, target):
    write_site(publish_dir.releases_dir(target), {"0001-20240101T000000Z/keep.txt": "someone else's"})
    with pytest.raises(publish_dir.DirError, match="did not make"):
        publish_dir.publish(numbered(tmp_path, 1), target, log=quiet)
    assert (publish_dir.releases_dir(target) / "0001-20240101T000000Z" / "keep.txt").is_file()
