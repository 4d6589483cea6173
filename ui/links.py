"""Links from the app to the minutes: the app's own source view, or a web URL template; never out of the corpus.

Pure functions: tests call them without Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Mapping, Sequence
from urllib.parse import quote, urlencode, urlsplit

from ui.render import esc

SOURCE_ENV = "MINUTES_SOURCE_URL"


def safe_relative(path: str) -> PurePosixPath | None:
    """A corpus-relative path that cannot climb out of its root, or None."""
    if not path or "\\" in path or "\x00" in path:
        return None
    rel = PurePosixPath(path)
    if rel.is_absolute() or any(part in ("..", "") for part in rel.parts) or not rel.parts:
        return None
    return rel


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c in url for c in "\"'<> \n\r\t")


def web_source_url(template: str, path: str, line: int, series: str = "") -> str | None:
    """`template` with {path}, {line} and {series} filled in; None unless it is an http(s) URL."""
    rel = safe_relative(path)
    if not template or rel is None:
        return None
    url = (template.replace("{path}", quote(rel.as_posix(), safe="/"))
           .replace("{line}", str(int(line or 1))).replace("{series}", quote(series or "", safe="")))
    return url if is_web_url(url) else None


def source_file(roots: Sequence[str], root: str, path: str) -> Path | None:
    """The file `path` under `root`, only when `root` is one of the index's roots and the file stays inside it."""
    rel = safe_relative(path)
    if rel is None or not root:
        return None
    known = {str(Path(r).resolve()) for r in roots}
    root_path = Path(root).resolve()
    if str(root_path) not in known:
        return None
    full = (root_path / rel).resolve()
    if not full.is_relative_to(root_path):
        return None  # a symlink pointing out of the corpus
    return full


def root_index(roots: Sequence[str], root: str) -> int | None:
    """The number of `root` among the index's roots (a URL names a root by number, never by folder)."""
    resolved = _resolved(tuple(roots))
    try:
        return resolved.index(_resolved((root,))[0]) if root else None
    except ValueError:
        return None


@lru_cache(maxsize=256)
def _resolved(roots: tuple[str, ...]) -> list[str]:
    """Resolved root folders, remembered: a page links thousands of sections to a handful of roots."""
    return [str(Path(r).resolve()) for r in roots]


def source_view_href(roots: Sequence[str], root: str, path: str, line: int) -> str | None:
    """A link to the app's Source page (root by number, so the URL cannot name a folder)."""
    n = root_index(roots, root)
    if n is None or safe_relative(path) is None:
        return None
    return "Source?" + urlencode({"root": n, "path": path, "line": int(line or 1)})


@dataclass
class SourceLinks:
    """How a page links a section to its source."""

    roots: Sequence[str]
    template: str = ""

    def href(self, root: str, path: str, line: int, series: str = "") -> str | None:
        """The web URL when a template is set, else the app's own source view."""
        if self.template:
            url = web_source_url(self.template, path, line, series)
            if url:
                return url
        return source_view_href(self.roots, root, path, line)

    def root_of(self, path: str) -> str:
        """The root holding `path`, for records that do not carry one (timeline events, log items)."""
        if len(self.roots) == 1:
            return self.roots[0]
        for root in self.roots:
            full = source_file(self.roots, root, path)
            if full and full.is_file():
                return root
        return self.roots[0] if self.roots else ""

    def href_any(self, path: str, line: int, series: str = "") -> str | None:
        return self.href(self.root_of(path), path, line, series)

    def file_uri(self, root: str, path: str) -> str | None:
        full = source_file(self.roots, root, path)
        return full.as_uri() if full else None


def href_with(params: Mapping[str, Any], target: str = "", **changes: Any) -> str:
    """A relative link to page `target` (this page when "") with `params` changed; None/""/[] removes a key."""
    merged: dict[str, Any] = {k: v for k, v in params.items()}
    for key, value in changes.items():
        merged[key] = value
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((key, str(v)) for v in values if v not in (None, ""))
    return (target or "") + "?" + urlencode(pairs) if pairs else (target or "?")


def link(href: str | None, text: str, title: str = "", html_text: str | None = None) -> str:
    """An <a> with escaped text (or `html_text`, already safe); plain text when there is no (safe) target."""
    inner = html_text if html_text is not None else esc(text)
    if not href or href.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
        return inner
    attrs = f' href="{esc(href)}"'
    if is_web_url(href):
        attrs += ' target="_blank" rel="noopener noreferrer"'
    if title:
        attrs += f' title="{esc(title)}"'
    return f"<a{attrs}>{inner}</a>"
