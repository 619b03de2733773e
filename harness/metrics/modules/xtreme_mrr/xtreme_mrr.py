"""`evaluate` metric module for Mewsli-X MRR@20 (the official scorer's `map@20`).

Backed by harness.metrics.retrieval. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_mrr"))`.
"""

import datasets
import evaluate

from harness.metrics.retrieval import TOP_K, mean_score, reciprocal_rank

_DESCRIPTION = (
    "Mean reciprocal rank x 100 of the gold entity among the top k (default 20) predicted "
    "entities, as utils_mewslix.py computes it; reported under the official name map@20."
)
_KWARGS = """
Args:
    predictions: the ranked predicted entity ids per mention, best first.
    references: the gold entity id per mention.
    k: the cut-off (default 20).
Returns:
    map@20: float in [0, 100] (named after the default k whatever k is).
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeMrr(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features(
                {
                    "predictions": datasets.Sequence(datasets.Value("string")),
                    "references": datasets.Value("string"),
                }
            ),
        )

    def _compute(
        self, predictions: list[list[str]], references: list[str], k: int = TOP_K
    ) -> dict[str, float]:
        pairs = zip(predictions, references, strict=True)
        ranks = [reciprocal_rank(p, r.strip(), k) for p, r in pairs]
        return {"map@20": mean_score(ranks)}
