"""What a student's account can read: run as that student by Machine.as_user, with the system Python.

``READ_PROBE`` tries to list each folder and read a byte of each file it is given, and reports, for
each path, "denied", "missing" or "read". ``KEY_SCAN`` reads every file the student can reach under
the given folders and reports where any of the given strings occurs (the answer keys' packed blobs,
the hidden tests' marker).
"""

from __future__ import annotations

READ_PROBE = r"""
import json, os, sys
result = {}
for path in json.loads(sys.argv[1]):
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            with open(path, "rb") as handle:
                handle.read(1)
        result[path] = "read"
    except FileNotFoundError:
        result[path] = "missing"
    except PermissionError:
        result[path] = "denied"
print(json.dumps(result))
"""

KEY_SCAN = r"""
import json, os, sys
request = json.loads(sys.argv[1])
markers = [m.encode() for m in request["markers"]]
hits, files = [], 0
for top in request["roots"]:
    for folder, subfolders, names in os.walk(top, onerror=lambda error: None):
        for name in names:
            path = os.path.join(folder, name)
            try:
                if os.path.islink(path) or os.path.getsize(path) > 20_000_000:
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            files += 1
            hits.extend([path, m.decode()] for m in markers if m in data)
print(json.dumps({"hits": hits, "files": files}))
"""
