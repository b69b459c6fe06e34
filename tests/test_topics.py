"""Every topic of the raw notes is on the site, at a heading that exists."""

from __future__ import annotations

import re
from pathlib import Path


from awsnotes.checks.site import parse_html

ROOT = Path(__file__).resolve().parent.parent
# A copy of the raw notes' topic checklist (../shared/notes/TOPICS.md), kept in the repository
# so the test runs in any clone.
TOPICS = Path(__file__).with_name("data") / "TOPICS.md"
TOPIC_MAP = Path(__file__).with_name("topic_map.txt")
TOPIC_LINE = re.compile(r"^- \[[ x]\] (?P<topic>.*?)\s+_\(notes[^)]*\)_\s*$")


def checklist(text: str) -> list[str]:
    return [m.group("topic") for m in map(TOPIC_LINE.match, text.splitlines()) if m]


def topic_map(text: str) -> dict[str, str]:
    pairs = [line.rsplit("|", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {topic.strip(): target.strip() for topic, target in pairs}


def test_checklist_parser():
    text = "## EC2\n\n- [ ] EC2 User Data (bootstrap script) _(notes 001)_\n- not a topic\n"
    assert checklist(text) == ["EC2 User Data (bootstrap script)"]


def test_every_topic_is_mapped_to_a_page():
    mapped = topic_map(TOPIC_MAP.read_text(encoding="utf-8"))
    missing = [topic for topic in checklist(TOPICS.read_text(encoding="utf-8")) if topic not in mapped]
    assert not missing, "topics of the notes not on the site (add them to a page and to topic_map.txt):\n" \
        + "\n".join(missing)


def test_every_mapped_heading_exists(built_site):
    broken, ids = [], {}  # each page parsed once
    for topic, target in topic_map(TOPIC_MAP.read_text(encoding="utf-8")).items():
        path, _, anchor = target.partition("#")
        page = built_site / path.strip("/") / "index.html"
        if page.is_file() and page not in ids:
            ids[page] = parse_html(page.read_text(encoding="utf-8")).ids
        if not page.is_file() or (anchor and anchor not in ids[page]):
            broken.append(f"{topic}: {target}")
    assert not broken, "topic_map.txt points at missing pages or headings:\n" + "\n".join(broken)
