"""``ortakakil text classify|similar|duplicates`` — text analysis of a CSV file, no database.

* ``classify --train TRAIN.csv --input INPUT.csv --json``: TRAIN has ``text`` and ``theme``,
  INPUT ``id`` and ``text``; prints ``{"predictions": {"<id>": "<theme code>"}}``.
  ``--no-prior`` learns from TRAIN alone (by default the shipped corpus of the standard themes
  is added for the themes TRAIN names: ``textmine/core/prior.py``).
* ``similar --input INPUT.csv --top K --json``: ``{"similar": {"<id>": ["<id>", …]}}``, the K
  most similar other rows, most similar first.
* ``duplicates --input INPUT.csv --json``: ``{"pairs": [{"a": "<id>", "b": "<id>", "score": x}]}``,
  the pairs proposed for merging at the default threshold.

* ``suggest --process SLUG``: (database) trains the process's theme model, stores its
  cross-validated evaluation and a suggested theme for every contribution (``textmine/themes.py``);
  prints ``{"process": SLUG, "macro_f1": x, "labels": n, "suggestions": n}``.

``similar`` and ``duplicates`` add the theme signal of a model learnt from the shipped corpus
(``--no-prior`` leaves it out).

Embeddings are kept in ``ORTAKAKIL_VAR_DIR/cache/embeddings.sqlite3`` (each text is embedded once).
Bad input exits with status 2 and a Turkish message ``FILE:LINE: …`` on stderr.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ortakakil.textmine.core import classify, embed, prior, similar, textcsv

PRIOR_WEIGHT = 1.0


class Command(BaseCommand):
    help = "Text analysis of a CSV file: themes, similar rows, duplicate pairs (no database)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        c = actions.add_parser("classify", help="Suggest a theme for each row of INPUT, learnt from TRAIN.")
        c.add_argument("--train", required=True)
        c.add_argument("--input", required=True)
        c.add_argument("--json", action="store_true")
        c.add_argument("--no-prior", action="store_true", help="Learn from TRAIN alone.")
        s = actions.add_parser("similar", help="The K most similar other rows of each row.")
        s.add_argument("--input", required=True)
        s.add_argument("--top", type=int, default=3)
        s.add_argument("--json", action="store_true")
        s.add_argument("--no-prior", action="store_true", help="Leave the theme signal out.")
        d = actions.add_parser("duplicates", help="Pairs of rows proposed for merging.")
        d.add_argument("--input", required=True)
        d.add_argument("--json", action="store_true")
        d.add_argument("--threshold", type=float, default=similar.DUPLICATE_MIN)
        d.add_argument("--no-prior", action="store_true", help="Leave the theme signal out.")
        g = actions.add_parser("suggest", help="Suggest a theme for every contribution of a process (database).")
        g.add_argument("--process", required=True, help="The process's slug.")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def _print(self, payload: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False))

    def handle(self, *args: Any, **options: Any) -> None:
        cache = embed.EmbeddingCache(settings.VAR_DIR / "cache" / "embeddings.sqlite3")
        try:
            getattr(self, f"_{options['action']}")(options, cache)
        except textcsv.TextInputError as error:
            self._fail(str(error))
        finally:
            cache.close()

    def _suggest(self, options: dict[str, Any], cache: embed.EmbeddingCache) -> None:
        from ortakakil.processes.models import Process
        from ortakakil.textmine import themes
        from ortakakil.textmine.models import ThemeSuggestion

        process = Process.objects.filter(slug=options["process"]).first()
        if process is None:
            self._fail(f"--process {options['process']}: böyle bir süreç yok.")
        run = themes.themes_compute(process)
        if run is None:
            self._fail(f"--process {options['process']}: önerilecek en az iki tema gerekir.")
        self._print(
            {
                "process": process.slug,
                "macro_f1": None if run.macro_f1 is None else round(run.macro_f1, 4),
                "labels": run.labels_count,
                "suggestions": ThemeSuggestion.objects.filter(process=process).count(),
            }
        )

    def _classify(self, options: dict[str, Any], cache: embed.EmbeddingCache) -> None:
        train = textcsv.read(options["train"], columns=("text", "theme"), theme=True)
        rows = textcsv.read(options["input"], columns=("id", "text"))
        texts, themes = [r.text for r in train], [r.theme for r in train]
        weights = [1.0] * len(texts)
        if not options["no_prior"]:
            extra = prior.examples(set(themes))
            texts += [t for t, _ in extra]
            themes += [c for _, c in extra]
            weights += [PRIOR_WEIGHT] * len(extra)
        model = classify.train(texts, themes, embed.embed(texts, cache=cache), weights=weights)
        suggestions = model.suggest([r.text for r in rows], embed.embed([r.text for r in rows], cache=cache))
        self._print({"predictions": {r.id: s.theme for r, s in zip(rows, suggestions, strict=True)}})

    def _features(
        self, rows: list[textcsv.Row], options: dict[str, Any], cache: embed.EmbeddingCache
    ) -> similar.Features:
        texts = [r.text for r in rows]
        vectors = embed.embed(texts, cache=cache)
        theme = None
        if not options["no_prior"]:
            extra = prior.examples()
            model = classify.train(
                [t for t, _ in extra], [c for _, c in extra], embed.embed([t for t, _ in extra], cache=cache)
            )
            theme = model.proba(texts, vectors)
        return similar.Features.build(texts, vectors, theme)

    def _similar(self, options: dict[str, Any], cache: embed.EmbeddingCache) -> None:
        if options["top"] < 1:
            self._fail("--top en az 1 olmalı.")
        rows = textcsv.read(options["input"], columns=("id", "text"))
        neighbours, _ = similar.top_k(self._features(rows, options, cache), options["top"])
        self._print({"similar": {r.id: [rows[j].id for j in nb] for r, nb in zip(rows, neighbours, strict=True)}})

    def _duplicates(self, options: dict[str, Any], cache: embed.EmbeddingCache) -> None:
        rows = textcsv.read(options["input"], columns=("id", "text"))
        pairs = similar.duplicates(self._features(rows, options, cache), threshold=options["threshold"])
        self._print({"pairs": [{"a": rows[p.a].id, "b": rows[p.b].id, "score": round(p.score, 4)} for p in pairs]})
