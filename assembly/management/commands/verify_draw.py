"""Verify a recorded draw: ``manage.py verify_draw DRAW_ID [--no-resolve] [--json]``.

(a) re-derives the panel exactly from the recorded distribution and seed (or,
for a transparent draw, from the published panel list, its hash and the public
number); (b) re-solves from the recorded pool and quotas and checks every
volunteer's probability against the record to 1e-6. Exits 1 when it does not verify.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from assembly.models import Draw, DrawStatus
from assembly.services import draw_verify


class Command(BaseCommand):
    help = "Check a recorded draw: re-derive the panel and re-solve its probabilities."

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)
        parser.add_argument("--no-resolve", action="store_true", help="skip the re-solve (b)")
        parser.add_argument("--tolerance", type=float, default=1e-6)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        draw = Draw.objects.filter(pk=opts["draw_id"]).first()
        if draw is None:
            raise CommandError(f"There is no draw {opts['draw_id']}.")
        if draw.status != DrawStatus.DRAWN:
            raise CommandError(f"Draw {draw.pk} has not been drawn ({draw.get_status_display()}).")
        tol = opts["tolerance"]
        check = draw_verify(draw=draw, resolve=not opts["no_resolve"], tol=tol)
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "draw": draw.pk,
                        "ok": check.ok,
                        "panel_ok": check.panel_ok,
                        "hash_ok": check.hash_ok,
                        "probabilities_checked": check.probabilities_checked,
                        "mismatches": check.mismatches,
                        "notes": check.notes,
                    }
                )
            )
        else:
            how = f"public number {draw.public_number}" if draw.transparent else f"seed {draw.seed}"
            self.stdout.write(f"Draw {draw.pk} ({draw.get_algorithm_label()}, {how})")
            self.stdout.write(f"  panel re-derived: {'yes' if check.panel_ok else 'NO'}")
            self.stdout.write(f"  pool hash matches: {'yes' if check.hash_ok else 'NO'}")
            if check.probabilities_checked and not check.mismatches:
                self.stdout.write(f"  every probability matches the re-solved LEXIMIN to {tol:g}")
            for pid, recorded, again in check.mismatches[:20]:
                self.stdout.write(f"  {pid}: recorded {recorded:.9f}, found {again:.9f}")
            for note in check.notes:
                self.stdout.write(f"  note: {note}")
        if not check.ok:
            raise CommandError(f"Draw {draw.pk} does not verify.")
