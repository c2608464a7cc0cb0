"""The linked-data portal: `ittifak serve` (pages, SPARQL, named queries, reconciliation) and
`ittifak site` (the same pages as static files). Layer 4: only the command imports it."""
