"""The layers in .importlinter hold today, and a forbidden import breaks them: each case adds
one import to a copy of the sources and expects `lint-imports` to fail on it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("lms", "admin_ext", "student_pwa", "config")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), str(cwd / ".importlinter"), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    """A copy of the Python sources and the contracts."""
    copy = tmp_path_factory.mktemp("layers")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=shutil.ignore_patterns("migrations", "templates", "static", "*.pyc"),
        )
    shutil.copy(ROOT / ".importlinter", copy / ".importlinter")
    return copy


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        ("lms/learning/services.py", "import lms.commerce.models", "Contexts import only"),
        ("lms/core/events.py", "import lms.learning.models", "Contexts import only"),
        ("lms/catalog/selectors.py", "import lms.api.catalog", "never imports a face"),
        ("student_pwa/views/learning.py", "import lms.api.learning", "never import each other"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(sources, module, forbidden, contract):
    path = sources / module
    original = path.read_text()
    path.write_text(original + f"\n{forbidden}  # noqa\n")
    try:
        result = lint_imports(sources)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


def test_every_context_is_named_in_the_contracts():
    """A new context (an app under lms/ other than the API face) must take its place in the
    layers and in the 'never imports a face' contract, or it would escape both."""
    contracts = (ROOT / ".importlinter").read_text()
    layers = contracts.split("[importlinter:contract:contexts-layered]")[1]
    forbidden = contracts.split("[importlinter:contract:core-imports-no-face]")[1].split(
        "forbidden_modules"
    )[0]
    contexts = sorted(
        f"lms.{path.parent.name}"
        for path in (ROOT / "lms").glob("*/apps.py")
        if path.parent.name != "api"
    )
    missing = [c for c in contexts if c not in layers or c not in forbidden]
    assert not missing, f"add {missing} to .importlinter's layers and face contract"
