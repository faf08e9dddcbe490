"""Command handlers, one module per area; importing this package registers them all."""

from ecodesk.commands import entries, gui, workspace  # noqa: F401
