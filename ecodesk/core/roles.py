"""Who may do what: a workspace is an office's or the task force's, and each role's operations
are refused in the other's workspace by the workspace itself, so every front end (CLI, window,
whatever comes next) gets the same rule and the same message.

Entering data is not in the table: both roles do it (the task force's demo, a kept version).
Reading (status, matrix, archive, report) is not either.
"""

from __future__ import annotations

from enum import StrEnum

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t


class Role(StrEnum):
    OFFICE = "office"
    TASK_FORCE = "task_force"


class Operation(StrEnum):
    SET_TARGET = "set_target"
    SET_ASSIGNMENT = "set_assignment"
    REVIEW = "review"
    IMPORT_BUNDLES = "import_bundles"
    MAKE_TASK_PACKAGE = "make_task_package"
    ENROLL_OFFICE = "enroll_office"
    REVOKE_KEY = "revoke_key"
    RESOLVE_CONFLICT = "resolve_conflict"
    EXPORT_BUNDLE = "export_bundle"
    IMPORT_TASK_PACKAGE = "import_task_package"


# operation: (the role that may do it, what it is in Chinese, in English)
OPERATIONS: dict[Operation, tuple[Role, str, str]] = {
    Operation.SET_TARGET: (Role.TASK_FORCE, "设置省级下达目标", "setting an assigned target"),
    Operation.SET_ASSIGNMENT: (Role.TASK_FORCE, "分配任务", "assigning tasks"),
    Operation.REVIEW: (Role.TASK_FORCE, "审核（通过、退回、重新打开）",
                       "reviewing (accept, return, reopen)"),
    Operation.IMPORT_BUNDLES: (Role.TASK_FORCE, "导入数据包", "importing bundles"),
    Operation.MAKE_TASK_PACKAGE: (Role.TASK_FORCE, "生成任务包", "making task packages"),
    Operation.ENROLL_OFFICE: (Role.TASK_FORCE, "登记单位公钥", "enrolling office keys"),
    Operation.REVOKE_KEY: (Role.TASK_FORCE, "吊销密钥", "revoking keys"),
    Operation.RESOLVE_CONFLICT: (Role.TASK_FORCE, "处理冲突", "resolving conflicts"),
    Operation.EXPORT_BUNDLE: (Role.OFFICE, "导出数据包", "exporting bundles"),
    Operation.IMPORT_TASK_PACKAGE: (Role.OFFICE, "导入任务包", "importing task packages"),
}  # fmt: skip


class RoleError(UserError):
    """An operation of the other role; the message says which role may do it."""

    def __init__(self, operation: Operation, message: str) -> None:
        self.operation = operation
        super().__init__(message)


def role_name(role: Role) -> str:
    return (
        t("工作专班", "the task force") if role is Role.TASK_FORCE else t("填报单位", "an office")
    )


def require_role(role: Role | str, operation: Operation, *, workspace_name: str = "") -> None:
    """Raise RoleError unless `role` may perform `operation`."""
    allowed, zh, en = OPERATIONS[operation]
    if Role(role) is allowed:
        return
    here = workspace_name or role_name(Role(role))
    raise RoleError(
        operation,
        t(
            f"{zh}只能在{role_name(allowed)}的工作区进行（本工作区属于{here}）",
            f"{en} is done in {role_name(allowed)}'s workspace only (this workspace is {here}'s)",
        ),
    )
