"""The GitHub Pages target, against local bare git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from awsnotes.publish import cli as publish, ghpages as publish_ghpages

ROOT = Path(__file__).resolve().parent.parent

V1 = {"index.html": "<html>home</html>", "compute/ec2/index.html": "<html>EC2</html>",
      "storage/s3/index.html": "<html>S3</html>", "assets/stylesheets/site.css": "body{}"}
V2 = {**{k: v for k, v in V1.items() if k != "storage/s3/index.html"},
      "compute/ec2/index.html": "<html>EC2, corrected</html>", "networking/vpc/index.html": "<html>VPC</html>"}
IDENTITY = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@localhost",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@localhost"}


def write_site(root: Path, files: dict[str, str]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content)
    return root


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, **IDENTITY}
    return subprocess.run(["git", "--git-dir", str(repo), *args], env=env, input=stdin,
                          capture_output=True, text=True, check=True).stdout.strip()


def branch_files(repo: Path, branch: str = "gh-pages") -> dict[str, str]:
    names = git(repo, "ls-tree", "-r", "--name-only", branch).splitlines()
    return {name: git(repo, "show", f"{branch}:{name}") for name in names}


def quiet(_: str) -> None:
    pass


@pytest.fixture
def remote(tmp_path) -> Path:
    """A bare repository that already has a `main` branch, as a real project would."""
    repo = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    tree = git(repo, "mktree", stdin="")
    git(repo, "update-ref", "refs/heads/main", git(repo, "commit-tree", tree, "-m", "Project"))
    return repo


@pytest.fixture
def sites(tmp_path):
    return write_site(tmp_path / "v1", V1), write_site(tmp_path / "v2", V2)


def test_the_gh_pages_branch_holds_the_site_and_its_history(remote, sites):
    v1, v2 = sites
    main_before = git(remote, "rev-parse", "main")
    first = publish_ghpages.publish(v1, str(remote), log=quiet)
    assert branch_files(remote) == {**V1, ".nojekyll": ""}
    assert first.parent is None and git(remote, "rev-parse", "gh-pages") == first.commit

    second = publish_ghpages.publish(v2, str(remote), message="Publish v2", log=quiet)
    assert branch_files(remote) == {**V2, ".nojekyll": ""}
    assert second.changes.new == ("networking/vpc/index.html",)
    assert second.changes.changed == ("compute/ec2/index.html",)
    assert second.changes.removed == ("storage/s3/index.html",)
    assert git(remote, "rev-parse", "gh-pages^") == first.commit, "history is kept for rollback"
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == "Publish v2"

    third = publish_ghpages.publish(v2, str(remote), log=quiet)
    assert third.commit is None and git(remote, "rev-parse", "gh-pages") == second.commit
    assert git(remote, "rev-parse", "main") == main_before, "other branches are untouched"


def test_dry_run_changes_nothing(remote, sites):
    v1, v2 = sites
    said = []
    publish_ghpages.publish(v1, str(remote), dry_run=True, log=said.append)
    assert git(remote, "for-each-ref", "--format=%(refname)") == "refs/heads/main"
    assert "  new      index.html" in said and said[-1] == "Dry run: nothing was changed."
    first = publish_ghpages.publish(v1, str(remote), log=quiet)
    result = publish_ghpages.publish(v2, str(remote), dry_run=True, log=quiet)
    assert result.commit is None and result.changes.changed == ("compute/ec2/index.html",)
    assert git(remote, "rev-parse", "gh-pages") == first.commit


def test_a_rejecting_remote_gives_a_clear_message(remote, sites):
    first = publish_ghpages.publish(sites[0], str(remote), log=quiet)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'publishing is frozen for the exam week' >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(publish_ghpages.GhPagesError) as caught:
        publish_ghpages.publish(sites[1], str(remote), log=quiet)
    message = str(caught.value)
    assert f"the git remote {remote} rejected the push to branch gh-pages; nothing was published" in message
    assert "publishing is frozen for the exam week" in message
    assert "contents: write" in message
    assert git(remote, "rev-parse", "gh-pages") == first.commit


def test_an_unreadable_remote_gives_a_clear_message(tmp_path, sites):
    with pytest.raises(publish_ghpages.GhPagesError, match="cannot read the git remote .*nowhere.git"):
        publish_ghpages.publish(sites[0], str(tmp_path / "nowhere.git"), log=quiet)


def test_remote_names_are_looked_up_and_tokens_never_shown(tmp_path):
    project = tmp_path / "project"
    subprocess.run(["git", "init", "--quiet", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "remote", "add", "origin", "https://example.org/notes.git"],
                   check=True)
    assert publish_ghpages.resolve_remote("origin", project) == "https://example.org/notes.git"
    with pytest.raises(publish_ghpages.GhPagesError, match="no git remote named 'upstream'"):
        publish_ghpages.resolve_remote("upstream", project)
    assert publish_ghpages.redact("https://x-access-token:s3cret@github.com/o/r.git") == \
        "https://***@github.com/o/r.git"
    assert publish_ghpages.redact("git@github.com:o/r.git") == "git@github.com:o/r.git"
    assert publish_ghpages.scrub("fatal: 'https://x:s3cret@h/r' failed", "https://x:s3cret@h/r") == \
        "fatal: 'https://x:***@h/r' failed"


def test_the_command_publishes_to_the_gh_pages_branch(remote, sites, monkeypatch, capsys):
    monkeypatch.setattr(publish.build, "build", lambda site: shutil.copytree(sites[0], site) and 0)
    monkeypatch.setenv("PUBLISH_GH_PAGES_REMOTE", str(remote))
    assert publish.main(["gh-pages", "--branch", "site"]) == 0
    assert branch_files(remote, "site") == {**V1, ".nojekyll": ""}
    assert git(remote, "log", "-1", "--format=%s", "site").startswith("Publish AWS Notes from ")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    monkeypatch.setattr(publish.build, "build", lambda site: shutil.copytree(sites[1], site) and 0)
    assert publish.main(["gh-pages", "--branch", "site"]) == 1
    assert "rejected the push to branch site" in capsys.readouterr().err


@pytest.mark.parametrize("remote, branch", [("--upload-pack=touch PWNED;", "gh-pages"),
                                            ("-oProxyCommand=touch PWNED", "gh-pages"),
                                            ("REMOTE", "--upload-pack=touch PWNED;"),
                                            ("REMOTE", "-b")])
def test_options_disguised_as_a_remote_or_branch_are_refused(remote, branch, remote_repo_path, sites,
                                                              tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    remote = remote.replace("REMOTE", str(remote_repo_path))
    with pytest.raises(publish_ghpages.GhPagesError, match="may not be empty or start with '-'"):
        publish_ghpages.publish(sites[0], remote, branch, log=quiet)
    monkeypatch.setattr(publish.build, "build", lambda site: shutil.copytree(sites[0], site) and 0)
    assert publish.main(["gh-pages", f"--remote={remote}", f"--branch={branch}"]) == 1
    assert "start with '-'" in capsys.readouterr().err
    assert not (tmp_path / "PWNED").exists() and not (ROOT / "PWNED").exists()


@pytest.fixture
def remote_repo_path(remote) -> Path:
    return remote


def test_the_branch_the_source_is_on_is_refused(tmp_path, remote, sites, monkeypatch, capsys):
    project = tmp_path / "project"
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "remote", "add", "origin", str(remote)], check=True)
    with pytest.raises(publish_ghpages.GhPagesError, match="the branch this source is on"):
        publish_ghpages.check_not_source(str(remote), "main", project)
    publish_ghpages.check_not_source(str(remote), "gh-pages", project)  # the usual case
    publish_ghpages.check_not_source("https://example.org/other.git", "main", project)  # another repo
    # The command refuses it for this project too, before building anything.
    here = publish_ghpages.source_branch(ROOT)
    if here:
        monkeypatch.setattr(publish.build, "build", lambda site: pytest.fail("built"))
        assert publish.main(["gh-pages", "--remote", str(ROOT), "--branch", here]) == 1
        assert "the branch this source is on" in capsys.readouterr().err
    assert git(remote, "rev-parse", "main")  # untouched


@pytest.mark.parametrize("url, secret", [
    ("https://x-access-token:s3cret-tok@example.invalid/o/r.git", "s3cret-tok"),
    ("https://ghp_abcdef123456@example.invalid/o/r.git", "ghp_abcdef123456"),
    ("https://example.invalid/o/r.git?access_token=s3cret-tok&x=1", "s3cret-tok"),
    ("https://example.invalid/o/r.git?token=a%2Fb%3D", "a%2Fb%3D"),
])
def test_tokens_are_masked_anywhere_in_the_url(url, secret, sites):
    assert secret not in publish_ghpages.redact(url)
    assert "example.invalid/o/r.git" in publish_ghpages.redact(url)
    assert secret not in publish_ghpages.scrub(f"fatal: unable to access '{url}': nope", url)
    with pytest.raises(publish_ghpages.GhPagesError) as caught:
        publish_ghpages.publish(sites[0], url, log=quiet)
    assert secret not in str(caught.value) and "***" in str(caught.value)
