"""The build reads YAML with libyaml's safe loader where PyYAML has it: same data, same
refusals as the pure-Python safe loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from s3kg.yamlfile import safe_load

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*(ROOT / "data").rglob("*.yaml"), *(ROOT / "mappings").glob("*.yaml")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_committed_yaml_file_reads_as_the_pure_python_loader_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert safe_load(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["!!python/object:os.system {}", "key: [unclosed", "a: b: c"])
def test_what_the_safe_loader_refuses_is_refused(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        safe_load(text)
