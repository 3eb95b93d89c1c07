"""stratkit: sort, order and pick exercises about product and go-to-market planning, graded by nbgrader.

``import stratkit`` stays light (no ipywidgets, pandas, matplotlib or nbgrader): it runs first in
every student notebook and in every autograde kernel.
"""

from __future__ import annotations

from .download import download_button
from .grading import grade
from .show import show

__version__ = "0.1.0"
__all__ = ["download_button", "grade", "show", "__version__"]
