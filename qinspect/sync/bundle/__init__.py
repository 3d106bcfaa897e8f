"""The field bundle (`.qib`): its format, a reader that treats every file as hostile, and a writer.

`format` names the members, caps, manifest fields and record shapes; `reader` opens and checks
a bundle; `writer` writes one. Callers use `from qinspect.sync import bundle` and these names.
"""

from qinspect.sync.bundle.format import *  # noqa: F401,F403 - the format's names are the package's
from qinspect.sync.bundle.format import Manifest, Member, Revision  # noqa: F401
from qinspect.sync.bundle.reader import BundleReader  # noqa: F401
from qinspect.sync.bundle.writer import BundleWriter  # noqa: F401
