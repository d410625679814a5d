"""Kept for enforcement/migrations/0001_initial.py, which names this path: the phone check
is core.validators.validate_phone (one for the project, with the 身份证号 check)."""

from __future__ import annotations

from core.validators import validate_phone

__all__ = ["validate_phone"]
