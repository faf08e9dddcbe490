"""Keys with a lifecycle at the task force: a key is bound to one office and one install; a
revoked key signs nothing not already received; a rotated-away or re-enrolled-away key signs
nothing once that is known and cannot rotate again. Each case is signed with a key the attacker
really holds (the office's own, stolen or old), so only these rules stop it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes, export, fill, import_all
from forge import Forge, new_pair, rotation

from ecodesk.bundle import api, keys
from ecodesk.core.errors import UserError
from ecodesk.store import keys as key_store
from ecodesk.store.workspace import Workspace


@pytest.fixture
def forge(network: Network) -> Iterator[Forge]:
    office = network.join("成县")
    fill(office, 1, "规划")
    yield Forge(office, network.tf)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(tf: Workspace, path: Path, code: str) -> None:
    before = db_bytes(tf)
    plan = api.plan_import(tf, [path])
    (report,) = plan.files
    assert report.status == "rejected", plan.summary_lines()
    assert report.error is not None and report.error.code == code, str(report.error)
    assert path.name in str(report.error)
    assert not api.apply_import(tf, plan).counts["new"]
    assert db_bytes(tf) == before


def _imported(tf: Workspace, paths: list[Path]) -> api.ImportPlan:
    done = import_all(tf, paths)
    assert [f.status for f in done.files] == ["ok"] * len(paths), done.summary_lines()
    return done


def _manifest_sha(tf: Workspace, path: Path) -> str:
    return api.plan_import(tf, [path]).files[0].manifest_sha256


def test_a_key_signs_only_for_the_install_it_was_enrolled_with(
    forge: Forge, tmp_path: Path
) -> None:
    other_install = _file(tmp_path, "other-install.ecb", forge.build(
        edit_manifest=lambda m: m.update(install_id="ffffffff-ffff-4fff-8fff-ffffffffffff")))  # fmt: skip
    _refused(forge.tf, other_install, "wrong_install")
    _imported(forge.tf, [export(forge.office, tmp_path)])  # the real install still gets in


def test_a_revoked_key_signs_nothing_new_whatever_install_or_sequence_it_claims(
    forge: Forge, tmp_path: Path
) -> None:
    first = export(forge.office, tmp_path)
    fill(forge.office, 2, "部署")
    second = export(forge.office, tmp_path)
    _imported(forge.tf, [first, second])
    api.revoke_office_key(forge.tf, office="成县")
    fresh_install = _file(tmp_path, "fresh.ecb", forge.build(
        edit_manifest=lambda m: m.update(install_id="eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee")))  # fmt: skip
    _refused(forge.tf, fresh_install, "revoked_key")
    after = _file(
        tmp_path, "after.ecb", forge.build(sequence=3, previous=_manifest_sha(forge.tf, second))
    )
    _refused(forge.tf, after, "revoked_key")
    # what was received before the revocation stays, and arriving again is still a duplicate
    assert api.plan_import(forge.tf, [first]).files[0].status == "duplicate"


def test_a_revoked_key_cannot_fill_a_gap_and_the_real_bundle_is_still_taken(
    forge: Forge, tmp_path: Path
) -> None:
    office, tf = forge.office, forge.tf
    first = export(office, tmp_path)
    fill(office, 1, "第二次")
    lost = export(office, tmp_path)  # number 2 is lost in the mail
    fill(office, 1, "第三次")
    third = export(office, tmp_path)
    _imported(tf, [first, third])
    api.revoke_office_key(tf, office="成县")  # cut-off: number 3, with number 2 missing
    stolen = keys.own_keys(office)
    gap_fill = _file(tmp_path, "gap.ecb", forge.build(sequence=2, previous=_manifest_sha(tf, first),
                                                      lines=[{**forge.line(), "plan": "伪造"}]))  # fmt: skip
    _refused(tf, gap_fill, "revoked_key")
    _refused(tf, lost, "revoked_key")  # signed by the revoked key too
    # The office gets a new key on the same install, enrolled after the phone call; its bundle
    # with the gap's number is taken, not called a fork of the thief's.
    api.rotate_key(office)
    _enroll(tf, office, tmp_path)
    fresh = keys.own_keys(office)
    assert fresh.public.key_id != stolen.public.key_id
    real = _file(tmp_path, "real-2.ecb", forge.build(sequence=2, previous=_manifest_sha(tf, first),
                                                     sign_with=fresh))  # fmt: skip
    done = _imported(tf, [real])
    assert not any("2" in gap for gap in done.gaps)


def test_a_rotated_key_signs_nothing_once_the_rotation_is_known(
    forge: Forge, tmp_path: Path
) -> None:
    office, tf = forge.office, forge.tf
    old = keys.own_keys(office)
    _imported(tf, [export(office, tmp_path)])
    api.rotate_key(office)
    fill(office, 1, "换钥之后")
    second = export(office, tmp_path)
    _imported(tf, [second])
    assert key_store.get_key(tf.db, old.public.key_id).status == key_store.ROTATED  # type: ignore[union-attr]
    late = _file(tmp_path, "old-key.ecb", forge.build(sequence=3, previous=_manifest_sha(tf, second),
                                                      sign_with=old))  # fmt: skip
    _refused(tf, late, "retired_key")
    fill(office, 1, "第三次")
    _imported(tf, [export(office, tmp_path)])


def test_a_rotated_key_cannot_rotate_again(forge: Forge, tmp_path: Path) -> None:
    office, tf = forge.office, forge.tf
    old = keys.own_keys(office)
    _imported(tf, [export(office, tmp_path)])
    api.rotate_key(office)
    fill(office, 1, "换钥之后")
    second = export(office, tmp_path)
    _imported(tf, [second])
    thief = new_pair()
    statement = rotation(old, thief, office="成县", install_id=office.install_id)
    forked = _file(tmp_path, "fork.ecb", forge.build(
        sequence=3, previous=_manifest_sha(tf, second), sign_with=thief,
        edit_manifest=lambda m: m.update(rotations=[*keys.rotations(office), statement])))  # fmt: skip
    _refused(tf, forked, "rotation_fork")


def test_two_rotations_of_one_key_in_one_import_are_both_refused(
    forge: Forge, tmp_path: Path
) -> None:
    office, tf = forge.office, forge.tf
    old = keys.own_keys(office)
    first = export(office, tmp_path)
    _imported(tf, [first])
    previous = _manifest_sha(tf, first)
    files = []
    for n, name in ((2, "a.ecb"), (3, "b.ecb")):
        new = new_pair()
        statement = rotation(old, new, office="成县", install_id=office.install_id)
        files.append(_file(tmp_path, name, forge.build(
            sequence=n, previous=previous, sign_with=new,
            edit_manifest=lambda m, s=statement: m.update(rotations=[s]))))  # fmt: skip
    before = db_bytes(tf)
    done = api.plan_import(tf, files)
    assert [f.status for f in done.files] == ["rejected", "rejected"], done.summary_lines()
    assert {f.error.code for f in done.files if f.error} == {"rotation_fork"}
    assert db_bytes(tf) == before


def test_a_key_rotated_away_in_the_same_import_signs_nothing(forge: Forge, tmp_path: Path) -> None:
    office, tf = forge.office, forge.tf
    old = keys.own_keys(office)
    _imported(tf, [export(office, tmp_path)])
    api.rotate_key(office)
    fill(office, 1, "换钥之后")
    rotated = export(office, tmp_path)  # number 2, signed by the new key, carries the rotation
    by_old = _file(
        tmp_path, "by-old.ecb", forge.build(sequence=3, previous="a" * 64, sign_with=old)
    )
    done = api.plan_import(tf, [rotated, by_old])
    assert [f.status for f in done.files] == ["ok", "rejected"], done.summary_lines()
    assert done.files[1].error is not None and done.files[1].error.code == "retired_key"


def test_re_enrolling_an_office_retires_its_previous_key(
    network: Network, forge: Forge, tmp_path: Path
) -> None:
    office, tf = forge.office, forge.tf
    old_key = keys.own_keys(office).public
    _imported(tf, [export(office, tmp_path)])
    new_pc = Workspace.create(tmp_path / "new-pc", office="成县")
    try:
        enrolled = _enroll(tf, new_pc, tmp_path)
        assert [k.key_id for k in enrolled.retired] == [old_key.key_id]
        assert enrolled.retired[0].fingerprint == old_key.fingerprint
        assert key_store.get_key(tf.db, old_key.key_id).replaced_by == enrolled.key.key_id  # type: ignore[union-attr]
        fill(office, 1, "旧电脑")
        _refused(tf, export(office, tmp_path), "retired_key")
        package = api.make_task_package(tf, office="成县", out_dir=tmp_path)
        api.import_task_package(
            new_pc, package.path, confirm_fingerprint=api.key_info(tf).fingerprint
        )
        fill(new_pc, 2, "新电脑")  # a task the old PC never sent: entries stay their owner's
        (tmp_path / "new").mkdir()
        _imported(tf, [export(new_pc, tmp_path / "new")])
        # enrolling the same key again retires nothing
        assert _enroll(tf, new_pc, tmp_path).retired == []
    finally:
        new_pc.close()


def test_a_revoked_key_cannot_be_enrolled_again(forge: Forge, tmp_path: Path) -> None:
    api.revoke_office_key(forge.tf, office="成县")
    with pytest.raises(UserError) as info:
        _enroll(forge.tf, forge.office, tmp_path)
    assert "吊销" in str(info.value)


def test_a_rotation_names_its_install(forge: Forge, tmp_path: Path) -> None:
    office, tf = forge.office, forge.tf
    old = keys.own_keys(office)
    first = export(office, tmp_path)
    _imported(tf, [first])
    new = new_pair()
    statement = rotation(old, new, office="成县", install_id="dddddddd-dddd-4ddd-8ddd-dddddddddddd")
    moved = _file(tmp_path, "moved.ecb", forge.build(
        sequence=2, previous=_manifest_sha(tf, first), sign_with=new,
        edit_manifest=lambda m: m.update(rotations=[statement])))  # fmt: skip
    _refused(tf, moved, "wrong_install")


def _enroll(tf: Workspace, office: Workspace, tmp_path: Path) -> api.Enrollment:
    key_file = tmp_path / f"{office.install_id}.pub.json"
    key_file.write_text(json.dumps(api.key_document(office), ensure_ascii=False))
    return api.enroll_office(
        tf,
        office=office.office or "",
        key_file=key_file,
        fingerprint=api.key_info(office).fingerprint,
    )
