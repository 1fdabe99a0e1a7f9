# Sourced by bench scripts: columns of `crawlbench run --csv` by their header names, never by
# position (columns are added over time: lower_bound_estimated, connections_opened, ...).
# csv_columns NAME...: each data row's named fields, space-separated, one row per line.
csv_columns() {
  awk -F, -v names="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i
              n = split(names, want, " ")
              for (k = 1; k <= n; k++) if (!(want[k] in at)) { print "no CSV column " want[k] > "/dev/stderr"; exit 2 }
              next }
    { line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? " " : "") $(at[want[k]]); print line }'
}
