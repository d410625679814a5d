"""A small HTTP client for the benchmark and the load test: urllib with a cookie jar.

Signs in through the real login form (CSRF token from the form), then times
whole requests: from sending to the last byte of the body.
"""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Result:
    status: int
    seconds: float
    size: int
    body: bytes
    location: str = ""


class Client:
    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def _open(self, request: urllib.request.Request) -> Result:
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read()
                status, location = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx
            body = exc.read()
            status, location = exc.code, exc.headers.get("Location", "")
        return Result(status, time.perf_counter() - start, len(body), body, location)

    def get(self, path: str) -> Result:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict | list, *, referer: str | None = None) -> Result:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base_url + path, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Referer", self.base_url + (referer or path))
        return self._open(request)

    def csrf_token(self, html: bytes) -> str:
        match = CSRF_RE.search(html.decode("utf-8", "replace"))
        if not match:
            raise RuntimeError("页面中没有 CSRF 令牌")
        return match.group(1)

    def login(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        token = self.csrf_token(page.body)
        result = self.post(
            "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        if result.status != 302:
            raise RuntimeError(f"{username} 登录失败（HTTP {result.status}）")
