"""Links to the minutes: web templates, the app's source view, paths that cannot climb out."""
from __future__ import annotations

import pytest

from ui import links as c

# -- links ----------------------------------------------------------------------------------
TEMPLATE = "https://github.com/SovereignCloudStack/minutes/blob/main/{path}#L{line}"


def test_web_source_url_fills_the_template():
    assert c.web_source_url(TEMPLATE, "iaas/2024 03.md", 40) == \
        "https://github.com/SovereignCloudStack/minutes/blob/main/iaas/2024%2003.md#L40"


@pytest.mark.parametrize("template", ["javascript:alert('{path}')", "data:text/html,{path}", "file:///{path}",
                                      "//evil.example/{path}", "{path}"])
def test_web_source_url_refuses_other_schemes(template):
    assert c.web_source_url(template, "iaas/x.md", 1) is None


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "a/../../b.md", "a\\..\\b.md", ""])
def test_paths_that_climb_out_are_refused(path, tmp_path):
    assert c.safe_relative(path) is None
    assert c.web_source_url(TEMPLATE, path, 1) is None
    assert c.source_file([str(tmp_path)], str(tmp_path), path) is None


def test_source_file_stays_inside_known_roots(tmp_path):
    root = tmp_path / "corpus"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "a.md").write_text("# a\n")
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    (root / "infra" / "link.md").symlink_to(outside)
    assert c.source_file([str(root)], str(root), "infra/a.md") == (root / "infra" / "a.md").resolve()
    assert c.source_file([str(root)], str(root), "infra/link.md") is None  # symlink out of the corpus
    assert c.source_file([str(root)], str(tmp_path), "secret.md") is None  # not a root of the index


def test_source_links_prefer_the_template_and_fall_back_to_the_source_view(tmp_path):
    links = c.SourceLinks(roots=[str(tmp_path)], template=TEMPLATE)
    assert links.href(str(tmp_path), "infra/a.md", 3).startswith("https://github.com/")
    links = c.SourceLinks(roots=[str(tmp_path)], template="")
    assert links.href(str(tmp_path), "infra/a.md", 3) == "Source?root=0&path=infra%2Fa.md&line=3"
    assert links.href("/elsewhere", "infra/a.md", 3) is None
    bad = c.SourceLinks(roots=[str(tmp_path)], template="javascript:alert(1)//{path}")
    assert bad.href(str(tmp_path), "infra/a.md", 3).startswith("Source?")


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", None, ""])
def test_link_never_makes_script_urls_clickable(href):
    out = c.link(href, "<click>")
    assert out == "&lt;click&gt;"


def test_link_escapes_target_and_text():
    out = c.link("https://example.org/?a=1&b=2", "<x>")
    assert out.startswith('<a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"')
    assert "&lt;x&gt;</a>" in out
    assert c.link('Source?x="><script>', "t") == '<a href="Source?x=&quot;&gt;&lt;script&gt;">t</a>'


def test_href_with_changes_and_removes_keys():
    params = {"q": ["ovn"], "series": ["infra"], "page": ["3"]}
    assert c.href_with(params, "", project=["OVN"], page=None) == "?q=ovn&series=infra&project=OVN"
    assert c.href_with({}, "Explore", type="person", value="a&b") == "Explore?type=person&value=a%26b"


