"""A student's answer on its way to grading: the record, the answer file, the copy inside the notebook.

And finding the newest copy of an answer in a folder; imports only ``stratkit.content``.
"""
