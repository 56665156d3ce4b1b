// Statistical disclosure control for the public IRO report: a table of counts whose small
// counts are hidden, and hidden so that no hidden count can be worked back from the ones shown.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace carepack::iro {

// A table of counts with, optionally, a total for each row (an extra column) and for each
// column (an extra row, with the grand total where both are kept). Totals are always computed
// from the cells, never given.
struct CountGrid {
    std::vector<std::string> row_labels, col_labels;
    std::vector<std::vector<long>> cells;  // [row][column]
    bool row_totals = false;
    bool col_totals = true;

    std::size_t rows() const { return row_labels.size(); }
    std::size_t cols() const { return col_labels.size(); }
    // The full table: cells, then the totals column and totals row where kept.
    std::size_t full_rows() const { return rows() + (col_totals ? 1 : 0); }
    std::size_t full_cols() const { return cols() + (row_totals ? 1 : 0); }
    long at(std::size_t r, std::size_t c) const;  // in the full table
    long row_total(std::size_t r) const;
    long col_total(std::size_t c) const;
};

// The sets of places in the full table that add up: each is a list of (row, column), the last
// being the total of the others. A published table must not have exactly one hidden place in
// any set, or that place is the total less the rest.
using Place = std::pair<std::size_t, std::size_t>;
std::vector<std::vector<Place>> sum_sets(const CountGrid& g);

// Which places of the full table to hide: counts from 1 to threshold - 1 (primary), then, while
// any sum set has exactly one hidden place, the smallest other count in that set (secondary,
// preferring counts above zero), until every set has none or at least two. [row][column] of the
// full table.
std::vector<std::vector<bool>> suppress(const CountGrid& g, long threshold);

}  // namespace carepack::iro
