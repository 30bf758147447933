"""kehoach: Vietnamese official plans (Kế hoạch) from YAML to .docx.

The repository keeps the code in `generator/`; it is installed as the package
`kehoach` (pyproject.toml's package-dir), the distribution's own name, so an
installed kehoach never claims a generic top-level name such as `generator`.
"""
