"""Command handlers, one module per area; `load_all()` imports them all, which registers them.

Importing the package itself imports none of them: the window (`ecodesk` alone) needs only
`commands.gui`, and the others cost a third of its start-up."""


def load_all() -> None:
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
