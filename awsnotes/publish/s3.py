"""Publish a built site to an S3 bucket, optionally behind CloudFront, uploading only what changed.

Each file becomes one object under the prefix, with its Content-Type and
Cache-Control (see http_policy.py). Text files are stored gzipped with
`Content-Encoding: gzip`, so every reader gets them compressed whether or
not CloudFront compresses. Objects are compared by MD5 checksum (the ETag
that S3 lists for single-part uploads) and only new or changed files are
uploaded: assets first, then pages, then the search index and sitemap that
point at pages. Objects the new build no longer has are deleted only after
every upload has succeeded, and only when this site published them: a
manifest object (`<prefix>.aws-notes-manifest.json`) lists every key the
site published, so a bucket shared with other files (`backups/db.sql`) keeps
them; `--delete-unlisted` deletes everything under the prefix that the site
does not have (once, to clean up after a publisher without a manifest).
Optionally one CloudFront invalidation covers the changed and deleted paths.

Credentials come from the standard AWS chain (environment, shared config and
credentials files, SSO, instance or container role), never from the repository.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from awsnotes import ROOT
from awsnotes.http_policy import cache_control, content_type, gzip_bytes, is_compressible
from awsnotes.publish.directory import Changes

Log = Callable[[str], None]
WORKERS = 8
MAX_INVALIDATION_PATHS = 100  # beyond this, one wildcard path (billed as one path) is cheaper
DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys
POLICY_FILE = "deploy/iam-publisher-policy.json"  # the least privilege this publisher needs
MANIFEST = ".aws-notes-manifest.json"  # under the prefix: the keys this site published


class S3Error(Exception):
    """An S3 or CloudFront publish could not go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class LocalObject:
    """One file of the site as it will be stored: key, body (gzipped for text) and headers."""

    key: str
    path: str  # site-relative
    body: bytes
    md5: str
    content_type: str
    cache_control: str
    content_encoding: str | None

    def put_arguments(self, bucket: str) -> dict:
        arguments = {"Bucket": bucket, "Key": self.key, "Body": self.body,
                     "ContentMD5": base64.b64encode(bytes.fromhex(self.md5)).decode(),
                     "ContentType": self.content_type, "CacheControl": self.cache_control}
        if self.content_encoding:
            arguments["ContentEncoding"] = self.content_encoding
        return arguments


@dataclass(frozen=True)
class S3Plan:
    changes: Changes  # by object key
    uploads: tuple[LocalObject, ...]  # in upload order
    deletes: tuple[str, ...]
    kept: tuple[str, ...] = ()  # objects the site does not have, left alone: not published by it


@dataclass(frozen=True)
class S3Result:
    plan: S3Plan
    invalidation_paths: tuple[str, ...]
    invalidation_id: str | None


def normalize_prefix(prefix: str | None) -> str:
    """`docs`, `/docs/` and `docs/` all mean the key prefix `docs/`; empty means the bucket root."""
    prefix = (prefix or "").strip("/")
    return prefix + "/" if prefix else ""


def prefix_argument(prefix: str | None) -> dict[str, str]:
    """ListObjectsV2's Prefix, left out for the bucket root (so an IAM policy with no
    `s3:prefix` condition matches)."""
    prefix = normalize_prefix(prefix)
    return {"Prefix": prefix} if prefix else {}


def local_object(site: Path, path: str, prefix: str = "") -> LocalObject:
    data = (site / path).read_bytes()
    encoding = None
    if is_compressible(path):
        packed = gzip_bytes(data)
        data, encoding = packed, "gzip"
    return LocalObject(key=prefix + path, path=path, body=data, md5=hashlib.md5(data).hexdigest(),
                       content_type=content_type(path), cache_control=cache_control(path),
                       content_encoding=encoding)


def local_objects(site: Path, prefix: str = "") -> dict[str, LocalObject]:
    """Every file of the built site as an object, by key. The site's own `.gz` files (the
    sitemap's) are uploaded as they are, as application/gzip."""
    prefix = normalize_prefix(prefix)
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return {prefix + path: local_object(site, path, prefix) for path in paths}


def remote_etags(s3, bucket: str, prefix: str = "") -> dict[str, str]:
    """Every object under the prefix but manifests (this site's, or one of a site published
    under a deeper prefix): key -> ETag (without quotes)."""
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, **prefix_argument(prefix)):
        for item in page.get("Contents", []):
            if item["Key"].rpartition("/")[2] != MANIFEST:
                found[item["Key"]] = item["ETag"].strip('"')
    return found


def read_manifest(s3, bucket: str, prefix: str = "") -> set[str]:
    """The keys this site published under the prefix (empty when it has no manifest yet)."""
    import json

    from botocore import exceptions

    key = normalize_prefix(prefix) + MANIFEST
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return set()
        raise
    try:
        return {str(k) for k in json.loads(body).get("keys", [])}
    except (ValueError, AttributeError):
        raise S3Error(f"s3://{bucket}/{key}: the manifest of published objects is not readable JSON; "
                      "delete it and publish with --delete-unlisted, or restore it") from None


def write_manifest(s3, bucket: str, prefix: str, keys: Iterable[str]) -> None:
    import json

    body = json.dumps({"keys": sorted(keys), "note": "Objects the AWS Notes publisher put here; "
                       "it deletes only these."}, indent=1).encode()
    s3.put_object(Bucket=bucket, Key=normalize_prefix(prefix) + MANIFEST, Body=body,
                  ContentMD5=base64.b64encode(hashlib.md5(body).digest()).decode(),
                  ContentType="application/json", CacheControl="no-cache")


def upload_order(path: str) -> int:
    """Assets first, pages next, then the search index and sitemap that point at pages, so a
    reader never follows a link to something not yet uploaded."""
    if path.startswith("search/") or path.startswith("sitemap"):
        return 2
    return 1 if path.endswith(".html") else 0


def plan(local: dict[str, LocalObject], remote: dict[str, str], force: bool = False,
         published: set[str] | None = None) -> S3Plan:
    """What to upload (new, or changed checksum; everything with `force`) and to delete: objects
    the site no longer has, among those it `published` (None: every object under the prefix)."""
    new = [key for key in local if key not in remote]
    changed = [key for key in local if key in remote and (force or remote[key] != local[key].md5)]
    gone = sorted(key for key in remote if key not in local)
    deletes = [key for key in gone if published is None or key in published]
    kept = tuple(key for key in gone if key not in deletes)
    uploads = sorted((local[key] for key in new + changed), key=lambda o: (upload_order(o.path), o.key))
    changes = Changes(new=tuple(sorted(new)), changed=tuple(sorted(changed)), removed=tuple(deletes),
                      unchanged=len(local) - len(new) - len(changed))
    return S3Plan(changes, tuple(uploads), tuple(deletes), kept)


def invalidation_paths(keys: Iterable[str], prefix: str = "",
                       limit: int = MAX_INVALIDATION_PATHS) -> list[str]:
    """CloudFront paths for changed or deleted keys: `/a/index.html` also as `/a/`, the URL
    readers use. More than `limit` paths become one wildcard for the whole prefix."""
    paths: set[str] = set()
    for key in keys:
        paths.add("/" + key)
        if key == "index.html" or key.endswith("/index.html"):
            paths.add("/" + key[: -len("index.html")])
    if len(paths) > limit:
        return ["/" + normalize_prefix(prefix) + "*"]
    return sorted(quote(path, safe="/-_.~*") for path in paths)


# -- Talking to AWS -------------------------------------------------------------------

def clients(region: str | None = None, endpoint_url: str | None = None):
    """S3 and CloudFront clients from the standard credential chain. Without `endpoint_url`,
    boto3 still honours AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=60,
                    max_pool_connections=WORKERS,
                    # Content-MD5 is sent on every upload; the newer default CRC checksums
                    # are not understood by every S3-compatible server.
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                    s3={"addressing_style": "path"} if endpoint_url else None)
    session = boto3.session.Session(region_name=region or None)
    return session.client("s3", endpoint_url=endpoint_url or None, config=config), \
        session.client("cloudfront", config=config)


def policy_actions(root: Path = ROOT) -> list[str]:
    """Every IAM action the publisher's policy file grants, in the order it lists them."""
    actions: list[str] = []
    for statement in json.loads((root / POLICY_FILE).read_text(encoding="utf-8"))["Statement"]:
        found = statement["Action"]
        actions += [found] if isinstance(found, str) else found
    return list(dict.fromkeys(actions))


def explain(error: Exception, bucket: str, endpoint: str | None = None, distribution_id: str | None = None) -> str:
    """A clear message for what went wrong talking to S3 or CloudFront."""
    from botocore import exceptions

    where = f" at {endpoint}" if endpoint else ""
    if isinstance(error, exceptions.NoCredentialsError):
        return ("no AWS credentials found. Provide them through the standard chain: AWS_PROFILE "
                "(with ~/.aws/config or SSO), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                "~/.aws/credentials, or an instance or container role. Never put them in the repository.")
    if isinstance(error, exceptions.EndpointConnectionError):
        return f"cannot connect to the S3 endpoint{where}: {error}. Check --endpoint-url and the network."
    if isinstance(error, exceptions.ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        operation = getattr(error, "operation_name", "request")
        if code == "NoSuchBucket":
            return (f"S3 bucket '{bucket}' does not exist{where}. Check --bucket (or PUBLISH_S3_BUCKET), "
                    "--region and --endpoint-url.")
        if code == "NoSuchDistribution":
            return (f"CloudFront distribution '{distribution_id}' does not exist. Check --distribution-id "
                    "(or PUBLISH_CLOUDFRONT_DISTRIBUTION_ID). The files were uploaded; only the "
                    "invalidation failed.")
        if code in ("AccessDenied", "403", "AllAccessDisabled", "Forbidden"):
            return (f"access denied ({operation}) on S3 bucket '{bucket}'{where}: the credentials from "
                    f"the standard AWS chain need the permissions in {POLICY_FILE} "
                    f"({', '.join(policy_actions())}).")
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken"):
            return f"the AWS credentials were rejected ({code}): {message} Refresh or fix them."
        if code in ("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException"):
            return f"S3 bucket '{bucket}' is in another region ({code}): pass its region with --region."
        return f"{operation} on S3 bucket '{bucket}'{where} failed: {code}: {message}"
    return f"publishing to S3 bucket '{bucket}'{where} failed: {error}"


def check_bucket(s3, bucket: str, prefix: str = "") -> None:
    """Fail early, with a clear message, when the bucket cannot be listed with these credentials."""
    from botocore import exceptions

    try:
        s3.list_objects_v2(Bucket=bucket, MaxKeys=1, **prefix_argument(prefix))
    except (exceptions.BotoCoreError, exceptions.ClientError) as error:
        raise S3Error(explain(error, bucket, s3.meta.endpoint_url)) from error


def upload(s3, bucket: str, objects: Iterable[LocalObject], log: Log = print) -> None:
    """Upload in order, one phase (assets, pages, indexes) at a time, in parallel within a phase."""
    by_phase: dict[int, list[LocalObject]] = {}
    for item in objects:
        by_phase.setdefault(upload_order(item.path), []).append(item)
    with ThreadPoolExecutor(WORKERS) as pool:
        for phase in sorted(by_phase):
            for item, _ in zip(by_phase[phase], pool.map(lambda o: s3.put_object(**o.put_arguments(bucket)),
                                                         by_phase[phase])):
                log(f"  uploaded {item.key}")


def delete(s3, bucket: str, keys: list[str], log: Log = print) -> None:
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start:start + DELETE_BATCH]
        answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
        errors = answer.get("Errors", [])
        if errors:
            first = errors[0]
            raise S3Error(f"could not delete {len(errors)} object(s) from S3 bucket '{bucket}', e.g. "
                          f"{first.get('Key')}: {first.get('Code')}: {first.get('Message')}")
        for key in batch:
            log(f"  deleted  {key}")


def invalidate(cloudfront, distribution_id: str, paths: list[str]) -> str:
    """Create one CloudFront invalidation; its id."""
    answer = cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
        "Paths": {"Quantity": len(paths), "Items": paths},
        "CallerReference": f"aws-notes-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}",
    })
    return answer["Invalidation"]["Id"]


def publish(site: Path, bucket: str, s3, prefix: str = "", cloudfront=None, distribution_id: str | None = None,
            dry_run: bool = False, force: bool = False, log: Log = print,
            delete_unlisted: bool = False) -> S3Result:
    """Publish the built `site` to s3://bucket/prefix; with `dry_run`, only report. Objects the
    site no longer has are deleted only if its manifest lists them (or with `delete_unlisted`)."""
    from botocore import exceptions

    if not (site / "index.html").is_file():
        raise S3Error(f"{site}: no index.html; this is not a built site")
    prefix = normalize_prefix(prefix)
    endpoint = getattr(getattr(s3, "meta", None), "endpoint_url", None)
    try:
        remote = remote_etags(s3, bucket, prefix)
        published = read_manifest(s3, bucket, prefix)
        local = local_objects(site, prefix)
        the_plan = plan(local, remote, force, None if delete_unlisted else published)
        changes = the_plan.changes
        paths = invalidation_paths(changes.changed + changes.removed, prefix) if distribution_id else []
        verb = "Would publish" if dry_run else "Publishing"
        log(f"{verb} to s3://{bucket}/{prefix}: {changes.summary()}")
        if the_plan.kept:
            log(f"  kept {len(the_plan.kept)} object(s) this site did not publish (e.g. {the_plan.kept[0]}); "
                "--delete-unlisted deletes them")
        if dry_run:
            for line in changes.lines():
                log(line)
            if paths:
                log(f"  would invalidate on CloudFront {distribution_id}: {' '.join(paths)}")
            log("Dry run: nothing was changed.")
            return S3Result(the_plan, tuple(paths), None)
        owned = set(local) | set(the_plan.deletes)  # recorded before deleting: a kill keeps them ours
        if not changes and owned == published:
            log(f"s3://{bucket}/{prefix} already holds this site; nothing to do.")
            return S3Result(the_plan, (), None)
        upload(s3, bucket, the_plan.uploads, log)
        if owned != published:
            write_manifest(s3, bucket, prefix, owned)
        delete(s3, bucket, list(the_plan.deletes), log)
        invalidation = None
        if paths:
            invalidation = invalidate(cloudfront, distribution_id, paths)
            log(f"  CloudFront invalidation {invalidation} on {distribution_id}: {' '.join(paths)}")
    except (exceptions.BotoCoreError, exceptions.ClientError) as error:
        raise S3Error(explain(error, bucket, endpoint, distribution_id)) from error
    log(f"Published to s3://{bucket}/{prefix}: {changes.summary()}.")
    return S3Result(the_plan, tuple(paths), invalidation)
