"""`evaluate` metric module for BUCC 2018 bitext-mining F1, as the official XTREME scorer.

Backed by harness.metrics.retrieval. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_bucc_f1"))`.
"""

import datasets
import evaluate

from harness.metrics.retrieval import bucc_scores, bucc_stats

_DESCRIPTION = (
    "F1, precision and recall x 100 of the set of mined sentence pairs against the gold pairs. "
    "Each row is one corpus: its predicted pairs and its gold pairs ('src<TAB>tgt'); rows are "
    "pooled, a pair counting only within its own row."
)
_KWARGS = """
Args:
    predictions: per corpus, the mined pairs as 'src<TAB>tgt' strings.
    references: per corpus, the gold pairs.
Returns:
    f1, precision, recall: floats in [0, 100].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeBuccF1(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features(
                {
                    "predictions": datasets.Sequence(datasets.Value("string")),
                    "references": datasets.Sequence(datasets.Value("string")),
                }
            ),
        )

    def _compute(
        self, predictions: list[list[str]], references: list[list[str]]
    ) -> dict[str, float]:
        preds = [f"{row}\n{p.strip()}" for row, pairs in enumerate(predictions) for p in pairs]
        gold = [f"{row}\n{g.strip()}" for row, pairs in enumerate(references) for g in pairs]
        stats = bucc_stats(preds, gold)
        return bucc_scores(stats.in_gold, stats.in_pred)
