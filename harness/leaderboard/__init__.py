"""The static leaderboard: validated results -> summaries -> table objects -> HTML / Markdown.

`summarize_board` reads each submission's result store (`<results root>/<id>/`), keeps one
record per (task, language, profile), aggregates scores the XTREME-R way (harness.aggregate)
and computes 95% paired-bootstrap intervals from the stored per-example columns
(harness.metrics.bootstrap). `site_files` turns the summary into table and chart objects, in
which every cell carries its sort value separately from its displayed text, and renders them
with jinja2 (StrictUndefined, autoescape): templates only format. `write_site` writes the
files; the same inputs always give the same bytes (stable ordering, seeded bootstrap, no
clock).

Columns are the tasks and profiles present in the results unless a leaderboard config fixes
them; a configured task or profile with no results fails the build. A submission that covers
only part of the board shows its coverage, and its overall is marked partial.

Modules, each importing only those before it: `config` (LeaderboardConfig, load_config),
`summary` (summarize_board -> Board), `tables` and `charts` (the pages' table and chart
objects, with number formatting from `_format`), `downloads` (JSON, CSV, Markdown) and
`render` (site_files, write_site, build_leaderboard).
"""

from harness.leaderboard.config import BootstrapConfig, LeaderboardConfig, load_config
from harness.leaderboard.render import build_leaderboard
from harness.leaderboard.summary import summarize_board

__all__ = [
    "BootstrapConfig",
    "LeaderboardConfig",
    "build_leaderboard",
    "load_config",
    "summarize_board",
]
