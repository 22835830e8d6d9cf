"""The monthly report (*laporan berkala*, SOP 1 step 1.7): figures from `records/` alone, a site
page with hand-written SVG charts, and a CSV. Same month, same log → byte-identical files."""
