#include "suppression.h"

#include <limits>

namespace carepack::iro {

long CountGrid::row_total(std::size_t r) const {
    long s = 0;
    for (long v : cells[r]) s += v;
    return s;
}

long CountGrid::col_total(std::size_t c) const {
    long s = 0;
    for (const auto& row : cells) s += row[c];
    return s;
}

long CountGrid::at(std::size_t r, std::size_t c) const {
    const bool total_row = r == rows(), total_col = c == cols();
    if (!total_row && !total_col) return cells[r][c];
    if (total_row && !total_col) return col_total(c);
    if (!total_row) return row_total(r);
    long s = 0;
    for (std::size_t i = 0; i < rows(); ++i) s += row_total(i);
    return s;
}

std::vector<std::vector<Place>> sum_sets(const CountGrid& g) {
    std::vector<std::vector<Place>> sets;
    if (g.row_totals)
        for (std::size_t r = 0; r < g.full_rows(); ++r) {
            std::vector<Place> s;
            for (std::size_t c = 0; c <= g.cols(); ++c) s.emplace_back(r, c);
            sets.push_back(std::move(s));
        }
    if (g.col_totals)
        for (std::size_t c = 0; c < g.full_cols(); ++c) {
            std::vector<Place> s;
            for (std::size_t r = 0; r <= g.rows(); ++r) s.emplace_back(r, c);
            sets.push_back(std::move(s));
        }
    return sets;
}

std::vector<std::vector<bool>> suppress(const CountGrid& g, long threshold) {
    std::vector<std::vector<bool>> hidden(g.full_rows(), std::vector<bool>(g.full_cols(), false));
    for (std::size_t r = 0; r < g.full_rows(); ++r)
        for (std::size_t c = 0; c < g.full_cols(); ++c) {
            const long v = g.at(r, c);
            hidden[r][c] = v > 0 && v < threshold;
        }
    const auto sets = sum_sets(g);
    // Each pass hides at least one more place or stops, so this ends within the table's size.
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& set : sets) {
            std::size_t count = 0;
            for (auto [r, c] : set) count += hidden[r][c];
            if (count != 1) continue;
            // The next-smallest count of the set; a zero only when there is nothing else, since
            // hiding a zero protects less (a reader may guess it).
            const Place* pick = nullptr;
            long best = std::numeric_limits<long>::max();
            bool best_positive = false;
            for (const auto& p : set) {
                if (hidden[p.first][p.second]) continue;
                const long v = g.at(p.first, p.second);
                const bool positive = v > 0;
                if (!pick || (positive && !best_positive) || (positive == best_positive && v < best)) {
                    pick = &p;
                    best = v;
                    best_positive = positive;
                }
            }
            if (!pick) continue;
            hidden[pick->first][pick->second] = true;
            changed = true;
        }
    }
    return hidden;
}

}  // namespace carepack::iro
