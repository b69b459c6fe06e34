"""The local server under load and misuse: many connections at once, a busy port, q=0."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from awsnotes import serve
from awsnotes.http_policy import accepts_gzip, gzip_bytes

ROOT = Path(__file__).resolve().parent.parent


def small_site(root: Path) -> Path:
    (root / "index.html").write_text("<p>home</p>" * 100, encoding="utf-8")
    (root / "404.html").write_text("<p>not found</p>", encoding="utf-8")
    return root


def test_an_explicit_gzip_refusal_beats_the_wildcard():
    assert not accepts_gzip("*, gzip;q=0")
    assert not accepts_gzip("gzip;q=0, *")
    assert not accepts_gzip("*;q=0")
    assert not accepts_gzip("gzip; q=0.000")
    assert accepts_gzip("*;q=0, gzip")
    assert accepts_gzip("identity;q=0.5, *")
    assert accepts_gzip("GZIP;Q=0.5")


def test_the_server_honours_a_gzip_refusal(tmp_path):
    with serve.CachingServer(small_site(tmp_path)) as server:
        request = urllib.request.Request(server.url, headers={"Accept-Encoding": "*, gzip;q=0"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers.get("Content-Encoding") is None
            assert response.read() == b"<p>home</p>" * 100


def test_the_server_sends_the_bytes_a_publisher_stores(tmp_path):
    """One compression policy: a page is as large locally (and in the benchmark) as on the host."""
    with serve.CachingServer(small_site(tmp_path)) as server:
        request = urllib.request.Request(server.url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers.get("Content-Encoding") == "gzip"
            assert response.read() == gzip_bytes(b"<p>home</p>" * 100)


def test_connections_wait_in_the_listen_backlog(tmp_path):
    """128 connections opened before the server accepts any all get through (the
    standard library's backlog of 5 let the 7th time out), and every one is answered."""
    server = serve.CachingServer(small_site(tmp_path))
    clients = []
    try:
        for _ in range(serve.LISTEN_BACKLOG):
            client = socket.create_connection(server.httpd.server_address, timeout=5)
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            clients.append(client)
        with server:
            for client in clients:
                client.settimeout(60)
                assert client.makefile("rb").readline().startswith(b"HTTP/1.1 200")
    finally:
        for client in clients:
            client.close()
        server.httpd.server_close()


def test_two_hundred_concurrent_requests_are_all_served(tmp_path):
    with serve.CachingServer(small_site(tmp_path)) as server:
        def get(_):
            with urllib.request.urlopen(server.url, timeout=60) as response:
                return response.status
        with ThreadPoolExecutor(200) as pool:
            assert list(pool.map(get, range(200))) == [200] * 200


def test_a_busy_port_is_one_clear_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "awsnotes.serve", "--site", str(small_site(tmp_path)),
                                 "--port", str(port)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"port {port}" in lines[0] and "already in use" in lines[0], result.stderr
