"""Font roles of a 公文 (GB/T 9704-2012) and the fonts that fill them.

Each role's CSS family list starts with the licensed name (so an office PC or a
deployment with the official fonts shows the official face) and ends with the
free stand-in Debian installs (fonts-noto-cjk, fonts-arphic-gkai00mp;
../shared/DOMAIN.md "Official document format").

A deployment may drop licensed TTF/OTF files into `settings.REPORT_FONTS_DIR`;
`font_face_css()` reads each file's family names and emits an `@font-face` rule
under the role's licensed name for the files it recognises (and under the
file's own family name otherwise). The fetcher allows that folder.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("reports.rendering")


@dataclass(frozen=True)
class FontRole:
    key: str
    label: str
    licensed: tuple[str, ...]  # first = the official name written into .docx
    free: tuple[str, ...]  # installed stand-ins, in order
    weight: int = 400  # weight asked for in CSS (the stand-in needs it)

    @property
    def official(self) -> str:
        return self.licensed[0]

    def css_family(self) -> str:
        names = [*self.licensed, *self.free]
        return ", ".join(f'"{n}"' for n in names) + ", serif"


# GB/T 9704-2012 7.3.1 (title 小标宋), 7.3.3 (body 仿宋, 一、 黑体, （一） 楷体),
# 7.5 (page numbers 宋体).
XIAOBIAOSONG = FontRole(
    "title",
    "小标宋",
    ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"),
    ("Noto Serif CJK SC",),
    weight=700,  # Noto Serif CJK SC Bold stands in for 小标宋
)
HEITI = FontRole("heiti", "黑体", ("黑体", "SimHei"), ("Noto Sans CJK SC",))
KAITI = FontRole("kaiti", "楷体", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"), ("AR PL KaitiM GB",))
FANGSONG = FontRole("fangsong", "仿宋", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"), ("Noto Serif CJK SC",))
SONGTI = FontRole("songti", "宋体", ("宋体", "SimSun"), ("Noto Serif CJK SC",))

ROLES = (XIAOBIAOSONG, HEITI, KAITI, FANGSONG, SONGTI)
FONT_FILE_SUFFIXES = (".ttf", ".otf", ".ttc")


def role_for(name: str) -> FontRole | None:
    lowered = name.casefold()
    for role in ROLES:
        if any(lowered == n.casefold() for n in role.licensed):
            return role
    return None


@dataclass(frozen=True)
class LicensedFont:
    path: Path
    family: str  # the family name the @font-face rule declares
    role: FontRole | None


def licensed_fonts() -> list[LicensedFont]:
    """Font files in REPORT_FONTS_DIR (cached until the folder changes)."""
    folder = Path(settings.REPORT_FONTS_DIR)
    try:
        stamp = tuple(
            sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir() if p.suffix.lower() in FONT_FILE_SUFFIXES)
        )
    except OSError:
        return []
    return _scan(str(folder), stamp)


@lru_cache(maxsize=4)
def _scan(folder: str, stamp: tuple) -> list[LicensedFont]:
    from fontTools.ttLib import TTCollection, TTFont

    found = []
    for name, _mtime in stamp:
        path = Path(folder) / name
        try:
            if path.suffix.lower() == ".ttc":
                fonts = TTCollection(str(path), lazy=True).fonts[:1]
            else:
                fonts = [TTFont(str(path), lazy=True)]
            families = []
            for font in fonts:
                for record in font["name"].names:
                    if record.nameID in (1, 4, 16):
                        families.append(record.toUnicode().strip())
        except Exception:  # a broken file must not break the report
            logger.warning("报告字体文件无法读取，已忽略：%s", path.name)
            continue
        role = next((r for n in families if (r := role_for(n))), None)
        family = role.official if role else (families[0] if families else path.stem)
        found.append(LicensedFont(path=path.resolve(), family=family, role=role))
    return found


def font_face_css() -> str:
    """@font-face rules for the licensed fonts a deployment has installed."""
    rules = []
    for font in licensed_fonts():
        fmt = "opentype" if font.path.suffix.lower() == ".otf" else "truetype"
        # A file's own family name is data: keep it from breaking out of the rule.
        family = re.sub(r'["\\<>{};]', "", font.family)
        # Declared at the role's weight too, so the bold request made for the
        # Noto stand-in of 小标宋 picks the real (single-weight) face unsynthesised.
        weights = {400, font.role.weight} if font.role else {400}
        for weight in sorted(weights):
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{font.path.as_uri()}") format("{fmt}"); }}'
            )
    return "\n".join(rules)
