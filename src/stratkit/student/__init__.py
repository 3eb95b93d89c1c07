"""What runs in a student's kernel: ``stratkit.show`` and the exercise widgets it displays.

Reads answers and scores them for practice feedback; never imports grading or instructor tools.
"""
