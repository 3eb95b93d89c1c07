"""Exercises as data: the model, loading and checking exercise YAML, and packing a key into one line.

First on the answer's journey: imports nothing else of stratkit's, so every other folder may use it.
"""
