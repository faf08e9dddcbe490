"""Task packages at the office: only the task force's active key (or a successor it proved by a
rotation statement) is followed, and packages form a hash chain, so a rollback, a fork and a
jump ahead are refused, while a lost package may be skipped along a proven chain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes
from forge import new_pair, package, rotation

from ecodesk.bundle import api, keys, schema
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store.workspace import Workspace

OFFICE = "成县"


@pytest.fixture
def office(network: Network) -> Iterator[Workspace]:
    yield network.join(OFFICE)


def _chain(tf: Workspace) -> list[str]:
    return bundle_store.package_chain(tf.db, direction="out", office=OFFICE)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(office: Workspace, path: Path, code: str) -> api.BundleError:
    before = db_bytes(office)
    with pytest.raises(api.BundleError) as info:
        api.import_task_package(office, path)
    assert info.value.code == code, str(info.value)
    assert path.name in str(info.value)
    assert db_bytes(office) == before
    return info.value


def test_packages_are_format_3_and_name_every_earlier_package(
    network: Network, office: Workspace
) -> None:
    second = api.make_task_package(network.tf, office=OFFICE, out_dir=network.mail)
    from conflict_helpers import package_manifest

    manifest = package_manifest(office, second.path)
    # Format 3 while no kept version's evidence names an indicator (format 4): 0.2.0 reads it.
    assert schema.OLDEST_PACKAGE_FORMAT == 3 and manifest["format_version"] == 3
    first_sha = bundle_store.last_package(office.db, direction="in", office=OFFICE)[1]  # type: ignore[index]
    assert manifest["package_chain"] == [first_sha] and manifest["previous_sha256"] == first_sha
    assert api.import_task_package(office, second.path).sequence == 2


def test_the_task_force_old_key_is_refused_after_its_rotation(
    network: Network, office: Workspace, tmp_path: Path
) -> None:
    tf = network.tf
    old = keys.own_keys(tf)
    api.rotate_key(tf)
    network.send_package(OFFICE)  # the office learns the new key from the rotation statement
    assert key_store.get_key(office.db, old.public.key_id).status == key_store.ROTATED  # type: ignore[union-attr]
    chain = bundle_store.package_chain(office.db, direction="in", office=OFFICE)
    body = {"offices": [], "assignments": [[t, 2023, False] for t in range(1, 38)], "targets": [],
            "acks": [], "reviews": [], "resolved": []}  # fmt: skip
    forged = _file(tmp_path, "old-key.ecp", package(
        tf, office, sequence=3, previous=chain[-1], chain=chain, sign_with=old, body=body, rotations=[]))  # fmt: skip
    _refused(office, forged, "retired_key")
    # a second rotation forged with the old key is a fork, not a successor
    thief = new_pair()
    statement = rotation(old, thief, office="", install_id=tf.install_id)
    forked = _file(tmp_path, "fork.ecp", package(
        tf, office, sequence=3, previous=chain[-1], chain=chain, sign_with=thief,
        rotations=[*keys.rotations(tf), statement]))  # fmt: skip
    _refused(office, forked, "not_task_force")
    assert network.send_package(OFFICE).sequence == 3


def test_a_package_numbered_999999999_is_refused_and_locks_nobody_out(
    network: Network, office: Workspace, tmp_path: Path
) -> None:
    chain = _chain(network.tf)
    jump = _file(tmp_path, "jump.ecp", package(
        network.tf, office, sequence=999_999_999, previous=chain[-1], chain=chain))  # fmt: skip
    error = _refused(office, jump, "package_jump")
    assert "999999999" in str(error)
    assert network.send_package(OFFICE).sequence == 2


def test_a_fork_of_the_chain_is_refused(
    network: Network, office: Workspace, tmp_path: Path
) -> None:
    fork = _file(tmp_path, "fork.ecp", package(
        network.tf, office, sequence=3, previous="b" * 64, chain=["a" * 64, "b" * 64]))  # fmt: skip
    _refused(office, fork, "fork")
    next_one = _file(tmp_path, "next.ecp", package(
        network.tf, office, sequence=2, previous="c" * 64, chain=["c" * 64]))  # fmt: skip
    _refused(office, next_one, "fork")
    broken = _file(tmp_path, "broken.ecp", package(
        network.tf, office, sequence=3, previous="c" * 64, chain=[*_chain(network.tf), "d" * 64]))  # fmt: skip
    _refused(office, broken, "package_chain")


def test_a_rollback_is_refused(network: Network, office: Workspace) -> None:
    old = api.make_task_package(network.tf, office=OFFICE, out_dir=network.mail)
    newer = api.make_task_package(network.tf, office=OFFICE, out_dir=network.mail)
    api.import_task_package(office, newer.path)
    _refused(office, old.path, "rollback")


def test_a_lost_package_is_skipped_along_the_proven_chain(
    network: Network, office: Workspace
) -> None:
    api.make_task_package(network.tf, office=OFFICE, out_dir=network.mail / "lost")
    third = api.make_task_package(network.tf, office=OFFICE, out_dir=network.mail)
    result = api.import_task_package(office, third.path)
    assert result.sequence == 3 and result.skipped_packages == [2]
    assert any("第 2 号任务包" in line for line in result.summary_lines())


def test_the_age_of_the_newest_package_is_known(network: Network, office: Workspace) -> None:
    newest = api.newest_package(office)
    assert newest is not None and newest.sequence == 1 and newest.age_days == 0
    assert "第 1 号" in newest.describe()
    fresh = Workspace.create(network.root / "fresh", office="文县")
    try:
        assert api.newest_package(fresh) is None
    finally:
        fresh.close()
