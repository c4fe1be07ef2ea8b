"""The import contracts of pyproject.toml (docs/decisions/0007-layers.md) hold on the real tree, and
each of them fails on a deliberate violation: a feeding app importing another, the roadmap importing
a feeding app, an import cycle between apps. The violations are written into a copy of the tree."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "locale", "static", "*.pyc", "*.sqlite3")
    shutil.copytree(ROOT / "partage", copy / "partage", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def inject(tree: Path, module: str, line: str) -> str:
    path = tree / module
    original = path.read_text()
    path.write_text(original + f"\n{line}\n")
    return original


def test_the_real_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken", "message"),
    [
        # A feeding app importing another feeding app.
        (
            "partage/ideas/models.py",
            "import partage.news.models",
            "Layers",
            "partage.ideas is not allowed to import partage.news",
        ),
        # The roadmap importing a feeding app.
        (
            "partage/roadmap/models.py",
            "import partage.ideas.models",
            "Layers",
            "partage.roadmap is not allowed to import partage.ideas",
        ),
        # A cycle: the roadmap imports the composition app, which imports the roadmap.
        (
            "partage/roadmap/models.py",
            "import partage.demo.programme",
            "No import cycle between apps",
            ".roadmap -> .demo",
        ),
    ],
    ids=["feeder-imports-feeder", "roadmap-imports-feeder", "cycle"],
)
def test_each_contract_fails_on_a_deliberate_violation(tree_copy, module, line, broken, message):
    original = inject(tree_copy, module, line)
    try:
        result = lint_imports(tree_copy)
    finally:
        (tree_copy / module).write_text(original)
    assert result.returncode == 1, result.stdout
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout
    assert message in result.stdout, result.stdout
    # And the copy, put back, passes again.
    assert lint_imports(tree_copy).returncode == 0
