"""The house rules of docs/architecture.md, checked on every run: arrows point down (faces,
services, core, leaves), no import cycle (imports inside functions count), imports inside
functions are rare and say why, every module says what it is, and the processes that
need no web framework do not load one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "docgen"
#: Function-level imports of docgen modules allowed per 1,000 lines of docgen code.
LAZY_PER_KLOC = 1.0
SIGN_IN_STACK = ("flask", "flask_login", "flask_limiter", "flask_talisman", "flask_wtf")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of each import of a docgen module inside a function of ``path``."""
    found: list[tuple[int, str]] = []

    def walk(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if inside and isinstance(child, ast.ImportFrom) and (
                    child.level or (child.module or "").startswith("docgen")):
                found.append((child.lineno, child.module or "."))
            elif inside and isinstance(child, ast.Import):
                found.extend((child.lineno, a.name) for a in child.names
                             if a.name.startswith("docgen"))
            walk(child, inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    walk(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_layers_contracts_hold(tmp_path):
    """import-linter's contracts of pyproject.toml: faces, services, core, leaves; Flask
    only in the HTTP face; no database below the services."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--cache-dir", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout


def test_no_import_cycle_among_docgen_modules():
    # Imports under ``if TYPE_CHECKING:`` never run: a type named in a signature is no arrow.
    graph = grimp.build_graph("docgen", cache_dir=None, exclude_type_checking_imports=True)
    cycles = [
        (a, b) for a in sorted(graph.modules) for b in graph.find_modules_directly_imported_by(a)
        if a != b and graph.chain_exists(importer=b, imported=a)
        and not a.startswith(b + ".") and not b.startswith(a + ".")
    ]
    assert cycles == []


@pytest.mark.slow
def test_imports_inside_functions_are_rare_and_say_why():
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in _modules())
    lazy: list[str] = []
    unexplained: list[str] = []
    for path in _modules():
        source = path.read_text(encoding="utf-8").splitlines()
        for line, module in _function_level_imports(path):
            where = f"{path.relative_to(ROOT)}:{line} {module}"
            lazy.append(where)
            if not source[line - 2].strip().startswith("#"):
                unexplained.append(where)
    assert unexplained == [], "a function-level import needs a comment saying why"
    assert len(lazy) <= LAZY_PER_KLOC * lines / 1000, lazy


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_says_what_it_is(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


@pytest.mark.slow
@pytest.mark.parametrize("module", ["docgen.worker", "docgen.cli", "docgen.services.root"])
def test_processes_without_pages_load_no_sign_in_stack(module):
    """A Celery worker, the command line and the services never load Flask's sign-in stack
    (Flask-Login, Flask-Limiter, Talisman, Flask-WTF): they serve no page."""
    probe = (f"import sys, {module}; "
             f"print(','.join(m for m in {SIGN_IN_STACK!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.slow
def test_old_import_paths_still_work_for_a_release(tmp_path):
    """An operator's unit file may name ``docgen.app:create_app()`` (gunicorn) or
    ``celery -A docgen.jobs.worker``: both still load what they did."""
    probe = ("from docgen.app import create_app as old\n"
             "from docgen.http.app import create_app\n"
             "import docgen.jobs.worker as worker, docgen.worker as new\n"
             "assert old is create_app and worker.app is new.app\n"
             "print(sorted(t for t in new.app.tasks if t.startswith('docgen.')))\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DOCGEN_DATA_DIR": str(tmp_path),
           "DOCGEN_BROKER_URL": "redis://127.0.0.1:6379/15"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "docgen.batch.chunk" in result.stdout
