"""Shaping the search index (awsnotes/search.py): aliases on sections, glossary terms, synonyms."""

import pytest

from awsnotes import search
from awsnotes.search import GlossaryTerm


def vpc_entries():
    return [
        {"location": "networking/vpc/", "title": "Amazon VPC", "text": "<p>Intro.</p>"},
        {"location": "networking/vpc/#nat-gateway", "title": "NAT gateway", "text": "..."},
        {"location": "networking/vpc/#nacl", "title": "Network ACLs", "text": "..."},
        {"location": "networking/vpc/#sg-vs-nacl", "title": "Security groups and NACLs", "text": "..."},
        {"location": "networking/vpc/#self-check", "title": "Self-check", "text": "..."},
        {"location": "storage/s3/", "title": "Amazon S3", "text": "..."},
    ]


def aliases(entries, location):
    entry = next(e for e in entries if e["location"] == location)
    return entry.get("keywords", "").split("\u2003") if entry.get("keywords") else []


def test_page_keywords_that_name_a_section_go_on_that_section():
    entries = vpc_entries()
    search.shape_page(entries, "networking/vpc/", ["VPC", "NAT gateway", "network ACL"], {}, {})
    assert aliases(entries, "networking/vpc/") == ["VPC", "NAT gateway", "network ACL"]
    assert aliases(entries, "networking/vpc/#nat-gateway") == ["NAT gateway"]
    assert aliases(entries, "networking/vpc/#nacl") == ["network ACL"]
    assert aliases(entries, "storage/s3/") == []


def test_section_keywords_and_short_links_belong_to_their_section_only():
    entries = vpc_entries()
    search.shape_page(entries, "networking/vpc/", ["VPC", "NACL"], {"sg-vs-nacl": ["SG vs NACL"]},
                      {"nacl": ["nacl"], "": ["vpc"]})
    assert aliases(entries, "networking/vpc/") == ["VPC", "vpc"]  # "NACL" is the short link's section's
    assert aliases(entries, "networking/vpc/#nacl") == ["nacl"]
    assert aliases(entries, "networking/vpc/#sg-vs-nacl") == ["SG vs NACL"]


def test_acronyms_find_the_section_they_abbreviate():
    assert search.spells("GSI", "Global secondary index")
    assert search.spells("PITR", "Backups and point-in-time recovery")
    assert not search.spells("VPC", "Amazon VPC")
    assert not search.spells("gsi", "Global secondary index")  # only acronyms typed in capitals


def test_quiz_sections_rank_after_the_pages():
    entries = vpc_entries()
    search.shape_page(entries, "networking/vpc/", [], {}, {})
    assert next(e for e in entries if e["location"].endswith("#self-check"))["boost"] == search.SECONDARY


def test_short_links_are_read_from_the_redirect_map():
    found = search.short_links({"nacl.md": "networking/vpc.md#nacl", "vpc.md": "networking/vpc.md",
                                "old/page.md": "networking/vpc.md"})
    assert found == {"networking/vpc.md": {"nacl": ["nacl"], "": ["vpc"]}}


def test_the_glossary_is_one_entry_per_term():
    entries = [{"location": "reference/glossary/", "title": "Glossary", "tags": ["Reference"],
                "text": "<p>Every acronym.</p>ACL Access control list RCU Read capacity unit"},
               {"location": "reference/numbers/", "title": "Numbers", "text": "..."}]
    search.split_glossary(entries, "reference/glossary/", [GlossaryTerm("acl", "ACL", "Access control list"),
                                                           GlossaryTerm("rcu", "RCU", "Read capacity unit")])
    assert [e["location"] for e in entries] == ["reference/glossary/", "reference/glossary/#acl",
                                                "reference/glossary/#rcu", "reference/numbers/"]
    assert entries[0]["text"] == "<p>Every acronym.</p>"
    assert entries[2] == {"location": "reference/glossary/#rcu", "title": "RCU", "text": "Read capacity unit",
                          "boost": search.SECONDARY, "tags": ["Reference"]}


def test_the_synonym_file_becomes_the_workers_table():
    table = search.load_synonyms("stop_words: [How, do]\nsynonyms:\n  Data Center: [Direct Connect, Site-to-Site VPN]\n")
    assert table == {"stop_words": ["do", "how"],
                     "synonyms": {"data center": ["direct connect", "site to site vpn"]}}
    assert search.read_synonyms()["synonyms"]["data center"]


@pytest.mark.parametrize("text, message", [
    ("synonyms:\n  data center: Direct Connect\n", "search-synonyms.yml:2: 'data center' must map to a list"),
    ("stop_words: [how do]\n", "search-synonyms.yml:1: 'stop_words' must be a list of single words"),
    ("synonym:\n  a: [b]\n", "search-synonyms.yml:1: use only the keys"),
    ("synonyms: [\n", "search-synonyms.yml:2: not valid YAML"),
])
def test_a_malformed_synonym_file_names_its_line(text, message):
    with pytest.raises(search.SynonymError, match=message.replace("[", r"\[")):
        search.load_synonyms(text)
