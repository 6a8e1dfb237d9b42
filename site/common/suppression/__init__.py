"""Small-number suppression for linked frequency tables.

Pure statistical disclosure control: no Django, no I/O. See ``docs/suppression.md``.
Modules: :mod:`.figures` (tables as sums of cube cells), :mod:`.lp` (the attacker's
linear programmes) and :mod:`.protect` (the suppression loop).

The data behind every published table is a *cube*: a pandas Series of counts whose
MultiIndex lists every possible cell of the finest cross-classification (zeros included;
a cell left out is structurally impossible). Each :class:`Table` publishes sums of cube
cells ("figures"). A figure is the same figure wherever it appears, so a count shown in
one table and hidden in another is impossible by construction.

Rule
----
* Primary: a figure is sensitive when ``0 < count < threshold``, or when its percentage
  base satisfies ``0 < base < threshold``. True zeros with a zero or safe base are shown.
* Protection: for every hidden sensitive figure, the range of values consistent with
  everything shown (non-negative integer cells) must be at least ``protection`` wide
  (default ``threshold // 2``); every other hidden figure must not be pinned (width >= 1).
* A percentage is shown only when its count and its base are both shown.

Method: hide the sensitive figures, then audit each hidden figure with two linear
programmes (HiGHS; a MIP when the LP optimum is fractional). While one fails, solve a
min-cost perturbation LP that finds cheap figures whose hiding lets it move, hide them,
and audit again. Hiding only ever widens ranges, so the loop ends with every range audited.
"""

from common.suppression.figures import TOTAL, Protected, Table, full_cube
from common.suppression.protect import protect, protect_linked

__all__ = ["TOTAL", "Protected", "Table", "full_cube", "protect", "protect_linked"]
