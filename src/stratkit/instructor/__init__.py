"""Instructor tools: building the release, item-analysis reports, grade export for the LMS, the demo.

The heavy imports (pandas, matplotlib, nbgrader) live here and below, never in a student's kernel.
"""
