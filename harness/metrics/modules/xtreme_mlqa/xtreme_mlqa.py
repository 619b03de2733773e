"""`evaluate` metric module for MLQA EM/F1 with its language-specific normalisation.

Backed by harness.metrics.qa. Load it offline from its folder:
`evaluate.load(harness.metrics.modules.module_path("xtreme_mlqa"))`, then
`compute(predictions=..., references=..., language="zh")`.
"""

import datasets
import evaluate

from harness.metrics.qa import qa_scores, qa_stats

_DESCRIPTION = (
    "MLQA exact match and token F1 x 100 (Unicode punctuation, per-language articles, zh split "
    "into characters; maximum over the gold answers; an unanswered question, None, scores 0), "
    "and their mean."
)
_KWARGS = """
Args:
    predictions: the predicted answer text per question, or None for no prediction.
    references: the gold answer texts per question.
    language: the answer language, one of en es de ar hi vi zh.
Returns:
    exact_match, f1, em_f1_mean: floats in [0, 100].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class XtremeMlqa(evaluate.Metric):  # type: ignore[misc]
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
        self, predictions: list[str | None], references: list[list[str]], language: str = "en"
    ) -> dict[str, float]:
        answered = {str(i): p for i, p in enumerate(predictions) if p is not None}
        gold = [(str(i), r) for i, r in enumerate(references)]
        stats = qa_stats(answered, gold, "mlqa", language)
        return qa_scores(stats.em, stats.f1)
