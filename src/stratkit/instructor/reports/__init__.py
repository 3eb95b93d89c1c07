"""Item analysis for instructors: statistics, confusion tables, plots and the HTML report.

Instructor-side only: these modules import pandas and matplotlib, so nothing a student's kernel
imports may import them. Import the submodules directly (``stratkit.instructor.reports.statistics``...).
"""
