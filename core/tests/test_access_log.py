"""The production access log (gunicorn, baqiao/gunicorn_conf.py) keeps no personal data:
no query string (?q= may be a 身份证号 or a name) and no Referer (which carries the previous
page's query string)."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER = "500104198001019017"


def access_line(environ: dict) -> str:
    conf = runpy.run_path(str(ROOT / "baqiao" / "gunicorn_conf.py"))
    cfg = Config()
    cfg.set("accesslog", conf["accesslog"])
    cfg.set("access_log_format", conf["access_log_format"])
    logger = Logger(cfg)
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    logger.access_log.addHandler(Keep())
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=37))
    assert len(lines) == 1
    return lines[0]


def test_access_log_has_the_path_but_no_query_string_or_referer():
    line = access_line(
        {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/enforcement/officers/?q={ID_NUMBER}",
            "PATH_INFO": "/enforcement/officers/",
            "QUERY_STRING": f"q={ID_NUMBER}",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "10.0.0.8",
            "HTTP_REFERER": "https://fzzf.example/disputes/?q=%E5%BC%A0%E4%B8%89%E4%B8%B0",
            "HTTP_USER_AGENT": "Mozilla/5.0",
        }
    )
    assert '"GET /enforcement/officers/ HTTP/1.1" 200 5120 37ms' in line and "10.0.0.8" in line
    assert ID_NUMBER not in line and "q=" not in line and "%E5" not in line and "disputes" not in line


def test_make_serve_uses_that_configuration():
    recipe = (ROOT / "Makefile").read_text().split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "-c baqiao/gunicorn_conf.py" in recipe and "--access-logfile" not in recipe
