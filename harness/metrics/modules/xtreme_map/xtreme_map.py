"""`evaluate` metric module for LAReQA mAP@20.

Backed by harness.metrics.retrieval. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_map"))`.
"""

import datasets
import evaluate

from harness.metrics.retrieval import TOP_K, average_precision, mean_score

_DESCRIPTION = (
    "Mean average precision at k (default 20) x 100, as utils_lareqa.py average_precision_at_k: "
    "per question, precision at each new relevant hit in the top k over min(|relevant|, k)."
)
_KWARGS = """
Args:
    predictions: the ranked candidate ids per question, best first.
    references: the relevant candidate ids per question.
    k: the cut-off (default 20).
Returns:
    map@20: float in [0, 100] (named after the default k whatever k is).
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeMap(evaluate.Metric):  # type: ignore[misc]
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
        self, predictions: list[list[str]], references: list[list[str]], k: int = TOP_K
    ) -> dict[str, float]:
        aps = [average_precision(p, r, k) for p, r in zip(predictions, references, strict=True)]
        return {"map@20": mean_score(aps)}
