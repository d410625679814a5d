"""gunicorn settings for `make serve` (`gunicorn -c baqiao/gunicorn_conf.py`).

The access log records the path without its query string, and no Referer: a search such as
`/enforcement/officers/?q=<身份证号>` or a filter by a party's name must not leave personal
data in a log file (SECURITY.md). Method, path, status, size and time are what operations need.
"""

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'


def post_worker_init(worker):
    """Lay out a sample report before the worker takes requests.

    A worker's first PDF loads the CJK fonts into Pango and WeasyPrint's font configuration
    (0.5–1 s, issue 22); they are kept for the life of the worker (reports/rendering/pdf.py),
    so doing it here means no leader's download waits for it. The price is the fonts'
    memory (about 250 MiB) in every worker from the start rather than in those that print;
    REPORT_PDF_WARMUP=0 turns it off.
    """
    import os

    if os.environ.get("REPORT_PDF_WARMUP", "1") != "0":
        from reports.rendering import warm_up

        took = warm_up()
        if took is not None:
            worker.log.info("报告排版已预热（%.0f ms）", took)  # bench/server.py waits for this line
