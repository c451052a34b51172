"""The run's report: one self-contained HTML page for sales and marketing leaders, read from the published
marts (icp report; written by every icp run). `marts` reads what dbt computed, `charts` draws it with Altair
(Vega-Lite), `tables` writes its tables and numbers, `page` writes the HTML with the Vega JavaScript inlined,
`labels.toml` holds its words in English and French."""

# The report's languages: labels.toml holds the words of each.
LANGUAGES = ("en", "fr")
