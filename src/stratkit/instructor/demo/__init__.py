"""The ``stratkit demo``: a simulated class taken through the real nbgrader pipeline, then graded,
crosschecked and reported. A walkthrough for instructors, not part of grading itself.
"""
