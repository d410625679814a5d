"""The PDF renderer loads nothing it should not (issue 9; DOMAIN.md "WeasyPrint facts").

A tiny HTTP server on 127.0.0.1 stands in for the intranet and the internet: it
answers everything (and redirects /redirect to a file:// URL), and it must see
zero requests however the HTML asks — <img>, <link rel=stylesheet>, <link
rel=attachment>, <a rel=attachment>, CSS url(), @import, @font-face, SVG.
"""

from __future__ import annotations

import base64
import logging
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reports.rendering.fetcher import RefusedURL, SafeURLFetcher
from reports.rendering.html import document_css
from reports.rendering.pdf import html_to_pdf

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server API)
        type(self).requests.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG_1PX)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", Recorder.requests
    httpd.shutdown()
    httpd.server_close()


def page(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="zh-CN"><head><style>{document_css()}</style>{head}</head><body>{body}</body></html>'


def pdf_facts(tmp_path, pdf: bytes) -> tuple[str, str]:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    detach = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return text, detach.strip()


def test_the_local_server_does_answer(server):
    """Guard for the tests below: a plain fetch does reach the server."""
    import urllib.request

    base, requests = server
    with urllib.request.urlopen(f"{base}/probe.png") as response:  # noqa: S310
        assert response.read() == PNG_1PX
    assert requests == ["/probe.png"]
    requests.clear()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file:///etc/hostname.png",  # an allowed suffix does not open a folder
        "ftp://127.0.0.1/x.png",
        "gopher://127.0.0.1/x",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_and_logs(url, caplog):
    fetcher = SafeURLFetcher()
    with caplog.at_level(logging.WARNING, logger="reports.rendering"), pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert "报告渲染拒绝加载资源" in caplog.text


def test_fetcher_refuses_http_and_redirects_without_a_request(server):
    base, requests = server
    fetcher = SafeURLFetcher()
    for url in (f"{base}/image.png", f"{base}/redirect", base.replace("http", "https") + "/x.png"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert requests == []


def test_fetcher_serves_only_fonts_and_images_from_our_folders(tmp_path, settings):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "seal.png").write_bytes(PNG_1PX)
    (fonts / "notes.txt").write_text("secret")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other.png").write_bytes(PNG_1PX)
    (fonts / "link.png").symlink_to(outside / "other.png")
    (fonts / "passwd.png").symlink_to("/etc/passwd")
    settings.REPORT_FONTS_DIR = fonts
    fetcher = SafeURLFetcher()

    response = fetcher.fetch((fonts / "seal.png").as_uri())
    assert response.read() == PNG_1PX and response.content_type == "image/png"
    for path in (
        fonts / "notes.txt",  # not a font or image
        outside / "other.png",  # outside the allowed folders
        fonts / "link.png",  # symlink out of the folder
        fonts / "passwd.png",  # symlink to a system file
        fonts / ".." / "outside" / "other.png",  # traversal
        fonts / "missing.png",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch("file://" + str(path))
    # data: URIs are fine
    assert fetcher.fetch("data:image/png;base64," + base64.b64encode(PNG_1PX).decode()).read() == PNG_1PX


def test_the_project_static_folder_is_allowed():
    from reports.rendering.html import CSS_PATH

    fetcher = SafeURLFetcher()
    assert any(CSS_PATH.parent.is_relative_to(root) for root in fetcher.roots)


def test_pdf_loads_nothing_from_outside(server, tmp_path, caplog):
    base, requests = server
    head = (
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<link rel="attachment" href="file:///etc/passwd" title="passwd">'
        f'<link rel="attachment" href="{base}/attach.bin">'
        f"<style>@import url({base}/import.css);"
        f".bg {{ background: url({base}/bg.png); }}"
        f'@font-face {{ font-family: "Evil"; src: url({base}/evil.ttf); }}'
        f'.evil {{ font-family: "Evil"; list-style-image: url("file:///etc/passwd"); }}</style>'
    )
    body = (
        f'<p class="bg evil">正文</p><img src="file:///etc/passwd"><img src="{base}/img.png">'
        f'<img src="{base}/redirect"><a rel="attachment" href="file:///etc/passwd">附件</a>'
        f'<a rel="attachment" href="{base}/a.bin">附件2</a>'
        f'<svg width="10" height="10"><image href="{base}/svg.png" width="10" height="10"/></svg>'
        f'<object data="{base}/object.png"></object><iframe src="{base}/frame.html"></iframe>'
        f'<ul class="evil"><li>项</li></ul>'
    )
    fetcher = SafeURLFetcher()
    with caplog.at_level(logging.WARNING, logger="reports.rendering"):
        pdf = html_to_pdf(page(body, head), fetcher=fetcher)

    assert requests == []  # the server saw nothing
    refused = set(fetcher.refused)
    assert "file:///etc/passwd" in refused
    for path in ("style.css", "import.css", "bg.png", "evil.ttf", "img.png", "redirect", "svg.png"):
        assert f"{base}/{path}" in refused, path
    assert "报告渲染拒绝加载资源" in caplog.text
    text, detach = pdf_facts(tmp_path, pdf)
    assert detach == "0 embedded files"
    assert "root:" not in text and b"root:x:0:0" not in pdf
    assert "正文" in text


def test_attachment_of_an_allowed_file_is_still_not_embedded(tmp_path, settings):
    """Even a file the fetcher would serve never becomes a PDF attachment."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "seal.png").write_bytes(PNG_1PX)
    settings.REPORT_FONTS_DIR = fonts
    uri = (fonts / "seal.png").as_uri()
    pdf = html_to_pdf(
        page(
            f'<p>正文</p><a rel="attachment" href="{uri}">附件</a><img src="{uri}">',
            f'<link rel="attachment" href="{uri}">',
        )
    )
    _text, detach = pdf_facts(tmp_path, pdf)
    assert detach == "0 embedded files"
    assert b"/EmbeddedFile" not in pdf and b"/FileAttachment" not in pdf
