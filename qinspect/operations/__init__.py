"""Every operation a user can start, as one function that both faces call: the window and the CLI.

The window (`qinspect/ui/`) and the command line (`qinspect/cli.py`) hold no SQL and no rules:
they gather a person's input, call a function here, and show what it returns or the one
sentence of the `QInspectError` it raises. An operation opens its own transaction, writes the
audit entries its change needs, and is tested without a window. Below this layer are `sync/`
(the bundle format and merge), `reports/` (the PDF sheets), `store/` (queries on the SQLite
file) and `domain/` (pure rules). One module per area a user sees.
"""
