"""Grading: the hidden test cell's ``stratkit.grade``, nbgrader preprocessors, batch grading outside any
kernel, the gradebook reader and the crosscheck between the two. Imports no instructor tool.
"""
