"""`evaluate` metric module for SQuAD v1.1 EM/F1 as XTREME scores xquad and tydiqa.

Backed by harness.metrics.qa. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_squad"))`.
"""

import datasets
import evaluate

from harness.metrics.qa import qa_scores, qa_stats

_DESCRIPTION = (
    "SQuAD v1.1 exact match and token F1 x 100 (English normalisation for every language, "
    "maximum over the gold answers; an unanswered question, None, scores 0), and their mean."
)
_KWARGS = """
Args:
    predictions: the predicted answer text per question, or None for no prediction.
    references: the gold answer texts per question.
Returns:
    exact_match, f1, em_f1_mean: floats in [0, 100].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeSquad(evaluate.Metric):  # type: ignore[misc]
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS,
            features=datasets.Features(
                {
                    "predictions": datasets.Value("string"),
                    "references": datasets.Sequence(datasets.Value("string")),
                }
            ),
        )

    def _compute(
        self, predictions: list[str | None], references: list[list[str]]
    ) -> dict[str, float]:
        answered = {str(i): p for i, p in enumerate(predictions) if p is not None}
        stats = qa_stats(answered, [(str(i), r) for i, r in enumerate(references)], "squad")
        return qa_scores(stats.em, stats.f1)
