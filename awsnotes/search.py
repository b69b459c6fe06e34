"""Shape the search index: aliases on sections, one entry per glossary term, the synonym table.

Material's search plugin gives every page one entry for its opening text and
one per heading. These pure functions (used by overrides/hooks/search.py and
imported by tests) add what this site knows on top:

- a page's `keywords:` go on the page's entry; its `section_keywords:`
  (anchor -> aliases) go on the entries of those sections;
- a page keyword that names one of its sections ("NAT gateway", "network
  ACL", or an acronym of its title: "GSI") goes on that section too, so the
  alias lands on the section;
- a short link (`nacl.md: networking/vpc.md#nacl` in mkdocs.yml) makes its
  name an alias of the place it points to;
- the glossary gets one entry per term, with the term's own anchor; terms
  and the self-check and further-reading sections rank after the pages;
- `includes/search-synonyms.yml` (everyday phrasing -> AWS terms, and the
  common words that must not outrank the words that matter) travels in the
  index's `config`, where the search worker reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from awsnotes import ROOT

SYNONYMS_FILE = ROOT / "includes" / "search-synonyms.yml"
WORD = re.compile(r"[a-z0-9]+")
PARAGRAPH = re.compile(r"<p>.*?</p>", re.S)
# Sections every page ends with: quiz questions and links, rarely the answer.
DEMOTED_ANCHORS = {"self-check", "further-reading"}
# The boost of a glossary term or a demoted section: found, after the pages.
SECONDARY = 0.5


def words(text: str) -> list[str]:
    """Lower-case words of a title or keyword: 'Network ACLs' -> ['network', 'acls']."""
    return WORD.findall(text.casefold())


def names_section(keyword: str, title: str) -> bool:
    """True when every word of `keyword` starts a word of `title` or the other way round."""
    title_words = words(title)
    return bool(words(keyword)) and all(
        any(t.startswith(k) or k.startswith(t) for t in title_words if min(len(t), len(k)) >= 3 or t == k)
        for k in words(keyword))


SMALL_WORDS = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"}


def spells(acronym: str, title: str) -> bool:
    """True when an upper-case acronym is spelled by the title's initials:
    'GSI' and 'Global secondary index', 'PITR' and 'Backups and point-in-time recovery'."""
    if not re.fullmatch(r"[A-Z][A-Z0-9]+", acronym):
        return False
    every = words(title)
    initials = ("".join(word[0] for word in every if word not in SMALL_WORDS), "".join(word[0] for word in every))
    return any(acronym.casefold() in spelled for spelled in initials)


def add_aliases(entry: dict, aliases: list[str]) -> None:
    """Append aliases to an entry's `keywords` field, without repeating one."""
    present = entry.get("keywords", "").split("\u2003") if entry.get("keywords") else []
    for alias in aliases:
        if alias not in present:
            present.append(alias)
    if present:
        # An em space between aliases: a separator the index splits on, never typed in one.
        entry["keywords"] = "\u2003".join(present)


def page_entries(entries: list[dict], url: str) -> list[dict]:
    """The entries of one page: its own (location == url) and its sections (url#...)."""
    return [entry for entry in entries if entry.get("location", "").split("#")[0] == url]


def shape_page(entries: list[dict], url: str, keywords: list[str],
               section_keywords: dict[str, list[str]], short_links: dict[str, list[str]]) -> None:
    """Attach a page's aliases to its entries in place.

    `short_links` maps an anchor ("" for the page itself) to short-link names.
    """
    own = page_entries(entries, url)
    page = next((entry for entry in own if entry["location"] == url), None)
    sections = {entry["location"].split("#", 1)[1]: entry for entry in own if "#" in entry["location"]}
    explicit = {alias.casefold() for anchor, aliases in [*section_keywords.items(), *short_links.items()]
                if anchor for alias in aliases}
    if page is not None:
        # An alias its author placed on a section belongs to that section only.
        add_aliases(page, [k for k in keywords if k.casefold() not in explicit] + short_links.get("", []))
    page_title = page["title"] if page else ""
    for keyword in keywords:
        if names_section(keyword, page_title) or keyword.casefold() in explicit:
            continue  # the page's own name, or an alias its author placed on a section
        named = [entry for entry in sections.values()
                 if names_section(keyword, entry["title"]) or spells(keyword, entry["title"])]
        if named:
            # The first section whose title starts with the keyword, else the first that names it.
            first_word = words(keyword)[0]
            leading = [entry for entry in named if words(entry["title"])[0].startswith(first_word)
                       or spells(keyword, entry["title"])]
            add_aliases((leading or named)[0], [keyword])
    for anchor in DEMOTED_ANCHORS & set(sections):
        sections[anchor]["boost"] = SECONDARY
    for anchor, aliases in section_keywords.items():
        if anchor in sections:
            add_aliases(sections[anchor], aliases)
    for anchor, names in short_links.items():
        if anchor and anchor in sections:
            add_aliases(sections[anchor], names)


def short_links(redirect_maps: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """Short links by target page: {'networking/vpc.md': {'nacl': ['nacl'], '': ['vpc']}}.

    Only one-word links at the top level count ('nacl.md'), not moved pages.
    """
    found: dict[str, dict[str, list[str]]] = {}
    for source, target in redirect_maps.items():
        if "/" in source or not source.endswith(".md") or "://" in target:
            continue
        page, _, anchor = target.partition("#")
        found.setdefault(page, {}).setdefault(anchor, []).append(source[:-3])
    return found


@dataclass(frozen=True)
class GlossaryTerm:
    anchor: str
    term: str
    meaning: str


def split_glossary(entries: list[dict], url: str, terms: list[GlossaryTerm]) -> None:
    """Replace the glossary table in the index with one entry per term, in place.

    The page's own entry keeps only its paragraphs (the table ran together
    into one long text); each term gets an entry at its own anchor, so a
    search for "RCU" shows "RCU: Read capacity unit", linked to that row.
    """
    page = next((entry for entry in entries if entry.get("location") == url), None)
    if page is None:
        return
    page["text"] = "".join(PARAGRAPH.findall(page["text"]))
    position = entries.index(page) + 1
    new = [{"location": f"{url}#{term.anchor}", "title": term.term, "text": term.meaning, "boost": SECONDARY,
            **({"tags": page["tags"]} if "tags" in page else {})} for term in terms]
    entries[position:position] = new


class SynonymError(ValueError):
    """The synonym file is malformed; the message starts with FILE:LINE."""


def load_synonyms(text: str, name: str = "search-synonyms.yml") -> dict:
    """Parse the synonym file into the worker's table.

    Returns {"stop_words": [...], "synonyms": {"data center": ["direct connect", ...]}},
    lower-cased. Raises SynonymError with FILE:LINE on a malformed file.
    """
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SynonymError(f"{name}:{line}: not valid YAML: fix its syntax") from None

    def line_of(key: str) -> int:
        for number, raw in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*{re.escape(key)}\s*:", raw):
                return number
        return 1

    if not isinstance(data, dict) or set(data) - {"stop_words", "synonyms"}:
        raise SynonymError(f"{name}:1: use only the keys 'stop_words' (a list) and 'synonyms' (a mapping)")
    stop = data.get("stop_words") or []
    if not isinstance(stop, list) or not all(isinstance(w, str) and len(words(w)) == 1 for w in stop):
        raise SynonymError(f"{name}:{line_of('stop_words')}: 'stop_words' must be a list of single words")
    synonyms = data.get("synonyms") or {}
    if not isinstance(synonyms, dict):
        raise SynonymError(f"{name}:{line_of('synonyms')}: 'synonyms' must map a phrase to a list of terms")
    table = {}
    for phrase, terms in synonyms.items():
        if (not isinstance(phrase, str) or not words(phrase) or not isinstance(terms, list)
                or not terms or not all(isinstance(t, str) and words(t) for t in terms)):
            raise SynonymError(f"{name}:{line_of(str(phrase))}: '{phrase}' must map to a list of "
                               "AWS terms, e.g. 'data center: [Direct Connect, Site-to-Site VPN]'")
        table[" ".join(words(phrase))] = [" ".join(words(t)) for t in terms]
    return {"stop_words": sorted({w.casefold() for w in stop}), "synonyms": table}


def read_synonyms(path: Path = SYNONYMS_FILE) -> dict:
    return load_synonyms(path.read_text(encoding="utf-8"), path.name)
