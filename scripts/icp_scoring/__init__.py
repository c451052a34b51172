"""ICP account scoring: the Python around the dbt project (sample data, raw checks and landing, quality gates,
publishing, CRM exports, the grid's backtest, learning and what-if, the benchmark). The `icp` command
(icp_scoring.cli) is its entry point; the scoring rules themselves live in the dbt models."""
