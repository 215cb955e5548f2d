"""smtte: the SMTTE model for Danish residential care homes, in the terminal.

The core package (everything here except ``app.py``) imports no Textual, so the store,
models, analysis and CLI commands stay fast to import and easy to test.
"""

__version__ = "0.1.0"
