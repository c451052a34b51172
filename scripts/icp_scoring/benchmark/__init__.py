"""`icp benchmark`: the full scoring build, stage by stage, against a hand-written reference query (issue #7).

For each size (``--accounts``) it generates the raw files once with the project's own generator (timed, but
not part of the targets), then runs ``--runs`` times the stages `make build validate publish` runs:

    check_raw_files   icp land (checks the CSVs and lands them as Parquet)
    gx_raw            icp validate raw
    dbt_build         dbt build as icp build runs it (seeds, models, data tests) into an emptied DuckDB file
    gx_marts          icp validate marts
    publish           icp publish

each with its wall time, the peak memory of its whole process tree (the RSS of the process and all its
descendants, summed, sampled from /proc every 50 ms) and raw input rows per second. dbt's run_results.json
splits the build into model, test, seed and hook node time and dbt's own start-up. In the same run the
reference query (reference_scoring.sql in this folder: the same cleaning and scoring as one DuckDB query
on the same landed files) runs in a fresh process with the profile's DuckDB threads and memory limit, and its
scores are checked row for row against marts.account_scores: any difference stops the benchmark (exit 1).

    icp benchmark --accounts 100000 1000000 --runs 3 --markdown BENCHMARKS.md

With ``--engines duckdb postgres spark``, after each size's DuckDB runs, PostgreSQL (a local server of its
own) and Spark (a local session) load the same landed files and run the whole `dbt build`, timed the same way,
and their marts must equal DuckDB's row by row (exit 1 otherwise).

The modules, each importing only those above it:

    measure     wall time, CPU time and peak memory of a process tree; the benchmark's error
    raw_data    the generated raw files of a size, reused when made with the same settings
    stages      the stages' commands and environment, and where dbt build's time went
    reference   the reference query: run it, compare its scores with the project's
    daily       the daily refresh: a day's delivery of intent and 1% of the accounts changed
    engine_runs the load and build on PostgreSQL and Spark, their marts compared with DuckDB's
    runs        one run of every stage, and all runs of a size
    report      summaries, tables and targets of a size, and its build on each engine
    markdown    the results written into BENCHMARKS.md
    command     the command line (main)
"""

from functools import partial

from icp_scoring import console

# Progress lines on stderr, prefixed with the command's name.
progress = partial(console.progress, "icp benchmark")
