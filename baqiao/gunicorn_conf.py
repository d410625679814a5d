"""gunicorn settings for `make serve` (`gunicorn -c baqiao/gunicorn_conf.py`).

The access log records the path without its query string, and no Referer: a search such as
`/enforcement/officers/?q=<身份证号>` or a filter by a party's name must not leave personal
data in a log file (SECURITY.md). Method, path, status, size and time are what operations need.
"""

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
