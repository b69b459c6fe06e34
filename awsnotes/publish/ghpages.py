"""Publish a built site to the `gh-pages` branch of a git remote, as `mkdocs gh-deploy` does.

The commit is made in a throwaway repository, never in the project's own:
fetch the branch's current tip (if any), make one commit whose tree is
exactly the site plus an empty `.nojekyll` (so GitHub Pages serves folders
that start with `_`), and push it as a fast-forward. No history is
rewritten, so every earlier version stays on the branch for rollback.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from awsnotes.publish.directory import Changes

Log = Callable[[str], None]
DEFAULT_IDENTITY = ("AWS Notes publisher", "publisher@localhost")


class GhPagesError(Exception):
    """A gh-pages publish could not go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class GhPagesResult:
    changes: Changes
    commit: str | None  # the commit pushed (None for a dry run or no change)
    parent: str | None  # the branch's previous tip (None for a new branch)


def secrets(remote: str) -> list[str]:
    """The credentials a remote URL carries: a password, or a user name alone (a token used
    as `https://TOKEN@host/`), and every query-string value (`?access_token=...`)."""
    parts = urlsplit(remote)
    if not parts.scheme or "://" not in remote:
        return []
    found = []
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if userinfo:
        user, colon, password = userinfo.partition(":")
        found.append(password if colon else user)
    found += [value for _, value in parse_qsl(parts.query, keep_blank_values=False)]
    found += [part.partition("=")[2] for part in parts.query.split("&") if "=" in part]  # raw, as typed
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def redact(remote: str) -> str:
    """`remote` without any password or token it carries, in the user info
    (`https://user:token@host/...`) or the query string (`?token=...`)."""
    parts = urlsplit(remote)
    if not parts.scheme or "://" not in remote:
        return remote
    netloc = "***@" + parts.netloc.rsplit("@", 1)[1] if "@" in parts.netloc else parts.netloc
    query = "&".join(f"{part.partition('=')[0]}=***" if "=" in part else part
                     for part in parts.query.split("&")) if parts.query else ""
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def scrub(text: str, remote: str) -> str:
    """git's output with every password or token of the remote's URL masked."""
    for secret in secrets(remote):
        text = text.replace(secret, "***")
    return text


def check_names(remote: str, branch: str) -> None:
    """Refuse a remote or branch that git would read as an option (`--upload-pack=...`),
    and a branch name git does not allow."""
    for what, value in (("remote", remote), ("branch", branch)):
        if not value or value.startswith("-"):
            raise GhPagesError(f"--{what} {value!r}: a {what} may not be empty or start with '-' "
                               "(git would read it as an option); pass a remote name, URL or path")
    valid = subprocess.run(["git", "check-ref-format", "--branch", branch], capture_output=True, text=True)
    if valid.returncode != 0 or branch == "HEAD":
        raise GhPagesError(f"--branch {branch!r}: not a valid git branch name")


def source_branch(project: Path) -> str | None:
    """The branch the project's own checkout is on (None when detached or not in git)."""
    found = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=project,
                           capture_output=True, text=True)
    return found.stdout.strip() or None if found.returncode == 0 else None


def project_remotes(project: Path) -> set[str]:
    """The URLs of the project's own remotes, and the project itself (as a path)."""
    found = subprocess.run(["git", "remote", "-v"], cwd=project, capture_output=True, text=True)
    urls = {line.split()[1] for line in found.stdout.splitlines() if len(line.split()) >= 2}
    return urls | {str(project.resolve())}


def check_not_source(remote: str, branch: str, project: Path) -> None:
    """Refuse to commit the built site over the branch the source itself is on."""
    here = source_branch(project)
    if here and branch == here and remote in project_remotes(project):
        raise GhPagesError(f"--branch {branch}: that is the branch this source is on; publishing "
                           "would replace the project's files with the built site. Use gh-pages "
                           "(the default) or another branch that holds only the site")


def resolve_remote(remote: str, project: Path) -> str:
    """A remote's URL: a remote name of the project's repository (e.g. `origin`) is looked
    up; an existing local path is made absolute; anything else is taken as a URL. A remote
    that starts with `-` is refused."""
    if not remote or remote.startswith("-"):
        check_names(remote, "gh-pages")
    if re.fullmatch(r"[A-Za-z0-9._-]+", remote) and not Path(remote).exists():
        found = subprocess.run(["git", "remote", "get-url", remote], cwd=project,
                               capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
        raise GhPagesError(f"{project}: no git remote named '{remote}'; "
                           "pass the repository's URL with --remote URL")
    if Path(remote).exists():
        return str(Path(remote).resolve())
    return remote


def identity(project: Path) -> tuple[str, str]:
    """Author of the gh-pages commit: the project's git user, else a neutral default."""
    def get(key: str) -> str:
        found = subprocess.run(["git", "config", "--get", key], cwd=project,
                               capture_output=True, text=True)
        return found.stdout.strip() if found.returncode == 0 else ""
    return get("user.name") or DEFAULT_IDENTITY[0], get("user.email") or DEFAULT_IDENTITY[1]


class Git:
    """git commands against one throwaway bare repository, untouched by the caller's config
    for line endings and ignored files."""

    def __init__(self, git_dir: Path, index: Path, author: tuple[str, str]):
        name, email = author
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
                    "GIT_DIR": str(git_dir), "GIT_INDEX_FILE": str(index), "GIT_TERMINAL_PROMPT": "0",
                    "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                    "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        self.remote = ""  # masked in error messages

    def run(self, *args: str, stdin: str | None = None, check: bool = True,
            work_tree: Path | None = None) -> subprocess.CompletedProcess:
        command = ["git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.bare=false"]
        if work_tree:
            command += ["--work-tree", str(work_tree)]
        result = subprocess.run([*command, *args], env=self.env, input=stdin, capture_output=True,
                                text=True, cwd=work_tree)
        if check and result.returncode != 0:
            raise GhPagesError(f"git {args[0]} failed: {self.scrub(result.stderr.strip())}")
        return result

    def scrub(self, text: str) -> str:
        return scrub(text, self.remote) if self.remote else text

    def out(self, *args: str, stdin: str | None = None) -> str:
        return self.run(*args, stdin=stdin).stdout.strip()


def remote_tip(git: Git, remote: str, branch: str) -> str | None:
    """Fetch `branch` from `remote`; its tip commit, or None when the branch does not exist."""
    listed = git.run("ls-remote", "--heads", "--", remote, f"refs/heads/{branch}", check=False)
    if listed.returncode != 0:
        raise GhPagesError(f"cannot read the git remote {redact(remote)}:\n"
                           f"{indent(scrub(listed.stderr, remote))}\n"
                           "Check the URL and that these credentials can read the repository.")
    if not listed.stdout.strip():
        return None
    git.run("fetch", "--quiet", "--depth=1", "--no-tags", "--", remote,
            f"+refs/heads/{branch}:refs/remotes/publish/{branch}")
    return git.out("rev-parse", f"refs/remotes/publish/{branch}")


def site_tree(git: Git, site: Path) -> str:
    """Write the site, plus `.nojekyll`, as a git tree object; its id."""
    git.run("add", "--all", "--force", ".", work_tree=site)
    if not (site / ".nojekyll").exists():
        blob = git.out("hash-object", "-w", "--stdin", stdin="")
        git.run("update-index", "--add", "--cacheinfo", f"100644,{blob},.nojekyll")
    return git.out("write-tree")


def tree_changes(git: Git, old_tree: str | None, new_tree: str) -> Changes:
    """What the new tree adds, changes and removes compared with the old one."""
    total = len(git.out("ls-tree", "-r", "--name-only", new_tree).splitlines())
    if old_tree is None:
        return Changes(new=tuple(git.out("ls-tree", "-r", "--name-only", new_tree).splitlines()))
    status: dict[str, list[str]] = {"A": [], "M": [], "D": []}
    for line in git.out("diff-tree", "-r", "--no-renames", "--name-status", old_tree, new_tree).splitlines():
        kind, path = line.split("\t", 1)
        status.setdefault(kind[0], []).append(path)
    changed = status["M"] + status.get("T", [])
    return Changes(new=tuple(status["A"]), changed=tuple(changed), removed=tuple(status["D"]),
                   unchanged=total - len(status["A"]) - len(changed))


def indent(text: str) -> str:
    """git's output, indented, without blank lines or porcelain's closing "Done"."""
    lines = (line.rstrip() for line in text.splitlines())
    return "\n".join("  " + line for line in lines if line and line != "Done")


def publish(site: Path, remote: str, branch: str = "gh-pages", message: str = "Publish the site",
            dry_run: bool = False, author: tuple[str, str] = DEFAULT_IDENTITY,
            log: Log = print) -> GhPagesResult:
    """Commit `site` to `branch` of the git `remote` (a URL or path) and push it."""
    if not (site / "index.html").is_file():
        raise GhPagesError(f"{site}: no index.html; this is not a built site")
    check_names(remote, branch)
    shown = redact(remote)
    with tempfile.TemporaryDirectory(prefix="aws-notes-gh-pages-") as work:
        git = Git(Path(work) / "repo.git", Path(work) / "index", author)
        git.run("init", "--quiet", "--bare")
        git.remote = remote
        parent = remote_tip(git, remote, branch)
        tree = site_tree(git, site)
        old_tree = git.out("rev-parse", f"{parent}^{{tree}}") if parent else None
        changes = tree_changes(git, old_tree, tree)
        verb = "Would publish" if dry_run else "Publishing"
        log(f"{verb} to branch {branch} of {shown}: {changes.summary()}")
        for line in changes.lines():
            log(line)
        if old_tree == tree:
            log(f"Branch {branch} already holds this site; nothing to do.")
            return GhPagesResult(changes, None, parent)
        if dry_run:
            log("Dry run: nothing was changed.")
            return GhPagesResult(changes, None, parent)
        commit = git.out("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
        pushed = git.run("push", "--porcelain", "--", remote, f"{commit}:refs/heads/{branch}", check=False)
        if pushed.returncode != 0:
            raise GhPagesError(
                f"the git remote {shown} rejected the push to branch {branch}; nothing was published.\n"
                f"{indent(scrub(pushed.stderr + pushed.stdout, remote))}\n"
                "Check that these credentials may push to that branch (in GitHub Actions the "
                "workflow needs `permissions: contents: write`), that no branch protection rule "
                "or server hook refuses it, and, if someone else published meanwhile, run again.")
    log(f"Published commit {commit[:12]} to branch {branch} of {shown}.")
    return GhPagesResult(changes, commit, parent)
