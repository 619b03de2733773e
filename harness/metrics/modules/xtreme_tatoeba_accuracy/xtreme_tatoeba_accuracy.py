"""`evaluate` metric module for Tatoeba retrieval accuracy, as the official XTREME scorer.

Backed by harness.metrics.accuracy. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_tatoeba_accuracy"))`.
"""

import datasets
import evaluate

from harness.metrics.accuracy import accuracy, accuracy_stats

_DESCRIPTION = (
    "Accuracy x 100 of the retrieved index for each sorted English sentence: 1 when it is the "
    "index of its translation in the target-language file."
)
_KWARGS = """
Args:
    predictions: the predicted 0-based index per (sorted) English sentence.
    references: the gold index per English sentence.
Returns:
    accuracy: float in [0, 100].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeTatoebaAccuracy(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features(
                {"predictions": datasets.Value("int64"), "references": datasets.Value("int64")}
            ),
        )

    def _compute(self, predictions: list[int], references: list[int]) -> dict[str, float]:
        stats = accuracy_stats([str(p) for p in predictions], [str(r) for r in references])
        return {"accuracy": accuracy(stats)}
