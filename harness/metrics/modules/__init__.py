"""`evaluate` metric modules backed by the harness's metric functions (one implementation).

Each lives in its own folder so `evaluate.load(folder)` works offline.
"""

from pathlib import Path

MODULES = (
    "xtreme_accuracy",
    "xtreme_span_f1",
    "xtreme_squad",
    "xtreme_mlqa",
    "xtreme_tatoeba_accuracy",
    "xtreme_mrr",
    "xtreme_map",
    "xtreme_bucc_f1",
)

# The module of each metric name task cards use (harness.metrics.registry.METRICS).
METRIC_MODULES = {
    "accuracy": "xtreme_accuracy",
    "span_f1": "xtreme_span_f1",
    "squad": "xtreme_squad",
    "mlqa": "xtreme_mlqa",
    "tatoeba_accuracy": "xtreme_tatoeba_accuracy",
    "mrr": "xtreme_mrr",
    "map": "xtreme_map",
    "bucc_f1": "xtreme_bucc_f1",
}


def module_path(name: str) -> str:
    """The folder to pass to `evaluate.load` for a metric module."""
    if name not in MODULES:
        raise KeyError(f"no metric module {name!r}; have {', '.join(MODULES)}")
    return str(Path(__file__).parent / name)
