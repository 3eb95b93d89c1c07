# Every user's nbgrader settings in the stratkit images (docs/deployment.md, Zero to JupyterHub).
c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "stratkit"
c.Exchange.root = "/srv/nbgrader/exchange"  # the shared volume's mountPath in the Helm config.yaml
