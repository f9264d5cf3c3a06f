"""Trains the learned cue frames (``pipelines/extract/statements/cue_frames.json``) on one half of PolNeAR.

For every verb outside the hand lists (``lexicon.REPORTING_LEMMAS``) with a
speaker (the subject the extractor would take, one that can speak), not part
of what a reporting verb reports and not a bare participle, in every sentence
of the half's articles, counts its lemma and
content frame (``cue_frames.frame_of``), and how often the verb lies in a gold
attribution cue. A frame is kept when it was seen at least ``--min-count``
times with a cue rate of at least ``--threshold``. The file holds those counts
and, per kept lemma, the inflected forms it was seen with that are mostly
verbs (for the sentence pre-filter); no text of the corpus.

Usage: ``.venv/bin/python benchmarks/train_cue_frames.py --gold GOLD [--half dev] [--out FILE]``
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from score_statements import cached_parses  # noqa: E402

from pipelines.evaluate.halves import HALVES, in_half  # noqa: E402
from pipelines.extract.nlp import ParsedSentence, parser  # noqa: E402
from pipelines.extract.statements.clauses import inside_a_report, passive_participle, speaker_token  # noqa: E402
from pipelines.extract.statements.cue_frames import TABLE, frame_of  # noqa: E402
from pipelines.extract.statements.lexicon import REPORTING_LEMMAS, lemma_of  # noqa: E402
from pipelines.extract.statements.speakers import mention_of  # noqa: E402

_VERB_SHARE = 0.5


class FrameCounts:
    """Per (lemma, frame): verbs seen and verbs in a gold cue; per word form: as a verb and in all."""

    def __init__(self) -> None:
        self.frames: dict[str, Counter] = defaultdict(Counter)
        self.cues: dict[str, Counter] = defaultdict(Counter)
        self.form_pos: dict[str, Counter] = defaultdict(Counter)
        self.forms: dict[str, set[str]] = defaultdict(set)

    def add_sentence(self, sent: ParsedSentence, gold_cues: list[tuple[int, int]]) -> None:
        for tok in sent.doc:
            self.form_pos[tok.lower_][tok.pos_ == "VERB"] += 1
            listed = lemma_of(tok) in REPORTING_LEMMAS
            counted = tok.pos_ == "VERB" and not listed and not passive_participle(tok) and not inside_a_report(tok)
            frame = frame_of(tok) if counted else None
            head = speaker_token(tok) if frame is not None else None
            if head is None or not mention_of(sent, head, skip=tok).can_speak:
                continue
            lemma, start, end = lemma_of(tok), sent.start(tok), sent.end(tok)
            self.frames[lemma][frame] += 1
            self.cues[lemma][frame] += any(a < end and start < b for a, b in gold_cues)
            self.forms[lemma].add(tok.lower_)

    def table(self, threshold: float, min_count: int) -> dict:
        frames = {
            lemma: {f: [n, self.cues[lemma][f]] for f, n in sorted(counts.items())
                    if n >= min_count and self.cues[lemma][f] / n >= threshold}
            for lemma, counts in sorted(self.frames.items())
        }
        frames = {lemma: kept for lemma, kept in frames.items() if kept}
        forms = {lemma: sorted(f for f in self.forms[lemma]
                               if self.form_pos[f][True] >= _VERB_SHARE * sum(self.form_pos[f].values()))
                 for lemma in frames}
        return {"threshold": threshold, "min_count": min_count, "frames": frames, "forms": forms}


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, required=True)
    args.add_argument("--half", choices=HALVES, default="dev")
    args.add_argument("--threshold", type=float, default=0.4)
    args.add_argument("--min-count", type=int, default=5)
    args.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "dateline" / "parses")
    args.add_argument("--out", type=Path, default=TABLE)
    opts = args.parse_args()
    opts.cache.mkdir(parents=True, exist_ok=True)
    docs = [json.loads(line) for line in opts.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = parser()
    counts = FrameCounts()
    docs = [d for d in docs if in_half(d, opts.half)]
    for doc, parse in zip(docs, cached_parses([d["text"] for d in docs], nlp, opts.cache)):
        parse.parse(range(len(parse.sentences)))
        gold_cues = [(i["cue_start"], i["cue_end"]) for i in doc["speech"] if i.get("cue_start") is not None]
        for index in range(len(parse.sentences)):
            counts.add_sentence(parse[index], gold_cues)
    table = counts.table(opts.threshold, opts.min_count)
    opts.out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{sum(len(f) for f in table['frames'].values())} frames of {len(table['frames'])} lemmas -> {opts.out}")


if __name__ == "__main__":
    main()
