"""Opinion groups from a Polis vote export; a stable contract for checks (docs/opinion.md)."""

import csv
import json
import sys

from django.core.management.base import BaseCommand

from deliberation.opinion import OpinionInputError, parse_moderated, parse_votes, replay


def _read(path, parse):
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            return parse(reader, reader.fieldnames or ())
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise OpinionInputError(f"cannot read {path}: {error}") from None


class Command(BaseCommand):
    help = "Replay a Polis votes export in timestamp order and write each participant's group."

    def add_arguments(self, parser):
        parser.add_argument(
            "--votes", required=True, help="timestamp,datetime,comment-id,voter-id,vote"
        )
        parser.add_argument("--comments", help="Polis comments export; moderated -1 is left out.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out", required=True, help="Writes participant,group.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        try:
            votes = _read(options["votes"], parse_votes)
            moderated = (
                _read(options["comments"], parse_moderated) if options["comments"] else frozenset()
            )
        except OpinionInputError as error:
            # Exit status 2 for bad input, as argparse does for bad arguments.
            self.stderr.write(f"cluster_opinions: {error}")
            sys.exit(2)
        result = replay(votes, moderated_out=moderated, seed=options["seed"])
        group_of = result.group_of()
        try:
            with open(options["out"], "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["participant", "group"])
                writer.writerows([pid, group_of[pid]] for pid in result.clustered)
        except OSError as error:
            self.stderr.write(f"cluster_opinions: cannot write {options['out']}: {error}")
            sys.exit(2)
        summary = {
            "n_participants": len(result.participant_ids),
            "n_clustered": len(result.clustered),
            "k": result.k,
            "groups": [
                {
                    "id": group.id,
                    "size": len(group.members),
                    "representative": [r.statement_id for r in group.representative],
                }
                for group in result.groups
            ],
            "consensus": [c.statement_id for c in result.consensus_agree],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            for key in ("n_participants", "n_clustered", "k"):
                self.stdout.write(f"{key}: {summary[key]}")
