"""The site's diagram classes: AWS's group conventions and node kinds, named once.

A flowchart fence only names a class (`class vpc1 vpc`, or
`app["App server"]:::compute`); Mermaid keeps the name on the drawn group or
node, and docs/assets/stylesheets/diagrams.css draws every element of a class
alike on every page: line colour, dash and fill, from custom properties set
per colour scheme (`--diagram-<class>-line`, `--diagram-<class>-fill`), so
one SVG serves the light and the dark scheme and a change of style needs no
re-rendering. Groups follow AWS's architecture icon guidelines; nodes take
the colour of their AWS icon category.

This module is the list of classes: the page checks reject any other class
in a fence, and the tests check that diagrams.css styles each one in both
schemes and that the legend page (docs/reference/diagram-legend.md) shows it.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Style(NamedTuple):
    """One diagram class: what it is for and how it is drawn."""
    name: str       # the class a fence uses
    kind: str       # "group" (a subgraph) or "node"
    label: str      # what it means, for the legend
    filled: bool = True  # False: an outline over its parent (diagrams.css sets no --diagram-<name>-fill)


# AWS architecture icon guidelines, group containers: AWS Cloud (solid, squid
# ink), Region (solid teal), Availability Zone (dashed teal), VPC (solid
# purple), public subnet (green, tinted), private subnet (blue, tinted),
# security group (red, dashed), Auto Scaling group (orange, dashed).
GROUPS = [
    Style("cloud", "group", "AWS Cloud: everything that runs in AWS", filled=False),
    Style("region", "group", "Region", filled=False),
    Style("az", "group", "Availability Zone", filled=False),
    Style("vpc", "group", "VPC", filled=False),
    Style("public", "group", "Public subnet: has a route to an internet gateway"),
    Style("private", "group", "Private subnet: no route to an internet gateway"),
    Style("sg", "group", "Security group", filled=False),
    Style("asg", "group", "Auto Scaling group", filled=False),
    Style("onprem", "group", "Corporate data center (outside AWS)", filled=False),
]
# Node kinds, coloured like their AWS icon category.
NODES = [
    Style("user", "node", "Users, clients and the internet"),
    Style("gateway", "node", "Gateways and endpoints: internet, NAT, transit, VPN, VPC endpoints"),
    Style("lb", "node", "Load balancers and traffic routers: ELB, Route 53, CloudFront, API Gateway"),
    Style("compute", "node", "Compute: EC2 instances, containers, Lambda functions"),
    Style("database", "node", "Databases: RDS, Aurora, DynamoDB"),
    Style("storage", "node", "Storage: S3 buckets, EBS volumes, EFS file systems"),
    Style("queue", "node", "Messaging and events: SQS queues, SNS topics, event buses, streams"),
    Style("security", "node", "Security and identity: IAM, KMS, secrets, WAF"),
]
STYLES = {style.name: style for style in GROUPS + NODES}

FLOWCHART_HEADER = re.compile(r"^\s*(?:flowchart|graph)\b.*$", re.M)
CLASS_STATEMENT = re.compile(r"^\s*class\s+[^\n]*?\s([\w-]+)\s*;?\s*$", re.M)
CLASS_SHORTHAND = re.compile(r":::([\w-]+)")
CLASS_DEF = re.compile(r"^\s*classDef\s+([\w-]+)", re.M)


def used_classes(source: str) -> list[str]:
    """Class names a diagram applies (`class a,b name` and `node:::name`), in order of first use."""
    found = [(m.start(), m.group(1)) for m in CLASS_STATEMENT.finditer(source)]
    found += [(m.start(), m.group(1)) for m in CLASS_SHORTHAND.finditer(source)]
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


def unknown_classes(source: str) -> list[str]:
    """Classes a flowchart uses that are not the site's."""
    if not FLOWCHART_HEADER.search(source):
        return []
    return [name for name in used_classes(source) if name not in STYLES]
