#!/usr/bin/env python3
"""Publish AWS Notes: build and check the site, then publish it to one target.

From a fresh clone, with only Python 3:

    python3 scripts/publish.py dir /var/www/aws-notes           # a web server's document root
    python3 scripts/publish.py dir /var/www/aws-notes --rollback
    python3 scripts/publish.py gh-pages                         # gh-pages branch of `origin`
    python3 scripts/publish.py s3 --bucket my-notes --distribution-id E2EXAMPLE
    python3 scripts/publish.py s3 --bucket my-notes --dry-run   # print what would change

Every publish first runs the whole build (page checks, `mkdocs build
--strict`, built-site checks) into a temporary folder, and publishes nothing
if any of them fails. --dry-run builds, prints what would change and changes
nothing. Set SITE_URL to the address readers will use (canonical links and
the sitemap are built from it). S3 and CloudFront credentials come from the
standard AWS chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
~/.aws, an instance or container role), never from the repository. Run
`python3 scripts/publish.py TARGET --help` for a target's options.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from awsnotes import build
from awsnotes.publish import directory as publish_dir, ghpages as publish_ghpages, s3 as publish_s3

from awsnotes import ROOT

ERRORS = (publish_dir.DirError, publish_ghpages.GhPagesError, publish_s3.S3Error)


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name) or default


def make_parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    dry_run_help = "build and print what would change; change nothing"
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dry-run", action="store_true", default=argparse.SUPPRESS, help=dry_run_help)
    common.add_argument("--downloads", action="store_true",
                        help="also publish the offline copy (zip) and the book (PDF), linked from the home page")
    targets = parser.add_subparsers(dest="target", required=True, metavar="TARGET")

    folder = targets.add_parser("dir", parents=[common], formatter_class=raw,
                                help="a directory, such as a web server's document root",
                                description=publish_dir.__doc__)
    folder.add_argument("path", metavar="PATH", help="the published path (becomes a link to the release)")
    folder.add_argument("--keep", type=int, default=env("PUBLISH_DIR_KEEP", "3"),
                        help="releases to keep, at least 2 (default: 3, or PUBLISH_DIR_KEEP)")
    folder.add_argument("--rollback", action="store_true",
                        help="point PATH back at the previous release (no build)")

    pages = targets.add_parser("gh-pages", parents=[common], formatter_class=raw,
                               help="the gh-pages branch of a git remote (GitHub Pages)",
                               description=publish_ghpages.__doc__)
    pages.add_argument("--remote", default=env("PUBLISH_GH_PAGES_REMOTE", "origin"),
                       help="remote name of this repository, URL or path "
                            "(default: origin, or PUBLISH_GH_PAGES_REMOTE)")
    pages.add_argument("--branch", default=env("PUBLISH_GH_PAGES_BRANCH", "gh-pages"),
                       help="branch to commit the site to (default: gh-pages, or PUBLISH_GH_PAGES_BRANCH)")
    pages.add_argument("--message", help="commit message (default: names the source commit)")

    bucket = targets.add_parser("s3", parents=[common], formatter_class=raw,
                                help="an S3 bucket, optionally behind CloudFront",
                                description=publish_s3.__doc__)
    bucket.add_argument("--bucket", default=env("PUBLISH_S3_BUCKET"),
                        help="bucket name (or PUBLISH_S3_BUCKET); required")
    bucket.add_argument("--prefix", default=env("PUBLISH_S3_PREFIX", ""),
                        help="key prefix for the site, e.g. notes/ (default: the bucket root, or PUBLISH_S3_PREFIX)")
    bucket.add_argument("--region", default=env("PUBLISH_S3_REGION"),
                        help="bucket region (or PUBLISH_S3_REGION; default: AWS_REGION or the profile's)")
    bucket.add_argument("--endpoint-url", default=env("PUBLISH_S3_ENDPOINT_URL"),
                        help="S3-compatible endpoint (or PUBLISH_S3_ENDPOINT_URL; default: AWS's, "
                             "or AWS_ENDPOINT_URL_S3)")
    bucket.add_argument("--distribution-id", default=env("PUBLISH_CLOUDFRONT_DISTRIBUTION_ID"),
                        help="CloudFront distribution to invalidate changed paths on "
                             "(or PUBLISH_CLOUDFRONT_DISTRIBUTION_ID)")
    bucket.add_argument("--force", action="store_true",
                        help="upload every file, changed or not (after changing content types or caching)")
    return parser


def source_description(project: Path = ROOT) -> str:
    """`commit abc1234` (plus a note when there are uncommitted changes), for commit messages."""
    def git(*args: str) -> str:
        found = subprocess.run(["git", "--no-optional-locks", *args], cwd=project,
                               capture_output=True, text=True)
        return found.stdout.strip() if found.returncode == 0 else ""
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "a working copy outside git"
    return f"commit {commit}" + (" with uncommitted changes" if git("status", "--porcelain") else "")


def publish(args: argparse.Namespace, site: Path, prepared: dict) -> None:
    """Publish the built `site` to the target the arguments name."""
    if args.target == "dir":
        publish_dir.publish(site, Path(args.path), keep=args.keep, dry_run=args.dry_run)
    elif args.target == "gh-pages":
        message = args.message or f"Publish AWS Notes from {source_description()}"
        publish_ghpages.publish(site, prepared["remote"], args.branch, message, dry_run=args.dry_run,
                                author=publish_ghpages.identity(ROOT))
    else:
        publish_s3.publish(site, args.bucket, prepared["s3"], args.prefix, prepared["cloudfront"],
                           args.distribution_id, dry_run=args.dry_run, force=args.force)


def prepare(args: argparse.Namespace) -> dict:
    """Check the target before spending time on a build: the directory's parent exists, the
    git remote is known, the bucket is reachable with these credentials."""
    if args.target == "dir":
        publish_dir.check_target(Path(os.path.abspath(args.path)))
        return {}
    if args.target == "gh-pages":
        return {"remote": publish_ghpages.resolve_remote(args.remote, ROOT)}
    s3, cloudfront = publish_s3.clients(args.region, args.endpoint_url)
    publish_s3.check_bucket(s3, args.bucket, args.prefix)
    return {"s3": s3, "cloudfront": cloudfront}


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.target == "s3" and not args.bucket:
        parser.error("s3 needs a bucket: pass --bucket NAME or set PUBLISH_S3_BUCKET")
    try:
        if args.target == "dir" and args.rollback:
            publish_dir.rollback(Path(args.path), dry_run=args.dry_run)
            return 0
        prepared = prepare(args)
        with tempfile.TemporaryDirectory(prefix="aws-notes-publish-") as work:
            site = Path(work) / "site"
            if build.build(site) != 0 or (args.downloads and build.add_downloads(site) != 0):
                print("Publish stopped: the build or one of its checks failed (see above); "
                      "nothing was published.", file=sys.stderr)
                return 1
            publish(args, site, prepared)
    except ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
