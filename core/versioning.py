"""Optimistic concurrency for edit forms, shared by core.forms (the form's check) and
core.mixins (the re-check under a row lock when saving).

An edit form carries a token of the record as it was loaded; if someone else saved the
record in between, the second save is refused with a clear message instead of silently
overwriting the first. Kept apart from both modules so neither has to import the other.
"""

from django.utils.crypto import salted_hmac

CONFLICT_MESSAGE = "该记录在您编辑期间已被他人修改并保存。为避免覆盖对方的修改，本次未保存；请刷新页面后重新填写。"


def version_token(instance) -> str:
    # Keyed with SECRET_KEY: the token sits in the edit page of a user who sees the record's
    # 身份证号 masked, and a plain hash of all fields would let them try the 8 hidden digits
    # (a birth date) offline until it matched. The salt keeps its old module name so tokens
    # in pages open during a deploy stay valid.
    values = [(f.attname, str(getattr(instance, f.attname))) for f in instance._meta.concrete_fields]
    return salted_hmac("core.forms.version_token", repr(values), algorithm="sha256").hexdigest()[:20]
