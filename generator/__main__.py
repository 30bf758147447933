"""`python -m kehoach`: the same command as the `kehoach` entry point."""
from .cli import main

main()
