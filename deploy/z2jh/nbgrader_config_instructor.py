# The instructor image's nbgrader settings (docs/deployment.md, Zero to JupyterHub): the student
# image's, plus the course in ~/stratkit, whose own nbgrader_config.py the formgrader must load too
# (the formgrader reads only Jupyter's configuration folders; without the course's settings it would
# copy keys/ into a release).
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "stratkit"
c.Exchange.root = "/srv/nbgrader/exchange"
c.CourseDirectory.root = os.path.expanduser("~/stratkit")
load_subconfig(os.path.expanduser("~/stratkit/nbgrader_config.py"))  # noqa: F821
