"""`evaluate` metric module for XTREME accuracy, backed by harness.metrics.

Load it offline from its folder: `evaluate.load("<path>/xtreme_accuracy")`; the path is
`harness.metrics.modules.module_path("xtreme_accuracy")`.
"""

import datasets
import evaluate

from harness.metrics.accuracy import accuracy, accuracy_stats

_DESCRIPTION = "Accuracy x 100 over exact label-string matches, as the official XTREME scorer."
_KWARGS = """
Args:
    predictions: list of predicted labels (strings).
    references: list of gold labels (strings).
Returns:
    accuracy: float in [0, 100].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeAccuracy(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features(
                {"predictions": datasets.Value("string"), "references": datasets.Value("string")}
            ),
        )

    def _compute(self, predictions: list[str], references: list[str]) -> dict[str, float]:
        return {"accuracy": accuracy(accuracy_stats(predictions, references))}
