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
from dataclasses import dataclass, field
from html.parser import HTMLParser

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


class _Forms(HTMLParser):
    """Every <form method="post"> of a page: its input values and its select options."""

    def __init__(self):
        super().__init__()
        self.forms: list[FormFields] = []
        self._form: FormFields | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = FormFields(action=attrs.get("action") or "")
            self.forms.append(self._form)
        if self._form is None:
            return
        if (
            tag in ("input", "textarea")
            and attrs.get("name")
            and attrs.get("type") not in ("checkbox", "radio", "submit")
        ):
            self._form.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form.options[self._select] = []
        elif tag == "option" and self._select is not None:
            self._form.options[self._select].append(attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


@dataclass
class FormFields:
    action: str
    values: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.options


def form_fields(html: bytes, *, having: str) -> FormFields:
    """The POST form of the page that has the field `having` (the header's logout form has not)."""
    parser = _Forms()
    parser.feed(html.decode("utf-8", "replace"))
    for form in parser.forms:
        if having in form:
            return form
    raise RuntimeError(f"页面中没有含 {having} 字段的表单")
