#define BOOST_TEST_MODULE plugin_ssda903
#include <boost/test/unit_test.hpp>

#include <ctime>
#include <regex>
#include <set>

#include "carepack/reviews.h"
#include "carepack/working_days.h"
#include "iro_records_source.h"
#include "ssda903_source.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

fs::path fixture() { return source_dir() / "tests" / "fixtures" / "ssda903" / "2025-26"; }
fs::path example_data() { return example_council() / "data"; }

// Each exclusion as `File.csv:line:column field`, in the order reported.
std::vector<std::string> exclusions(const Value& tree) {
    std::vector<std::string> out;
    for (const auto& e : tree.get("exclusions")->as_array())
        out.push_back(fs::path(text_of(e, "file")).filename().string() + ":" + text_of(e, "line") + ":" +
                      text_of(e, "column") + " " + text_of(e, "field"));
    return out;
}

std::vector<std::string> children(const Value& tree, const char* table) {
    std::vector<std::string> out;
    for (const auto& row : tree.get(table)->as_array()) out.push_back(text_of(row, "child"));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_file_with_a_bom_crlf_quotes_reordered_columns_and_blank_lines_reads) {
    Diagnostics d;
    auto tree = Ssda903Source().read(fixture(), d);
    BOOST_TEST(!d.has_errors(), d.str());
    BOOST_TEST(text_of(*tree, "collection_year") == "2025-26");
    BOOST_TEST(text_of(*tree, "year_end") == "2026-03-31");
    const auto& header = tree->get("header")->as_array();
    BOOST_REQUIRE(header.size() == 4);
    BOOST_TEST(text_of(header[0], "child") == "BRK000001");
    BOOST_TEST(text_of(header[0], "dob") == "2012-05-01");
    BOOST_TEST(text_of(header[1], "ethnic") == "BAFR");  // quoted in the file
    BOOST_TEST(text_of(header[1], "sex") == "2");
    BOOST_TEST(header[1].where.str().ends_with("Header.csv:3"));
    BOOST_TEST(text_of(header[3], "child") == "BRK000006");
    BOOST_TEST(tree->find("rows_read.header")->as_integer() == 6);  // the blank lines are not rows
    const auto& reviews = tree->get("reviews")->as_array();
    BOOST_REQUIRE(reviews.size() == 3);
    BOOST_TEST(text_of(reviews[1], "review") == "2025-10-20");
    BOOST_TEST(text_of(reviews[1], "review_code") == "PN6");
    BOOST_TEST(header[0].sensitivity == Sensitivity::Professional);
}

BOOST_AUTO_TEST_CASE(each_kind_of_bad_row_is_reported_with_file_line_and_column_and_left_out) {
    Diagnostics d;
    auto tree = Ssda903Source().read(fixture(), d);
    const std::vector<std::string> expected = {
        "Header.csv:4:27 SEX",           // 3 is not a SEX code
        "Header.csv:5:6 DOB",            // 31/06/2013
        "Episodes.csv:5:30 PLACE",       // Q9
        "Episodes.csv:6:37 DEC",         // ends before it starts
        "Episodes.csv:7:1 CHILD",        // BRK000009 is not in Header
        "Episodes.csv:8:11 DECOM",       // starts after the year
        "Reviews.csv:4:22 REVIEW",       // 31/06/2025
        "Reviews.csv:5:22 REVIEW",       // after the year's end
        "Reviews.csv:6:1 CHILD",         // not in Header
        "Reviews.csv:7:33 REVIEW_CODE",  // PN9
        "Reviews.csv:8:1 CHILD",         // no episode
    };
    BOOST_TEST(exclusions(*tree) == expected, boost::test_tools::per_element());
    BOOST_TEST(d.warning_count() == expected.size());
    BOOST_TEST(!d.has_errors());
    const std::string text = d.str();
    BOOST_TEST(text.find("Reviews.csv:4:22: warning: Reviews row left out: REVIEW '31/06/2025' is not a date") !=
               std::string::npos, text);
    BOOST_TEST(text.find("after the collection year ends (2026-03-31)") != std::string::npos);
    BOOST_TEST(text.find("PLACE 'Q9' is not a code of this year's list") != std::string::npos);
    BOOST_TEST(text.find("2025-26.xml") != std::string::npos);
    BOOST_TEST(text.find("child BRK000009 is not in Header") != std::string::npos);
    BOOST_TEST(text.find("child BRK000006 has no episode") != std::string::npos);
    BOOST_TEST(text.find("the episode ends (2025-06-20) before it starts (2025-07-01)") != std::string::npos);

    // Left out: what is kept is exactly the good rows.
    BOOST_TEST(children(*tree, "header") == (std::vector<std::string>{"BRK000001", "BRK000002", "BRK000005", "BRK000006"}),
               boost::test_tools::per_element());
    BOOST_TEST(children(*tree, "episodes") == (std::vector<std::string>{"BRK000001", "BRK000002", "BRK000002", "BRK000005"}),
               boost::test_tools::per_element());
    BOOST_TEST(children(*tree, "reviews") == (std::vector<std::string>{"BRK000001", "BRK000002", "BRK000005"}),
               boost::test_tools::per_element());
    BOOST_TEST(tree->find("rows_read.reviews")->as_integer() == 8);
    BOOST_TEST(tree->get("exclusions")->size() + tree->get("reviews")->size() + tree->get("episodes")->size() +
                   tree->get("header")->size() ==
               static_cast<std::size_t>(tree->find("rows_read.reviews")->as_integer() +
                                        tree->find("rows_read.episodes")->as_integer() +
                                        tree->find("rows_read.header")->as_integer()));
}

BOOST_AUTO_TEST_CASE(a_missing_required_column_is_an_error_naming_the_file) {
    TempDir dir;
    const auto year = dir / "2025-26";
    spit(year / "header.csv", "CHILD,SEX,DOB\nBRK000001,1,01/01/2012\n");
    spit(year / "EPISODES.CSV", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n");
    spit(year / "Reviews.csv", "CHILD,REVIEW,REVIEW_CODE\n");
    Diagnostics d;
    auto tree = Ssda903Source().read(year, d);
    BOOST_TEST(d.error_count() == 1);
    BOOST_TEST(d.str().find("header.csv:1:1: error: Header file has no ETHNIC column") != std::string::npos, d.str());
    BOOST_TEST(tree->get("header")->size() == 0);
    // The lower- and upper-case file names were found.
    BOOST_TEST(text_of(*tree->get("files"), "episodes").ends_with("EPISODES.CSV"));
}

BOOST_AUTO_TEST_CASE(the_collection_year_comes_from_the_folder_or_is_given) {
    TempDir dir;
    spit(dir / "return" / "Header.csv", "CHILD,SEX,DOB,ETHNIC\n");
    Diagnostics d;
    BOOST_CHECK_THROW(Ssda903Source().read(dir / "return", d), Failure);
    auto tree = Ssda903Source().read(dir / "return", ReportingYear{2024}, d);
    BOOST_TEST(text_of(*tree, "collection_year") == "2024-25");
    // A year with no code lists is refused, naming the file it looked for.
    try {
        Ssda903Source().read(dir / "return", ReportingYear{2019}, d);
        BOOST_FAIL("there are no code lists for 2019-20");
    } catch (const Failure& f) {
        BOOST_TEST(f.diagnostics().str().find("ssda903/2019-20.xml") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_example_data_reads_with_its_known_invalid_rows_and_nothing_else) {
    // The rows the generator made invalid on purpose, as its README lists them.
    const std::string readme = slurp(example_data() / "README.md");
    std::regex listed("- `2025-26/(\\w+\\.csv)` line (\\d+): ");
    std::set<std::string> expected;
    for (std::sregex_iterator it(readme.begin(), readme.end(), listed), end; it != end; ++it)
        expected.insert((*it)[1].str() + ":" + (*it)[2].str());
    BOOST_TEST(expected.size() == 5);

    Diagnostics first;
    auto y1 = Ssda903Source().read(example_data() / "2024-25", first);
    BOOST_TEST(first.empty(), first.str());
    BOOST_TEST(y1->get("exclusions")->size() == 0);

    Diagnostics second;
    auto y2 = Ssda903Source().read(example_data() / "2025-26", second);
    BOOST_TEST(!second.has_errors());
    std::set<std::string> found;
    for (const auto& e : y2->get("exclusions")->as_array())
        found.insert(fs::path(text_of(e, "file")).filename().string() + ":" + text_of(e, "line"));
    BOOST_TEST(found == expected, boost::test_tools::per_element());
    BOOST_TEST(second.warning_count() == 5);
    BOOST_TEST(y2->get("header")->size() > 250);
    BOOST_TEST(y2->get("reviews")->size() > 400);

    // Both years together: every child's episodes make whole periods of care, and the year's
    // deadlines add up.
    const Value* returns[] = {y1.get(), y2.get()};
    auto calendar = WorkingDayCalendar::for_jurisdiction("england");
    std::vector<ReviewTimeliness> all;
    for (const auto& c : care_records(returns)) {
        all.push_back(review_timeliness(c.child, c.episodes, c.reviews, Date(2024, 4, 1), Date(2026, 3, 31), *calendar));
        BOOST_TEST(all.back().notes.empty(), c.child << ": " << (all.back().notes.empty() ? "" : all.back().notes[0].str()));
    }
    auto year = timeliness_in_year(all, ReportingYear{2025});
    BOOST_TEST(year.due() == year.deadlines.size());
    BOOST_TEST(year.due() > 300);
    BOOST_TEST(year.held_late > 0);
    BOOST_TEST(year.met * 10 > year.due() * 8);  // mostly on time, as the generator intends
    BOOST_TEST(year.short_break_periods > 0);
}

BOOST_AUTO_TEST_CASE(iro_records_read_and_report_bad_rows) {
    Diagnostics d;
    auto tree = IroRecordsSource().read(example_data() / "iro", d);
    BOOST_TEST(d.empty(), d.str());
    BOOST_TEST(tree->get("staff")->size() == 8);
    BOOST_TEST(tree->get("escalations")->size() == 40);
    BOOST_TEST(tree->get("escalation_stages")->size() == 4);
    BOOST_TEST(tree->get("parent_participation")->size() > 500);

    TempDir dir;
    spit(dir / "iro-staff.csv", "iro_id,name,fte,start,end\nIRO01,Jo Exampleton,1.0,2020-01-01,\n"
                                "IRO02,Pat Sampleford,1.4,2020-01-01,\n");
    spit(dir / "escalations.csv", "id,child,iro_id,opened,stage,theme,resolved,outcome\n"
                                  "E1,BRK000001,IRO01,01/05/2025,formal-1,contact,2025-04-01,resolved\n"
                                  "E2,BRK000002,IRO01,2025-05-01,stage-9,contact,,\n"
                                  "E3,BRK000003,IRO07,2025-05-01,informal,contact,,\n"
                                  "E4,BRK000004,IRO01,2025-05-01,informal,contact,,\n");
    spit(dir / "midway-checks.csv", "child,iro_id,date,outcome\n");
    spit(dir / "iro-visits.csv", "child,iro_id,date,purpose\n");
    spit(dir / "parent-participation.csv", "child,review_date,participated\nBRK000001,2025-05-01,maybe\n");
    Diagnostics bad;
    auto t = IroRecordsSource().read(dir.path(), bad);
    const std::vector<std::string> expected = {"iro-staff.csv:3:22 fte", "escalations.csv:2:48 resolved",
                                               "escalations.csv:3:31 stage", "escalations.csv:4:14 iro_id",
                                               "parent-participation.csv:2:22 participated"};
    BOOST_TEST(exclusions(*t) == expected, boost::test_tools::per_element());
    BOOST_TEST(t->get("escalations")->size() == 1);
    BOOST_TEST(text_of(t->get("escalations")->as_array()[0], "opened") == "2025-05-01");
}

BOOST_AUTO_TEST_CASE(a_year_of_10000_children_reads_well_under_a_second) {
    // 10,000 children, 30,000 episodes and 40,000 reviews, written here so the test needs no
    // generator: each child two placements and four reviews.
    TempDir dir;
    const auto year = dir / "2025-26";
    std::string header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", episodes =
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n",
        reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\n";
    for (int i = 0; i < 10000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "BRK%06d", i);
        const std::string c = id;
        header += c + ",1,01/02/2012,WBRI,,,\n";
        episodes += c + ",01/01/2024,S,C2,N1,U6,PR4,01/06/2025,X1,CARPL,,,\n";
        episodes += c + ",01/06/2025,P,C2,N1,U4,PR4,01/10/2025,X1,CARPL,,,\n";
        episodes += c + ",01/10/2025,P,C2,N1,K2,PR4,,,,,,\n";
        for (const char* r : {"10/04/2025", "01/08/2025", "01/11/2025", "01/03/2026"})
            reviews += c + ",01/02/2012," + r + ",PN1\n";
    }
    spit(year / "Header.csv", header);
    spit(year / "Episodes.csv", episodes);
    spit(year / "Reviews.csv", reviews);
    Diagnostics d;
    // Processor time, not wall time: the machines that run the tests are shared.
    const std::clock_t start = std::clock();
    auto tree = Ssda903Source().read(year, d);
    const long ms = static_cast<long>((std::clock() - start) * 1000 / CLOCKS_PER_SEC);
    BOOST_TEST(d.empty());
    BOOST_TEST(tree->get("reviews")->size() == 40000);
    BOOST_TEST_MESSAGE("read 10,000 children and 40,000 reviews in " << ms << " ms");
    BOOST_TEST(ms < 1000);
}
