"""Tools for reviewers: the canonical layout, the meaning diff, a document as text."""
