"""stratkit: sort, order and pick exercises about product and go-to-market planning, graded by nbgrader.

``import stratkit`` stays light (no ipywidgets, pandas, matplotlib or nbgrader): it runs first in
every student notebook and in every autograde kernel.
"""

from __future__ import annotations

from stratkit.grading.hidden_test import grade
from stratkit.student.download import download_button
from stratkit.student.show import show

__version__ = "0.1.0"
__all__ = ["__version__", "download_button", "grade", "show"]
