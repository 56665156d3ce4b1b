#define BOOST_TEST_MODULE plugin_iro_report
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <regex>
#include <set>

#include "carepack/pipeline.h"
#include "iro_report_kind.h"
#include "suppression.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

const Date made_on(2026, 12, 2);

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

fs::path hand_made() { return source_dir() / "tests" / "fixtures" / "iro" / "data"; }
fs::path example_data() { return example_council() / "data"; }

std::optional<Document> report(const fs::path& data, Audience audience, Diagnostics& d,
                               const fs::path& council = example_council()) {
    RenderJob job;
    job.kind = "iro-report";
    job.authority_dir = council;
    job.data_dir = data;
    job.year = "2025-26";
    job.audience = audience;
    job.lang = "en-GB";
    job.date = made_on;
    return build_document(env(), job, d);
}

Document report_or_fail(const fs::path& data, Audience audience) {
    Diagnostics d;
    auto doc = report(data, audience, d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    return *doc;
}

std::string fold(const std::string& s) { return std::regex_replace(s, std::regex("\\s+"), " "); }

// A table as a reader sees it: its caption and its cells' text, row by row (header row first).
struct Table {
    std::string id, caption;
    std::vector<std::vector<std::string>> rows;
    std::size_t column(const std::string& header) const {
        for (std::size_t c = 0; c < rows.front().size(); ++c)
            if (rows.front()[c] == header) return c;
        BOOST_FAIL("no column " << header << " in " << id);
        return 0;
    }
    const std::vector<std::string>& row(const std::string& label) const {
        for (const auto& r : rows)
            if (r.front() == label) return r;
        BOOST_FAIL("no row " << label << " in " << id);
        return rows.front();
    }
};

void collect_tables(const std::vector<Node>& nodes, std::vector<Table>& out, bool in_chart = false) {
    for (const auto& n : nodes) {
        if (n.kind == NodeKind::Table && !in_chart) {
            Table t;
            t.id = n.attribute_or("id", "");
            walk(n.children, [&](const Node& c, int) {
                if (c.kind == NodeKind::Caption) t.caption = fold(c.plain_text());
                if (c.kind == NodeKind::TableRow) {
                    std::vector<std::string> cells;
                    for (const auto& cell : c.children) cells.push_back(fold(cell.plain_text()));
                    t.rows.push_back(cells);
                }
            });
            out.push_back(std::move(t));
            continue;
        }
        collect_tables(n.children, out, in_chart || n.kind == NodeKind::Chart);
    }
}

std::vector<Table> tables(const Document& doc) {
    std::vector<Table> out;
    collect_tables(doc.body, out);
    return out;
}

Table table(const std::vector<Table>& all, const std::string& id) {
    for (const auto& t : all)
        if (t.id == id) return t;
    BOOST_FAIL("no table " << id);
    return {};
}

std::string text_of_document(const Document& doc) {
    std::string s;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Text) s += n.text;
        else if (!is_inline(n.kind)) s += ' ';
    });
    return fold(s);
}

// "41 of 52 (79%)" or "41": the count, and the denominator and percentage when given.
struct Cell {
    bool hidden = false, number = false;
    long count = 0, of = -1, percent = -1;
};
Cell parse(const std::string& s) {
    Cell c;
    std::smatch m;
    static const std::regex share("^([0-9,]+) of ([0-9,]+) \\(([0-9]+)%\\)$"), plain("^([0-9,]+)$");
    auto n = [](std::string x) {
        x.erase(std::remove(x.begin(), x.end(), ','), x.end());
        return std::stol(x);
    };
    if (s == "hidden") c.hidden = true;
    else if (std::regex_match(s, m, share)) c = {false, true, n(m[1]), n(m[2]), n(m[3])};
    else if (std::regex_match(s, m, plain)) c = {false, true, n(m[1])};
    return c;
}

// The tables with a Total row or column: every place, and which sums hold among them.
struct Sums {
    std::vector<std::vector<Cell>> cells;  // without the header row and label column
    bool total_row = false, total_col = false;
};
Sums sums_of(const Table& t) {
    Sums s;
    s.total_col = t.rows.front().back() == "Total";
    s.total_row = t.rows.back().front() == "Total";
    for (std::size_t r = 1; r < t.rows.size(); ++r) {
        std::vector<Cell> row;
        for (std::size_t c = 1; c < t.rows[r].size(); ++c) row.push_back(parse(t.rows[r][c]));
        s.cells.push_back(row);
    }
    return s;
}

bool is_count_table(const Table& t) {
    return (t.rows.front().back() == "Total" || t.rows.back().front() == "Total") && t.id != "staffing-table";
}

// Whether unknown `target` is fixed by the equations (each a set of unknowns and nothing else):
// it is when its unit vector lies in their row space.
std::size_t rank(std::vector<std::vector<double>> m) {
    std::size_t r = 0;
    const std::size_t cols = m.empty() ? 0 : m.front().size();
    for (std::size_t c = 0; c < cols && r < m.size(); ++c) {
        std::size_t p = r;
        while (p < m.size() && std::fabs(m[p][c]) < 1e-9) ++p;
        if (p == m.size()) continue;
        std::swap(m[p], m[r]);
        for (std::size_t i = 0; i < m.size(); ++i)
            if (i != r && std::fabs(m[i][c]) > 1e-9) {
                const double f = m[i][c] / m[r][c];
                for (std::size_t k = c; k < cols; ++k) m[i][k] -= f * m[r][k];
            }
        ++r;
    }
    return r;
}

// Every hidden place of a table that a reader could work out from the shown ones and the sums.
std::vector<std::pair<std::size_t, std::size_t>> derivable(const Sums& s) {
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> unknown;
    for (std::size_t r = 0; r < s.cells.size(); ++r)
        for (std::size_t c = 0; c < s.cells[r].size(); ++c)
            if (s.cells[r][c].hidden) unknown.emplace(std::make_pair(r, c), unknown.size());
    std::vector<std::vector<double>> equations;
    auto add = [&](const std::vector<std::pair<std::size_t, std::size_t>>& places) {
        std::vector<double> row(unknown.size(), 0.0);
        bool any = false;
        for (std::size_t i = 0; i < places.size(); ++i)
            if (auto it = unknown.find(places[i]); it != unknown.end()) {
                row[it->second] = i + 1 == places.size() ? -1.0 : 1.0;  // the total, on the other side
                any = true;
            }
        if (any) equations.push_back(row);
    };
    const std::size_t rows = s.cells.size(), cols = rows ? s.cells.front().size() : 0;
    if (s.total_col)
        for (std::size_t r = 0; r < rows; ++r) {
            std::vector<std::pair<std::size_t, std::size_t>> p;
            for (std::size_t c = 0; c < cols; ++c) p.emplace_back(r, c);
            add(p);
        }
    if (s.total_row)
        for (std::size_t c = 0; c < cols; ++c) {
            std::vector<std::pair<std::size_t, std::size_t>> p;
            for (std::size_t r = 0; r < rows; ++r) p.emplace_back(r, c);
            add(p);
        }
    std::vector<std::pair<std::size_t, std::size_t>> out;
    const std::size_t base = rank(equations);
    for (const auto& [place, i] : unknown) {
        auto with = equations;
        std::vector<double> unit(unknown.size(), 0.0);
        unit[i] = 1.0;
        with.push_back(unit);
        if (rank(with) == base) out.push_back(place);
    }
    return out;
}

std::string cli(const std::string& args) {
    return quoted(carepack_command()) + " --plugin-dir " + quoted(fs::path(CAREPACK_BUILD_PLUGIN_DIR)) + " " + args;
}

}  // namespace

// The hand-made returns (tests/fixtures/iro), worked out by hand with the England and Wales bank
// holidays:
//   A: starts 10/12/2025; 20 working days, leaving out 25 and 26 December and 1 January, end on
//      12/01/2026, the day of the review: first, met.
//   B: starts 01/04/2025; 20 working days across Good Friday (18/04) and Easter Monday (21/04)
//      end 01/05/2025, review 02/05: first, late. Second due 3 months after the review held,
//      02/08/2025, held 30/07: met. Next due 30/01/2026, none held: overdue. Its change of
//      placement (RNE P, 15/06/2025) starts no new clock.
//   C: starts 01/09/2025, aged 2: first due 29/09, held 26/09 (PN0): met; second due 26/12, held
//      19/12 (PN0): met.
//   D: short breaks only (V3): left out, and counted as left out.
//   E: looked after since 01/10/2024 (in both returns); its last review of 2024-25 was 15/01/2025,
//      so the next was due 15/07/2025, held 20/07: later, late; then due 20/01/2026, held
//      10/01/2026: met.
//   F: left care 30/06/2025 (its deadline of 25/09/2025 fell after it left, so is owed by no one)
//      and started a new period 03/11/2025: first due 01/12/2025, held 03/12: late; second due
//      03/03/2026, held that day: met.
// 2025-26: first 2 met, 2 late; second 3 met; later 1 met, 1 late, 1 overdue: 6 of 10 in time.
BOOST_AUTO_TEST_CASE(the_timeliness_of_the_hand_made_data_is_what_we_worked_out_by_hand) {
    const Document doc = report_or_fail(hand_made(), Audience::Professional);
    const auto all = tables(doc);
    const Table& t = table(all, "timeliness-table");
    BOOST_TEST(t.caption.find("1 April 2025 to 31 March 2026") != std::string::npos);
    const std::vector<std::string> first{"First review (20 working days)", "2 of 4 (50%)", "2 of 4 (50%)", "0 of 4 (0%)", "4"};
    const std::vector<std::string> second{"Second review (3 months)", "3 of 3 (100%)", "0 of 3 (0%)", "0 of 3 (0%)", "3"};
    const std::vector<std::string> later{"Later reviews (6 months)", "1 of 3 (33%)", "1 of 3 (33%)", "1 of 3 (33%)", "3"};
    const std::vector<std::string> total{"Total", "6 of 10 (60%)", "3 of 10 (30%)", "1 of 10 (10%)", "10"};
    BOOST_TEST(t.row("First review (20 working days)") == first, boost::test_tools::per_element());
    BOOST_TEST(t.row("Second review (3 months)") == second, boost::test_tools::per_element());
    BOOST_TEST(t.row("Later reviews (6 months)") == later, boost::test_tools::per_element());
    BOOST_TEST(t.row("Total") == total, boost::test_tools::per_element());

    // 2024-25, from its own return: E first (met) and second (met); F first (met), second
    // (30/09/2024 after 28/09: late), later (met).
    const Table& before = table(all, "timeliness-before-table");
    const std::vector<std::string> before_total{"Total", "4 of 5 (80%)", "1 of 5 (20%)", "0 of 5 (0%)", "5"};
    BOOST_TEST(before.row("Total") == before_total, boost::test_tools::per_element());

    // Children: E and F at the start; A, B, C, E, F at the end; A, B, C and F's new period started;
    // F left; D (short breaks only) in none of them.
    const Table& numbers = table(all, "numbers-table");
    BOOST_TEST(numbers.row("Children looked after at the start of the year (1 April)")[2] == "2");
    BOOST_TEST(numbers.row("Children looked after at the end of the year (31 March)")[2] == "5");
    BOOST_TEST(numbers.row("Children who started to be looked after in the year")[2] == "4");
    BOOST_TEST(numbers.row("Children who stopped being looked after in the year")[2] == "1");
    const std::string text = text_of_document(doc);
    BOOST_TEST(text.find("left out of every count in this report: 1 children in 2025-26") != std::string::npos);

    // Participation: 9 reviews held; C's two are PN0; of the other 7, all but E's PN7 conveyed views.
    BOOST_TEST(text.find("9 reviews were held in the year 1 April 2025 to 31 March 2026") != std::string::npos);
    BOOST_TEST(text.find("children's views were put to 6 of 7 (86%) of the reviews of children aged 4 or over") !=
               std::string::npos);
    BOOST_TEST(text.find("(code PN0) are left out of these shares: 2 in 2025-26") != std::string::npos);

    // Caseload: 5 children, 1.5 full-time IROs in post on 31 March 2026 (IRO03 left in January 2025).
    BOOST_TEST(text.find("2 IROs in post, 1.5 full-time equivalent, for 5 children") != std::string::npos);
    BOOST_TEST(text.find("That is 3.3 children for each full-time IRO, below the 50 to 70") != std::string::npos);

    // Escalations opened in 2025-26: two resolved in 10 and 20 days (median 15), one open.
    BOOST_TEST(text.find("3 escalations were raised in the year") != std::string::npos);
    BOOST_TEST(text.find("2 were resolved by the end of the year, in a median of 15 days") != std::string::npos);
    const Table& stages = table(all, "escalations-table");
    const std::vector<std::string> informal{"Informal", "0", "1", "1", "2"};
    BOOST_TEST(stages.row("Informal") == informal, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_total_in_the_report_is_the_sum_of_its_parts) {
    for (const auto& data : {example_data(), hand_made()}) {
        const Document doc = report_or_fail(data, Audience::Professional);
        std::size_t checked = 0;
        for (const auto& t : tables(doc)) {
            if (!is_count_table(t)) continue;
            const Sums s = sums_of(t);
            const std::size_t rows = s.cells.size(), cols = s.cells.front().size();
            if (s.total_row)
                for (std::size_t c = 0; c < cols; ++c) {
                    long sum = 0;
                    for (std::size_t r = 0; r + 1 < rows; ++r) sum += s.cells[r][c].count;
                    BOOST_TEST(sum == s.cells[rows - 1][c].count, t.id << " column " << c << ": " << t.caption);
                    ++checked;
                }
            if (s.total_col)
                for (std::size_t r = 0; r < rows; ++r) {
                    long sum = 0;
                    for (std::size_t c = 0; c + 1 < cols; ++c) sum += s.cells[r][c].count;
                    BOOST_TEST(sum == s.cells[r][cols - 1].count, t.id << " row " << r);
                    ++checked;
                }
            // Each share is of the denominator the table states: its total, and rounds right.
            for (std::size_t r = 0; r < rows; ++r)
                for (std::size_t c = 0; c < cols; ++c) {
                    const Cell& cell = s.cells[r][c];
                    if (cell.of < 0) continue;
                    const long stated = s.total_col && !s.total_row ? s.cells[r][cols - 1].count
                                        : s.total_row && !s.total_col ? s.cells[rows - 1][c].count
                                                                      : -1;
                    if (stated >= 0) BOOST_TEST(cell.of == stated, t.id << " " << r << "," << c);
                    BOOST_TEST(cell.percent == std::lround(100.0 * double(cell.count) / double(cell.of)));
                }
            BOOST_TEST(!t.caption.empty());
        }
        BOOST_TEST(checked > 40u);
    }
}

BOOST_AUTO_TEST_CASE(participation_shares_are_of_the_reviews_of_children_aged_4_or_over) {
    const Document doc = report_or_fail(example_data(), Audience::Professional);
    const Table t = table(tables(doc), "participation-table");
    BOOST_TEST(t.caption.find("each share is of the reviews of children aged 4 or over") != std::string::npos);
    const Sums s = sums_of(t);
    for (std::size_t c = 0; c < 2; ++c) {
        long pn1_to_7 = 0;
        for (std::size_t r = 0; r < 7; ++r) {
            BOOST_TEST(t.rows[r + 1][0].rfind("PN" + std::to_string(r + 1) + ":", 0) == 0);
            pn1_to_7 += s.cells[r][c].count;
            BOOST_TEST(s.cells[r][c].of == s.cells[7][c].count);
        }
        BOOST_TEST(pn1_to_7 == s.cells[7][c].count);
    }
    // PN0 is not a row: the under-4s are said to be left out, with their number.
    for (const auto& row : t.rows) BOOST_TEST(row.front().rfind("PN0", 0) != 0);
    const std::string text = text_of_document(doc);
    BOOST_TEST(std::regex_search(text, std::regex("\\(code PN0\\) are left out of these shares: [0-9]+ in 2025-26")));
    // The rate in the words is PN1 to PN6 of that same denominator.
    long views = 0;
    for (std::size_t r = 0; r < 6; ++r) views += s.cells[r][1].count;
    const std::string share = std::to_string(views) + " of " + std::to_string(s.cells[7][1].count) + " (" +
                              std::to_string(std::lround(100.0 * double(views) / double(s.cells[7][1].count))) + "%)";
    BOOST_TEST(text.find("children's views were put to " + share) != std::string::npos, share);
}

BOOST_AUTO_TEST_CASE(suppression_iterates_until_no_sum_has_one_hidden_count) {
    iro::CountGrid g;
    g.row_labels = {"a", "b", "c"};
    g.col_labels = {"x", "y", "z"};
    g.row_totals = true;
    g.cells = {{2, 30, 40}, {20, 25, 35}, {9, 0, 50}};
    const auto hidden = iro::suppress(g, 6);
    BOOST_TEST(hidden[0][0]);  // 2: primary
    for (const auto& set : iro::sum_sets(g)) {
        std::size_t n = 0;
        for (auto [r, c] : set) n += hidden[r][c];
        BOOST_TEST((n == 0 || n >= 2));
    }
    // Its row's next smallest (30) and its column's (9) go with it.
    BOOST_TEST(hidden[0][1]);
    BOOST_TEST(hidden[2][0]);
}

BOOST_AUTO_TEST_CASE(in_the_public_report_no_hidden_count_can_be_worked_out_and_no_small_count_is_shown) {
    for (const auto& data : {example_data(), hand_made()}) {
        const Document doc = report_or_fail(data, Audience::Public);
        BOOST_TEST(doc.audience == Audience::Public);
        std::size_t hidden = 0;
        for (const auto& t : tables(doc)) {
            // The rows of the data left out are counts of lines in files, not of children: shown whole.
            if (t.id == "excluded-table") continue;
            for (std::size_t r = 1; r < t.rows.size(); ++r)
                for (std::size_t c = 1; c < t.rows[r].size(); ++c) {
                    const Cell cell = parse(t.rows[r][c]);
                    hidden += cell.hidden;
                    if (cell.number) BOOST_TEST(!(cell.count >= 1 && cell.count <= 5), t.id << ": " << t.rows[r][c]);
                    if (cell.of >= 0) BOOST_TEST(!(cell.of >= 1 && cell.of <= 5), t.id << ": " << t.rows[r][c]);
                }
            if (!is_count_table(t)) continue;
            const auto found = derivable(sums_of(t));
            BOOST_TEST(found.empty(), t.id << ": " << found.size() << " hidden counts can be worked out");
        }
        BOOST_TEST(hidden > 0u);
        const std::string text = text_of_document(doc);
        BOOST_TEST(text.find("a number from 1 to 5 is not published") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_public_report_names_no_iro_and_the_professional_one_only_in_its_staffing_table) {
    std::vector<std::string> names;
    for (const auto& data : {example_data(), hand_made()}) {
        std::istringstream staff(slurp(data / "iro" / "iro-staff.csv"));
        std::string line;
        std::getline(staff, line);
        while (std::getline(staff, line))
            if (!line.empty()) names.push_back(line.substr(line.find(',') + 1, line.find(',', line.find(',') + 1) - line.find(',') - 1));
    }
    BOOST_REQUIRE(names.size() > 5u);
    for (const auto& data : {example_data(), hand_made()}) {
        const Document pub = report_or_fail(data, Audience::Public);
        const std::string text = text_of_document(pub) + " " + pub.title;
        for (const auto& name : names) BOOST_TEST(text.find(name) == std::string::npos, name);
        BOOST_TEST(text.find("IRO0") == std::string::npos);  // nor their ids
        BOOST_TEST(text.find("Alex Fictionby") == std::string::npos);  // the cover sheet gives roles only
        BOOST_TEST(text.find("Director of Children's Services") != std::string::npos);
    }
    const Document pro = report_or_fail(hand_made(), Audience::Professional);
    const Table staffing = table(tables(pro), "staffing-table");
    BOOST_TEST(staffing.row("Tess Iroperson")[2] == "1.0");
    BOOST_TEST(staffing.row("Total")[1] == "2");
    std::size_t outside = 0;
    for (const auto& t : tables(pro))
        if (t.id != "staffing-table")
            for (const auto& row : t.rows)
                for (const auto& cell : row) outside += cell.find("Tess Iroperson") != std::string::npos;
    BOOST_TEST(outside == 0u);
}

BOOST_AUTO_TEST_CASE(rows_left_out_of_the_data_are_stated_in_the_report_and_named_by_file_and_line) {
    TempDir tmp;
    fs::copy(hand_made(), tmp / "data", fs::copy_options::recursive);
    spit(tmp / "data" / "2025-26" / "Reviews.csv",
         slurp(hand_made() / "2025-26" / "Reviews.csv") + "TST00A,05/05/2010,31/06/2025,PN1\nTST00Z,01/01/2010,01/02/2026,PN1\n");
    Diagnostics d;
    auto doc = report(tmp / "data", Audience::Professional, d);
    BOOST_REQUIRE_MESSAGE(doc, d.str());
    BOOST_TEST(!d.has_errors());
    BOOST_TEST(mentions(d, "2025-26/Reviews.csv:11:", "REVIEW '31/06/2025' is not a date"), d.str());
    BOOST_TEST(mentions(d, "2025-26/Reviews.csv:12:", "TST00Z is not in Header"), d.str());
    const std::string text = text_of_document(*doc);
    BOOST_TEST(text.find("2 rows of the data were left out") != std::string::npos);
    const Table t = table(tables(*doc), "excluded-table");
    BOOST_TEST(t.row("2025-26/Reviews.csv, REVIEW")[1] == "1");
    BOOST_TEST(t.row("2025-26/Reviews.csv, CHILD")[1] == "1");
    BOOST_TEST(t.row("Total")[1] == "2");
    BOOST_TEST(text.find("2025-26/Reviews.csv:11:19: REVIEW '31/06/2025' is not a date") != std::string::npos);
    // The figures are those of the good rows: the same 9 reviews held.
    BOOST_TEST(text.find("9 reviews were held in the year") != std::string::npos);
    // The public version counts them and lists no row (the rows are about children).
    Diagnostics pd;
    auto pub = report(tmp / "data", Audience::Public, pd);
    BOOST_REQUIRE_MESSAGE(pub, pd.str());
    BOOST_TEST(text_of_document(*pub).find("TST00Z") == std::string::npos);
    BOOST_TEST(text_of_document(*pub).find("2 rows of the data were left out") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_narrative_with_a_placeholder_is_refused_naming_its_file_and_line) {
    TempDir tmp;
    const fs::path council = copy_example_council(tmp);
    const std::string original = slurp(council / "iro-report.xml");
    const std::string marker = "<li>Make midway checks routine";
    BOOST_REQUIRE(original.find(marker) != std::string::npos);
    spit(council / "iro-report.xml", replace_once(original, marker, "<li>TBC. " + marker.substr(4)));
    std::size_t line = 1;
    for (std::size_t i = 0; i < original.find(marker); ++i) line += original[i] == '\n';
    Diagnostics d;
    auto doc = report(hand_made(), Audience::Professional, d, council);
    BOOST_TEST(!doc);
    BOOST_TEST(d.has_errors());
    BOOST_TEST(mentions(d, "iro-report.xml:", "unfinished placeholder 'TBC'"), d.str());
    // The markup's element starts at <areas-for-development>: the line named is in the file, at
    // or before the placeholder.
    bool located = false;
    for (const auto& item : d.items())
        if (item.message.find("TBC") != std::string::npos && item.where.line > 0 &&
            static_cast<std::size_t>(item.where.line) <= line && item.where.line > 30)
            located = true;
    BOOST_TEST(located, d.str());

    spit(council / "iro-report.xml", replace_once(original, "<title>Independent", "<title>[insert council] Independent"));
    std::size_t title_line = 1;
    for (std::size_t i = 0; i < original.find("<title>"); ++i) title_line += original[i] == '\n';
    Diagnostics title;
    BOOST_TEST(!report(hand_made(), Audience::Professional, title, council));
    BOOST_TEST(mentions(title, "iro-report.xml:" + std::to_string(title_line) + ":", "unfinished placeholder '[insert council]'"),
               title.str());
}

BOOST_AUTO_TEST_CASE(the_narrative_must_be_for_the_year_reported_on) {
    RenderJob job;
    job.kind = "iro-report";
    job.authority_dir = example_council();
    job.data_dir = hand_made();
    job.year = "2024-25";
    job.date = made_on;
    Diagnostics d;
    BOOST_TEST(!build_document(env(), job, d));
    const std::string narrative = slurp(example_council() / "iro-report.xml");
    std::size_t line = 1;
    for (std::size_t i = 0; i < narrative.find("<iro-report year="); ++i) line += narrative[i] == '\n';
    BOOST_TEST(mentions(d, "iro-report.xml:" + std::to_string(line) + ":", "the narrative is for 2025-26, not 2024-25"), d.str());
}

BOOST_AUTO_TEST_CASE(every_chart_has_its_data_table_and_every_arrow_its_words) {
    const Document doc = report_or_fail(example_data(), Audience::Professional);
    std::size_t charts = 0;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind != NodeKind::Chart) return;
        ++charts;
        std::vector<std::string> problems;
        auto data = chart_data(n, problems);
        BOOST_TEST(problems.empty());
        BOOST_REQUIRE(data);
        BOOST_TEST(data->series == (std::vector<std::string>{"2024-25", "2025-26"}), boost::test_tools::per_element());
        BOOST_TEST(!data->description.empty());
    });
    BOOST_TEST(charts == 3u);
    const Table glance = table(tables(doc), "glance");
    for (std::size_t r = 1; r < glance.rows.size(); ++r) {
        const std::string& trend = glance.rows[r].back();
        BOOST_TEST(std::regex_search(trend, std::regex("^(▲ up from|▼ down from|▶ no change)")), trend);
    }
}

BOOST_AUTO_TEST_CASE(the_command_writes_both_formats_and_lists_exclusions_with_file_and_line) {
    TempDir tmp;
    auto r = run(cli("iro-report --authority " + quoted(example_council()) + " --data " + quoted(example_data()) +
                     " --year 2025-26 --date 2026-12-02 --format html,pdf -o " + quoted(tmp.path())));
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(r.out.find("2025-26/Reviews.csv:516:22: warning: Reviews row left out") != std::string::npos, r.out);
    const std::string html = slurp(tmp / "iro-report-2025-26.html");
    BOOST_TEST(html.find("Independent Reviewing Officer Service: annual report 2025-26") != std::string::npos);
    BOOST_TEST(slurp(tmp / "iro-report-2025-26.pdf").rfind("%PDF-", 0) == 0);
    // It names the IROs: its owner's only.
    BOOST_TEST(((fs::status(tmp / "iro-report-2025-26.pdf").permissions() & fs::perms::others_read) == fs::perms::none));

    auto pub = run(cli("iro-report --authority " + quoted(example_council()) + " --data " + quoted(example_data()) +
                       " --year 2025-26 --audience public --date 2026-12-02 -o " + quoted(tmp.path())));
    BOOST_TEST(pub.exit_code == 0, pub.out);
    BOOST_TEST(fs::exists(tmp / "iro-report-2025-26-public.html"));
    BOOST_TEST(fs::exists(tmp / "iro-report-2025-26-public.pdf"));

    auto missing = run(cli("iro-report --authority " + quoted(example_council()) + " --data " + quoted(tmp / "nowhere") +
                           " --year 2025-26 -o " + quoted(tmp / "x")));
    BOOST_TEST(missing.exit_code == 1);
    BOOST_TEST(missing.out.find("no such folder") != std::string::npos, missing.out);
    BOOST_TEST(!fs::exists(tmp / "x"));
    auto help = run(cli("iro-report --help"));
    BOOST_TEST(help.out.find("--audience A") != std::string::npos);
}
