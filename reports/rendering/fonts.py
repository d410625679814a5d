"""Font roles of a 公文 (GB/T 9704-2012) and the fonts that fill them.

Each role's CSS family list starts with the licensed name (so an office PC or a
deployment with the official fonts shows the official face) and ends with the
free stand-in Debian installs (fonts-noto-cjk, fonts-arphic-gkai00mp;
../shared/DOMAIN.md "Official document format").

`font_substitutions()` says which roles print in a stand-in (issue #17: a
missing required font is never silent): the report page and `export_report`
name each one. `page_number_css()` places the page number's 一字线 7 mm below
the text block in whatever face prints it (GB/T 9704-2012 7.5).

A deployment may drop licensed TTF/OTF files into `settings.REPORT_FONTS_DIR`;
`font_face_css()` reads each file's family names and emits an `@font-face` rule
under the role's licensed name for the files it recognises (and under the
file's own family name otherwise). The fetcher allows that folder.
"""

from __future__ import annotations

import ctypes
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
    use: str = ""  # what the role prints, for warnings

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
    use="标题",
)
HEITI = FontRole("heiti", "黑体", ("黑体", "SimHei"), ("Noto Sans CJK SC",), use="一级标题")
KAITI = FontRole(
    "kaiti", "楷体", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"), ("AR PL KaitiM GB",), use="二级标题"
)
FANGSONG = FontRole(
    "fangsong", "仿宋", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"), ("Noto Serif CJK SC",), use="正文"
)
SONGTI = FontRole("songti", "宋体", ("宋体", "SimSun"), ("Noto Serif CJK SC",), use="页码")

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


# ---- which face prints each role ------------------------------------------
#
# WeasyPrint takes the @font-face files above first, then asks fontconfig for
# the CSS family list, as Pango does. We ask fontconfig the same question
# (through ctypes, like checks.py: no compiler, no new package) so the answer is
# the face the PDF will really use. Fontconfig reads the system fonts once per
# process: after installing fonts system-wide, restart the server. Files in
# REPORT_FONTS_DIR are seen at once.

_FC_LIBRARIES = ("libfontconfig.so.1", "libfontconfig-1", "fontconfig", "libfontconfig.1.dylib")
_FC_WEIGHT = {400: 80, 700: 200}  # CSS weight → FC_WEIGHT_REGULAR / FC_WEIGHT_BOLD
_FC_RESULT_MATCH = 0


@dataclass(frozen=True)
class SystemFace:
    families: tuple[str, ...]  # every family name fontconfig knows the face by
    style: str
    path: Path
    index: int  # face index inside a .ttc


@lru_cache(maxsize=1)
def _fontconfig():
    """(library, config) or None when fontconfig cannot be loaded."""
    for name in _FC_LIBRARIES:
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        return None
    p, s = ctypes.c_void_p, ctypes.c_char_p
    lib.FcInitLoadConfigAndFonts.restype = p
    lib.FcPatternCreate.restype = p
    lib.FcPatternDestroy.argtypes = [p]
    lib.FcPatternAddString.argtypes = [p, s, s]
    lib.FcPatternAddInteger.argtypes = [p, s, ctypes.c_int]
    lib.FcConfigSubstitute.argtypes = [p, p, ctypes.c_int]
    lib.FcDefaultSubstitute.argtypes = [p]
    lib.FcFontMatch.argtypes = [p, p, ctypes.POINTER(ctypes.c_int)]
    lib.FcFontMatch.restype = p
    lib.FcPatternGetString.argtypes = [p, s, ctypes.c_int, ctypes.POINTER(s)]
    lib.FcPatternGetInteger.argtypes = [p, s, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    config = lib.FcInitLoadConfigAndFonts()
    return (lib, config) if config else None


def _fc_strings(lib, pattern, key: bytes) -> list[str]:
    values, n, out = [], 0, ctypes.c_char_p()
    while lib.FcPatternGetString(pattern, key, n, ctypes.byref(out)) == _FC_RESULT_MATCH:
        values.append(out.value.decode("utf-8", "replace"))
        n += 1
    return values


@lru_cache(maxsize=16)
def system_face(families: tuple[str, ...], weight: int = 400) -> SystemFace | None:
    """The installed face fontconfig picks for a CSS family list (None: cannot ask)."""
    fc = _fontconfig()
    if fc is None:
        return None
    lib, config = fc
    pattern = lib.FcPatternCreate()
    try:
        for family in families:
            lib.FcPatternAddString(pattern, b"family", family.encode())
        lib.FcPatternAddString(pattern, b"lang", b"zh-cn")
        lib.FcPatternAddInteger(pattern, b"weight", _FC_WEIGHT.get(weight, 80))
        lib.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
        lib.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        match = lib.FcFontMatch(config, pattern, ctypes.byref(result))
    finally:
        lib.FcPatternDestroy(pattern)
    if not match:
        return None
    try:
        index = ctypes.c_int(0)
        lib.FcPatternGetInteger(match, b"index", 0, ctypes.byref(index))
        files = _fc_strings(lib, match, b"file")
        styles = _fc_strings(lib, match, b"style")
        if not files:
            return None
        return SystemFace(
            tuple(_fc_strings(lib, match, b"family")), styles[0] if styles else "", Path(files[0]), index.value
        )
    finally:
        lib.FcPatternDestroy(match)


@dataclass(frozen=True)
class RoleFont:
    """The face that prints a role in the PDF."""

    role: FontRole
    family: str  # its name ("仿宋_GB2312", "Noto Serif CJK SC Bold"); "" when unknown
    path: Path | None
    index: int
    licensed: bool  # a face under one of the role's licensed names

    @property
    def warning(self) -> str:
        role = self.role
        substitute = f"“{self.family}”" if self.family else "系统默认字体"
        return f"{role.use}应使用{role.label}（“{role.official}”），本机未安装，PDF改用{substitute}代替。"


def resolve(role: FontRole) -> RoleFont:
    for font in licensed_fonts():
        if font.role is role:
            return RoleFont(role, font.family, font.path, 0, licensed=True)
    face = system_face((*role.licensed, *role.free), role.weight)
    if face is None:
        return RoleFont(role, "", None, 0, licensed=False)
    names = {n.casefold() for n in role.licensed}
    if hit := next((f for f in face.families if f.casefold() in names), None):
        return RoleFont(role, hit, face.path, face.index, licensed=True)
    name = next((f for f in face.families if f in role.free), face.families[0] if face.families else face.path.stem)
    if face.style and face.style.casefold() not in ("regular", "book", "normal", "medium"):
        name = f"{name} {face.style}"
    return RoleFont(role, name, face.path, face.index, licensed=False)


def font_substitutions() -> list[RoleFont]:
    """The roles the PDF prints in a stand-in, each with the face used instead."""
    return [found for role in ROLES if not (found := resolve(role)).licensed]


# ---- page number (GB/T 9704-2012 7.5) ---------------------------------------

EM_DASH = 0x2014  # the 一字线 either side of the number
PAGE_NUMBER_GAP_MM = 7  # 7.5: 一字线上距版心下边缘7mm


@lru_cache(maxsize=8)
def _dash_drop(path: str, index: int, mtime_ns: int) -> float | None:
    """How far the 一字线's upper ink edge lies below the top of a line box of
    `line-height: 1`, in em, in this face (None: the face has no 一字线).

    Pango takes the face's ascent/descent the way HarfBuzz reads them (OS/2
    typo metrics when USE_TYPO_METRICS is set, else hhea) and centres them in
    the line box, so the baseline lies ½ + (ascent − descent)/2 em below the
    top; the dash's top is its glyph's yMax above the baseline. Checked against
    the rendered ink of Noto Serif CJK SC, DejaVu Serif and AR PL KaitiM GB
    (within 0.04 mm).
    """
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=index, lazy=True) if path.lower().endswith(".ttc") else TTFont(path, lazy=True)
        glyph = font.getBestCmap().get(EM_DASH)
        if glyph is None:
            return None
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[glyph].draw(pen)
        if pen.bounds is None:
            return None
        upm = font["head"].unitsPerEm
        os2 = font["OS/2"] if "OS/2" in font else None
        if os2 is not None and os2.fsSelection & (1 << 7) and os2.sTypoAscender:
            ascent, descent = os2.sTypoAscender, -os2.sTypoDescender
        else:
            ascent, descent = font["hhea"].ascent, -font["hhea"].descent
    except Exception:  # an unreadable face keeps the stylesheet's default
        logger.warning("无法读取页码字体的字形数据：%s", path)
        return None
    return 0.5 + (ascent - descent) / 2 / upm - pen.bounds[3] / upm


def page_number_css() -> str:
    """Rules that put the 一字线's top 7 mm below the text block in the face that
    prints the page number ("" keeps the stylesheet's default, set for Noto
    Serif CJK SC). The number's margin box starts at the block's lower edge
    (vertical-align: top, line-height: 1), so its padding is 7 mm less the
    dash's drop inside the line."""
    found = resolve(SONGTI)
    if found.path is None:
        return ""
    try:
        mtime = found.path.stat().st_mtime_ns
    except OSError:
        return ""
    drop = _dash_drop(str(found.path), found.index, mtime)
    if drop is None:
        return ""
    padding = f"padding-top: calc({PAGE_NUMBER_GAP_MM}mm - {drop:.4f}em);"
    return f"@page :right {{ @bottom-right {{ {padding} }} }}\n@page :left {{ @bottom-left {{ {padding} }} }}"
