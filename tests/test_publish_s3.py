"""The S3 target, against moto's S3- and CloudFront-compatible server on 127.0.0.1."""

from __future__ import annotations

import gzip
import shutil
import uuid
from pathlib import Path

import pytest

from awsnotes import http_policy
from awsnotes.publish import cli as publish, s3 as publish_s3
from tests.support import write_site
from tests.s3_server import FAKE_CREDENTIALS, MotoServer, free_port

HTML = "text/html; charset=utf-8"
LONG = http_policy.IMMUTABLE
SHORT = http_policy.REVALIDATE
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
# Every kind of file the site has: path -> (content, Content-Type, Cache-Control, gzipped?)
SITE = {
    "index.html": ("<html>home</html>", HTML, SHORT, True),
    "404.html": ("<html>not found</html>", HTML, SHORT, True),
    "compute/ec2/index.html": ("<html>EC2</html>", HTML, SHORT, True),
    "storage/s3/index.html": ("<html>S3</html>", HTML, SHORT, True),
    "assets/stylesheets/main.57a0d79d.min.css": ("body{margin:0}", "text/css; charset=utf-8", LONG, True),
    "assets/stylesheets/site.css": (".x{color:red}", "text/css; charset=utf-8", SHORT, True),
    "assets/javascripts/bundle.a5f9d56c.min.js": ("var a=1;", "text/javascript; charset=utf-8", LONG, True),
    "assets/javascripts/bundle.a5f9d56c.min.js.map": ('{"version":3}', "application/json", LONG, True),
    "assets/javascripts/vendor/mermaid-11.13.0.min.js": ("var m=1;", "text/javascript; charset=utf-8",
                                                         LONG, True),
    "assets/javascripts/diagram-loader.js": ("var l=1;", "text/javascript; charset=utf-8", SHORT, True),
    "search/search_index.json": ('{"docs":[]}', "application/json", SHORT, True),
    "sitemap.xml": ("<urlset/>", "application/xml", SHORT, True),
    "sitemap.xml.gz": (gzip.compress(b"<urlset/>", mtime=0), "application/gzip", SHORT, False),
    "assets/images/favicon.svg": ("<svg/>", "image/svg+xml", SHORT, True),
    "assets/images/favicon.png": (PNG, "image/png", SHORT, False),
    "assets/fonts/notes.woff2": (b"wOF2\x00\x01", "font/woff2", SHORT, False),
}


def site_files() -> dict[str, str | bytes]:
    return {rel: spec[0] for rel, spec in SITE.items()}


@pytest.fixture(scope="module")
def moto():
    with MotoServer() as server:
        yield server


@pytest.fixture
def aws(moto, monkeypatch):
    """Fake credentials through the standard chain (environment variables), and clients."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto.url)
    return publish_s3.clients(endpoint_url=moto.url)


@pytest.fixture
def bucket(aws) -> str:
    name = f"notes-{uuid.uuid4().hex[:12]}"
    aws[0].create_bucket(Bucket=name)
    return name


class Calls:
    """Every S3 operation a client makes, with its key, in order."""

    def __init__(self, client):
        self.seen: list[tuple[str, str]] = []
        client.meta.events.register("before-parameter-build.s3.*", self.record)

    def record(self, params, model, **_):
        if model.name == "DeleteObjects":
            self.seen += [(model.name, o["Key"]) for o in params["Delete"]["Objects"]]
        else:
            self.seen.append((model.name, params.get("Key", "")))

    def keys(self, operation: str) -> set[str]:
        return {key for name, key in self.seen if name == operation}

    def writes(self) -> list[tuple[str, str]]:
        return [(name, key) for name, key in self.seen if name in ("PutObject", "DeleteObjects", "DeleteObject")]


def etags(s3, bucket: str) -> dict[str, str]:
    return publish_s3.remote_etags(s3, bucket)


# -- Pure functions ------------------------------------------------------------------------

def test_content_types_and_cache_rules_cover_every_kind_of_file():
    for rel, (_, kind, cache, packed) in SITE.items():
        assert http_policy.content_type(rel) == kind, rel
        assert http_policy.cache_control(rel) == cache, rel
        assert http_policy.is_compressible(rel) == packed, rel
    assert http_policy.content_type("fonts/a.woff") == "font/woff"
    assert http_policy.content_type("a.unknown") == http_policy.UNKNOWN
    assert not http_policy.is_fingerprinted("deadbeef.12345678.html")


def test_plan_uploads_only_new_and_changed_and_deletes_the_rest(tmp_path):
    site = write_site(tmp_path / "site", site_files())
    local = publish_s3.local_objects(site, "notes")
    remote = {key: item.md5 for key, item in local.items()}
    remote["notes/index.html"] = "0" * 32
    remote["notes/old/index.html"] = "1" * 32
    del remote["notes/compute/ec2/index.html"]
    remote["elsewhere.html"] = "2" * 32  # outside the prefix: never listed in practice
    plan = publish_s3.plan(local, {k: v for k, v in remote.items() if k.startswith("notes/")})
    assert plan.changes.new == ("notes/compute/ec2/index.html",)
    assert plan.changes.changed == ("notes/index.html",)
    assert plan.deletes == ("notes/old/index.html",)
    assert plan.changes.unchanged == len(SITE) - 2
    assert [o.key for o in plan.uploads] == ["notes/compute/ec2/index.html", "notes/index.html"]
    assert len(publish_s3.plan(local, remote, force=True).uploads) == len(SITE)


def test_upload_order_puts_assets_before_pages_before_indexes():
    paths = ["sitemap.xml", "index.html", "search/search_index.json", "assets/javascripts/bundle.a5f9d56c.min.js"]
    assert sorted(paths, key=publish_s3.upload_order) == [
        "assets/javascripts/bundle.a5f9d56c.min.js", "index.html", "sitemap.xml", "search/search_index.json"]


def test_invalidation_paths_name_page_urls_and_collapse_when_many():
    keys = ["notes/index.html", "notes/compute/ec2/index.html", "notes/a b.css"]
    assert publish_s3.invalidation_paths(keys, "notes") == [
        "/notes/", "/notes/a%20b.css", "/notes/compute/ec2/", "/notes/compute/ec2/index.html", "/notes/index.html"]
    many = [f"notes/p{i}/index.html" for i in range(80)]
    assert publish_s3.invalidation_paths(many, "notes/") == ["/notes/*"]


# -- Against the server --------------------------------------------------------------------

def test_publish_then_republish_uploads_only_changes_with_the_right_headers(tmp_path, aws, bucket):
    s3, _ = aws
    site = write_site(tmp_path / "site", site_files())
    first = publish_s3.publish(site, bucket, s3, prefix="notes/", log=lambda _: None)
    assert len(first.plan.changes.new) == len(SITE)

    stored = etags(s3, bucket)
    assert set(stored) == {"notes/" + rel for rel in SITE}
    for rel, (content, kind, cache, packed) in SITE.items():
        head = s3.get_object(Bucket=bucket, Key="notes/" + rel)
        assert head["ContentType"] == kind, rel
        assert head["CacheControl"] == cache, rel
        assert head.get("ContentEncoding") == ("gzip" if packed else None), rel
        body = head["Body"].read()
        expected = content.encode() if isinstance(content, str) else content
        assert (gzip.decompress(body) if packed else body) == expected, rel

    files = site_files()
    files["compute/ec2/index.html"] = "<html>EC2, corrected</html>"
    files["networking/vpc/index.html"] = "<html>VPC</html>"
    del files["storage/s3/index.html"]
    write_site(site, files)
    calls = Calls(s3)
    second = publish_s3.publish(site, bucket, s3, prefix="notes/", log=lambda _: None)

    assert calls.keys("PutObject") - {"notes/" + publish_s3.MANIFEST} == \
        {"notes/compute/ec2/index.html", "notes/networking/vpc/index.html"}
    assert calls.keys("DeleteObjects") == {"notes/storage/s3/index.html"}
    assert calls.writes()[-1] == ("DeleteObjects", "notes/storage/s3/index.html"), "deleted before uploading"
    assert second.plan.changes.unchanged == len(SITE) - 2
    after = etags(s3, bucket)
    assert "notes/storage/s3/index.html" not in after
    assert {k: v for k, v in after.items() if "ec2" not in k and "vpc" not in k} == \
        {k: v for k, v in stored.items() if "ec2" not in k and "storage/s3/" not in k}


def test_dry_run_changes_nothing(tmp_path, aws, bucket):
    s3, _ = aws
    site = write_site(tmp_path / "site", site_files())
    publish_s3.publish(site, bucket, s3, log=lambda _: None)
    before = etags(s3, bucket)
    files = site_files()
    files["index.html"] = "<html>home, rewritten</html>"
    del files["404.html"]
    write_site(site, files)
    calls, said = Calls(s3), []
    result = publish_s3.publish(site, bucket, s3, dry_run=True, log=said.append)
    assert calls.writes() == []
    assert etags(s3, bucket) == before
    assert result.plan.changes.changed == ("index.html",) and result.plan.deletes == ("404.html",)
    assert "  changed  index.html" in said and "  removed  404.html" in said
    assert said[-1] == "Dry run: nothing was changed."


def make_distribution(cloudfront, bucket: str) -> str:
    """A CloudFront distribution in front of the bucket, in the local server; its id."""
    return cloudfront.create_distribution(DistributionConfig={
        "CallerReference": uuid.uuid4().hex, "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": f"{bucket}.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "MinTTL": 0, "TrustedSigners": {"Enabled": False, "Quantity": 0},
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}},
    })["Distribution"]["Id"]


def test_one_cloudfront_invalidation_for_changed_and_deleted_paths(tmp_path, aws, bucket):
    s3, cloudfront = aws
    distribution = make_distribution(cloudfront, bucket)
    site = write_site(tmp_path / "site", site_files())
    first = publish_s3.publish(site, bucket, s3, cloudfront=cloudfront, distribution_id=distribution,
                               log=lambda _: None)
    assert first.invalidation_id is None, "a first publish has nothing cached to invalidate"
    files = site_files()
    files["compute/ec2/index.html"] = "<html>EC2, corrected</html>"
    files["assets/javascripts/bundle.0badf00d.min.js"] = files.pop("assets/javascripts/bundle.a5f9d56c.min.js")
    write_site(site, files)
    second = publish_s3.publish(site, bucket, s3, cloudfront=cloudfront, distribution_id=distribution,
                                log=lambda _: None)
    invalidations = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]["Items"]
    assert [i["Id"] for i in invalidations] == [second.invalidation_id]
    batch = cloudfront.get_invalidation(DistributionId=distribution, Id=second.invalidation_id)
    assert sorted(batch["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]) == [
        "/assets/javascripts/bundle.a5f9d56c.min.js", "/compute/ec2/", "/compute/ec2/index.html"]


def test_a_bucket_that_does_not_exist_gives_a_clear_error(tmp_path, aws):
    s3, _ = aws
    site = write_site(tmp_path / "site", site_files())
    with pytest.raises(publish_s3.S3Error, match="S3 bucket 'no-such-bucket-here' does not exist"):
        publish_s3.publish(site, "no-such-bucket-here", s3, log=lambda _: None)
    with pytest.raises(publish_s3.S3Error, match="'no-such-bucket-here' does not exist"):
        publish_s3.check_bucket(s3, "no-such-bucket-here")


def test_missing_credentials_and_unreachable_endpoint_give_clear_errors(aws, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    s3, _ = publish_s3.clients(endpoint_url="http://127.0.0.1:1")
    with pytest.raises(publish_s3.S3Error, match="no AWS credentials found"):
        publish_s3.check_bucket(s3, "any-bucket")
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    closed = f"http://127.0.0.1:{free_port()}"
    s3, _ = publish_s3.clients(endpoint_url=closed)
    with pytest.raises(publish_s3.S3Error, match=f"cannot connect to the S3 endpoint at {closed}"):
        publish_s3.check_bucket(s3, "any-bucket")


# -- The command, with the build replaced by a copy of the small site -----------------------

@pytest.fixture
def fake_build(tmp_path, monkeypatch):
    """`build.build` copies a prepared site (or fails, when told to); bootstrap does nothing."""
    source = write_site(tmp_path / "prepared", site_files())
    state = {"status": 0, "source": source}

    def build(site: Path) -> int:
        if state["status"] == 0:
            shutil.copytree(state["source"], site)
        return state["status"]

    monkeypatch.setattr(publish.build, "build", build)
    return state


def test_command_publishes_to_s3_with_options_from_environment(aws, bucket, fake_build, moto, monkeypatch, capsys):
    s3, _ = aws
    monkeypatch.setenv("PUBLISH_S3_BUCKET", bucket)
    monkeypatch.setenv("PUBLISH_S3_PREFIX", "site")
    monkeypatch.setenv("PUBLISH_S3_ENDPOINT_URL", moto.url)
    assert publish.main(["--dry-run", "s3"]) == 0
    assert etags(s3, bucket) == {}
    assert "Dry run: nothing was changed." in capsys.readouterr().out
    assert publish.main(["s3"]) == 0
    assert set(etags(s3, bucket)) == {"site/" + rel for rel in SITE}


def test_command_refuses_to_publish_a_failing_build(aws, bucket, fake_build, moto, capsys):
    s3, _ = aws
    fake_build["status"] = 1
    assert publish.main(["s3", "--bucket", bucket, "--endpoint-url", moto.url]) == 1
    assert "nothing was published" in capsys.readouterr().err
    assert etags(s3, bucket) == {}


def test_command_names_the_missing_bucket(aws, fake_build, moto, capsys):
    assert publish.main(["s3", "--bucket", "absent-bucket-name", "--endpoint-url", moto.url]) == 1
    assert "error: S3 bucket 'absent-bucket-name' does not exist" in capsys.readouterr().err


def test_only_objects_the_site_published_are_deleted(tmp_path, aws, bucket, monkeypatch, capsys):
    s3, _ = aws
    s3.put_object(Bucket=bucket, Key="backups/db.sql", Body=b"precious")
    s3.put_object(Bucket=bucket, Key="robots.txt", Body=b"User-agent: *")
    site = write_site(tmp_path / "site", site_files())
    publish_s3.publish(site, bucket, s3, log=lambda _: None)
    files = site_files()
    del files["404.html"]
    write_site(site, files)
    said = []
    result = publish_s3.publish(site, bucket, s3, log=said.append)
    assert result.plan.deletes == ("404.html",)
    after = etags(s3, bucket)
    assert "404.html" not in after and {"backups/db.sql", "robots.txt"} <= set(after)
    assert s3.get_object(Bucket=bucket, Key="backups/db.sql")["Body"].read() == b"precious"
    assert any("kept 2 object(s) this site did not publish" in line and "--delete-unlisted" in line
               for line in said), said
    # Only when told explicitly, through the command too:
    monkeypatch.setattr(publish.build, "build", lambda target: shutil.copytree(site, target) and 0)
    assert publish.main(["s3", "--bucket", bucket, "--endpoint-url", s3.meta.endpoint_url,
                         "--delete-unlisted"]) == 0
    assert not {"backups/db.sql", "robots.txt"} & set(etags(s3, bucket))


def test_a_prefix_publish_never_touches_the_rest_of_the_bucket(tmp_path, aws, bucket):
    s3, _ = aws
    s3.put_object(Bucket=bucket, Key="notes/handmade.html", Body=b"mine")
    site = write_site(tmp_path / "site", site_files())
    publish_s3.publish(site, bucket, s3, prefix="notes/", log=lambda _: None)
    publish_s3.publish(write_site(site, {"index.html": "<html>only</html>"}), bucket, s3, prefix="notes/",
                       log=lambda _: None)
    assert set(etags(s3, bucket)) == {"notes/index.html", "notes/handmade.html"}


# What each S3 and CloudFront operation the publisher calls needs in IAM (AWS's service
# authorization reference: ListObjectsV2 is authorized by s3:ListBucket, DeleteObjects by
# s3:DeleteObject for each key).
IAM_ACTION = {("s3", "ListObjectsV2"): "s3:ListBucket", ("s3", "GetObject"): "s3:GetObject",
              ("s3", "PutObject"): "s3:PutObject", ("s3", "DeleteObjects"): "s3:DeleteObject",
              ("cloudfront", "CreateInvalidation"): "cloudfront:CreateInvalidation"}


def test_the_published_iam_policy_grants_exactly_what_a_publish_does(tmp_path, aws, bucket):
    """deploy/iam-publisher-policy.json is read as JSON and compared with the operations of a real
    publish (first, then with a change, a deletion and an invalidation)."""
    s3, cloudfront = aws
    called = []
    for client, service in ((s3, "s3"), (cloudfront, "cloudfront")):
        client.meta.events.register("before-call.*.*", lambda model, **_: called.append(
            (model.service_model.service_name, model.name)))
    distribution = make_distribution(cloudfront, bucket)
    site = write_site(tmp_path / "site", site_files())
    publish_s3.publish(site, bucket, s3, cloudfront=cloudfront, distribution_id=distribution, log=lambda _: None)
    files = site_files()
    files["compute/ec2/index.html"] = "<html>EC2, corrected</html>"
    files.pop("assets/javascripts/bundle.a5f9d56c.min.js")
    write_site(site, files)
    called.clear()
    publish_s3.check_bucket(s3, bucket)
    publish_s3.publish(site, bucket, s3, cloudfront=cloudfront, distribution_id=distribution, log=lambda _: None)
    used = {IAM_ACTION[call] for call in called if call in IAM_ACTION}
    unknown = {call for call in called if call not in IAM_ACTION}
    assert not unknown, f"operations the policy test does not know (add their IAM action): {unknown}"
    assert used == set(publish_s3.policy_actions()), (
        f"the publisher needs {sorted(used)}; the policy grants {publish_s3.policy_actions()}")
