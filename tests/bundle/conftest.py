"""Fixtures for bundle tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_helpers import Network


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    net = Network(tmp_path)
    yield net
    net.close()
