"""The pipeline imports no Django and nothing from Kith's Django apps.

Two checks: every module is imported in a fresh interpreter with no Django settings and Django
must not have been loaded; and no module's source imports django or another kith app.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import kith.intelligence

PACKAGE = Path(kith.intelligence.__file__).parent
ROOT = PACKAGE.parent.parent


def pipeline_modules() -> list[str]:
    return sorted(
        "kith.intelligence" + ("" if path.stem == "__init__" else f".{path.stem}") for path in PACKAGE.glob("*.py")
    )


def test_every_pipeline_module_imports_without_django() -> None:
    """Importing every module of the pipeline in a fresh interpreter loads no Django."""
    script = (
        "import importlib, sys\n"
        f"for name in {pipeline_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "kith_apps = sorted(\n"
        "    m for m in sys.modules if m.startswith('kith.') and not m.startswith('kith.intelligence')\n"
        ")\n"
        "print(loaded, kith_apps)\n"
        "sys.exit(1 if loaded or kith_apps else 0)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def imported_names(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_pipeline_source_imports_django_or_another_kith_app() -> None:
    """The rule is in the source too, so a lazy import inside a function cannot slip past."""
    offences = [
        f"{path.name}: {name}"
        for path in sorted(PACKAGE.glob("*.py"))
        for name in imported_names(path)
        if name.split(".")[0] == "django" or (name.startswith("kith.") and not name.startswith("kith.intelligence"))
    ]
    assert offences == []
