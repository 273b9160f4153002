"""The notebooks in notebooks/: each .ipynb and its jupytext .py twin agree, the committed
.ipynb files carry no outputs, and every notebook runs top to bottom."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

import scenarios

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
SAMPLES = 4000  # small enough for the suite; the notebooks default to 100,000
CELL_TIMEOUT = 120  # seconds


def test_the_six_notebooks_are_there():
    names = {p.name for p in PATHS}
    assert {"01-the-decision.ipynb", "02-tradeoffs.ipynb", "03-robustness.ipynb"} <= names
    assert {"04-your-own-decision.ipynb", "05-futures.ipynb", "06-explore.ipynb"} <= names


def unsynced(ipynb: Path) -> list[str]:
    """How a notebook and its percent-format .py twin differ, cell by cell: [] when they agree.

    Compares what both files mean to jupytext (cell types and sources), not their bytes, so
    a difference is an edit made to one file and not carried to the other."""
    twin = ipynb.with_suffix(".py")
    if not twin.is_file():
        return [f"{twin.name} is missing: run jupytext --sync {ipynb.name}"]
    left = [(c.cell_type, c.source) for c in jupytext.read(ipynb).cells]
    right = [(c.cell_type, c.source) for c in jupytext.read(twin, fmt="py:percent").cells]
    problems = [
        f"cell {k}: {ipynb.suffix} and .py differ"
        for k, (a, b) in enumerate(zip(left, right, strict=False))
        if a != b
    ]
    if len(left) != len(right):
        problems.append(f"{len(left)} cells in {ipynb.name}, {len(right)} in {twin.name}")
    return problems


def test_notebooks_are_paired_by_the_jupytext_config():
    """Editors (Jupyter, VS Code, `jupytext --sync`) pair the files from notebooks/jupytext.toml."""
    config = load_jupytext_configuration_file(find_jupytext_configuration_file(str(NOTEBOOKS)))
    assert config.formats in ("ipynb,py:percent", ["ipynb,py:percent"])
    twins = sorted(NOTEBOOKS.glob("*.py"))
    assert [p.stem for p in twins] == [p.stem for p in PATHS], "every .py here is the twin of a notebook"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_and_its_py_twin_agree(path):
    problems = unsynced(path)
    assert not problems, "; ".join(problems) + f" (edit one, then: jupytext --sync notebooks/{path.name})"


def test_the_sync_check_catches_an_edit_to_either_file(tmp_path):
    """Edit one file of a copied pair and not the other: the check must say so."""
    ipynb = tmp_path / PATHS[0].name
    shutil.copy(PATHS[0], ipynb)
    shutil.copy(PATHS[0].with_suffix(".py"), ipynb.with_suffix(".py"))
    assert unsynced(ipynb) == []

    twin = ipynb.with_suffix(".py")
    original_py, original_ipynb = twin.read_text(encoding="utf-8"), ipynb.read_text(encoding="utf-8")
    cells = nbformat.read(ipynb, as_version=4).cells

    # a code edit made to the .py alone
    twin.write_text(
        original_py.replace("import pandas as pd\n", "import numpy as np\nimport pandas as pd\n", 1),
        encoding="utf-8",
    )
    k = next(k for k, c in enumerate(cells) if "import pandas as pd\n" in c.source)
    assert unsynced(ipynb) == [f"cell {k}: .ipynb and .py differ"]
    twin.write_text(original_py, encoding="utf-8")
    assert unsynced(ipynb) == []

    # a markdown edit made in Jupyter alone
    nb = nbformat.read(ipynb, as_version=4)
    k = next(k for k, c in enumerate(nb.cells) if c.cell_type == "markdown")
    nb.cells[k].source += "\nOne more sentence, added in Jupyter only."
    nbformat.write(nb, ipynb)
    assert unsynced(ipynb) == [f"cell {k}: .ipynb and .py differ"]
    ipynb.write_text(original_ipynb, encoding="utf-8")
    assert unsynced(ipynb) == []

    # a cell deleted from the .py alone
    last = original_py.rindex("\n# %%")
    twin.write_text(original_py[:last] + "\n", encoding="utf-8")
    assert unsynced(ipynb) == [f"{len(cells)} cells in {ipynb.name}, {len(cells) - 1} in {twin.name}"]

    twin.unlink()
    assert unsynced(ipynb) == [f"{twin.name} is missing: run jupytext --sync {ipynb.name}"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    """Policy: committed notebooks carry no outputs, so diffs show only what was written."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {k} has outputs"
            assert cell.execution_count is None, f"cell {k} has an execution count"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # The kernel must import the very `scenarios` these tests import (installed or from src/).
    package_root = str(Path(scenarios.__file__).resolve().parents[1])
    env = dict(os.environ)
    env.update(
        SCENARIOS_NB_SAMPLES=str(SAMPLES),
        MPLBACKEND="Agg",
        PYTHONPATH=os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p),
    )
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute(env=env)  # raises CellExecutionError on the first failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
