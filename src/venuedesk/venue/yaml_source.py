"""YAML documents that remember where each value came from, so catalogue errors can name the line.

A catalogue file is parsed twice from the same text: once into plain Python data, once into PyYAML's node
tree (`yaml.compose`), whose nodes carry `start_mark`s. A validation error's location path (pydantic's
`loc`, e.g. `("rooms", 1, "capacity", "theater")`) is walked down the node tree to find its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml


class CatalogueYamlLoader(yaml.SafeLoader):
    """A safe loader that keeps `14:00` and `2026-12-24` as strings.

    YAML 1.1 reads an unquoted `14:00` as the sexagesimal integer 840 and `2026-12-24` as a date; a
    catalogue author means the text, so only plain decimal integers and floats are resolved as numbers.
    """


CatalogueYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CatalogueYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
CatalogueYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+][0-9]+)?$"),
    list("-+.0123456789"),
)


class YamlSyntaxError(Exception):
    """The text is not valid YAML; `line` is 1-based (None when unknown)."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus the node tree it came from."""

    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The 1-based line of the value at `loc`, or of its deepest existing parent.

        The last step of a mapping path points at the key's line (where the field is written); a
        pydantic `[key]` marker (an invalid dict key) is ignored since the key line is already meant.
        """
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            if part == "[key]":
                continue
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                        line = key_node.start_mark.line + 1
                        node = value_node
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into data and nodes; a syntax error becomes `YamlSyntaxError`."""
    try:
        root = yaml.compose(text, Loader=CatalogueYamlLoader)
        data = yaml.load(text, Loader=CatalogueYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        raise YamlSyntaxError(problem, None if mark is None else mark.line + 1) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from exc
    return YamlDocument(data=data, root=root)
