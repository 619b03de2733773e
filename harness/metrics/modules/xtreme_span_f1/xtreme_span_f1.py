"""`evaluate` metric module for XTREME tagging (udpos, panx): seqeval 0.0.12 chunk F1.

Backed by harness.metrics.span_f1. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_span_f1"))`.
"""

import datasets
import evaluate

from harness.metrics.span_f1 import span_f1, span_f1_stats

_DESCRIPTION = (
    "Micro chunk F1, precision and recall x 100 in the semantics of seqeval 0.0.12 (the first "
    "character of a tag is its prefix, the text after its last '-' its type), as the official "
    "XTREME scorer computes them for udpos and panx; plus token accuracy x 100."
)
_KWARGS = """
Args:
    predictions: one list of predicted tags per sentence.
    references: one list of gold tags per sentence (same lengths).
Returns:
    f1, precision, recall, accuracy: floats in [0, 100].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeSpanF1(evaluate.Metric):  # type: ignore[misc]
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
        return span_f1(span_f1_stats(predictions, references))
