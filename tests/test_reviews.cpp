#define BOOST_TEST_MODULE reviews
#include <boost/test/unit_test.hpp>

#include "carepack/reviews.h"
#include "carepack/working_days.h"
#include "support.h"

namespace carepack {
std::ostream& operator<<(std::ostream& o, ReviewRule r) { return o << rule_name(r); }
std::ostream& operator<<(std::ostream& o, DeadlineStatus s) { return o << status_name(s); }
}  // namespace carepack

using namespace carepack;

namespace {

const WorkingDayCalendar& england() {
    static auto c = WorkingDayCalendar::for_jurisdiction("england");
    return *c;
}

Date d(const char* iso) { return *Date::parse_iso(iso); }

EpisodeOfCare episode(const char* start, const char* rne, const char* ls, const char* end = nullptr) {
    EpisodeOfCare e{d(start), rne, ls, std::nullopt, {}};
    if (end) e.end = d(end);
    return e;
}

HeldReview review(const char* date, const char* code = "PN1") { return {d(date), code, {}}; }

ReviewTimeliness work_out(std::vector<EpisodeOfCare> eps, std::vector<HeldReview> reviews,
                          const char* known_from = "2023-04-01", const char* as_of = "2026-03-31") {
    return review_timeliness("BRK000001", eps, reviews, d(known_from), d(as_of), england());
}

}  // namespace

BOOST_AUTO_TEST_CASE(first_review_within_20_working_days_across_easter) {
    // Becomes looked after on Thursday 10 April 2025: Good Friday, Easter Monday and 5 May are
    // not working days, so the 20th working day is Tuesday 13 May.
    auto on_the_day = work_out({episode("2025-04-10", "S", "C1")}, {review("2025-05-13")});
    BOOST_REQUIRE(on_the_day.periods.size() == 1);
    const auto& first = on_the_day.periods[0].deadlines.at(0);
    BOOST_TEST(first.number == 1);
    BOOST_TEST(first.rule == ReviewRule::First);
    BOOST_TEST(first.due.iso() == "2025-05-13");
    BOOST_TEST(first.status_on(d("2026-03-31")) == DeadlineStatus::Met);

    auto a_day_late = work_out({episode("2025-04-10", "S", "C1")}, {review("2025-05-14")});
    BOOST_TEST(a_day_late.periods[0].deadlines.at(0).status_on(d("2026-03-31")) == DeadlineStatus::HeldLate);
}

BOOST_AUTO_TEST_CASE(first_review_within_20_working_days_across_christmas) {
    auto t = work_out({episode("2024-12-20", "S", "V2")}, {review("2025-01-22"), review("2025-04-10")});
    const auto& ds = t.periods.at(0).deadlines;
    BOOST_TEST(ds.at(0).due.iso() == "2025-01-22");
    BOOST_TEST(ds.at(0).status_on(d("2025-03-31")) == DeadlineStatus::Met);
    // The second within three months of the first.
    BOOST_TEST(ds.at(1).rule == ReviewRule::Second);
    BOOST_TEST(ds.at(1).clock_from.iso() == "2025-01-22");
    BOOST_TEST(ds.at(1).due.iso() == "2025-04-22");
    BOOST_TEST(ds.at(1).status_on(d("2026-03-31")) == DeadlineStatus::Met);
    // The third within six months of the second, not yet held: overdue after 10 October.
    BOOST_TEST(ds.at(2).rule == ReviewRule::Subsequent);
    BOOST_TEST(ds.at(2).due.iso() == "2025-10-10");
    BOOST_TEST(ds.at(2).status_on(d("2025-10-10")) == DeadlineStatus::Open);
    BOOST_TEST(ds.at(2).status_on(d("2025-10-11")) == DeadlineStatus::Overdue);
}

BOOST_AUTO_TEST_CASE(six_months_from_31_august_is_the_end_of_february) {
    // First review 20 August, second (early) on 31 August; the third is due six calendar
    // months after the 31st: 28 February 2025, but 29 February in the leap year 2024.
    auto common = work_out({episode("2024-08-01", "S", "C2")}, {review("2024-08-20"), review("2024-08-31")});
    const auto& c = common.periods.at(0).deadlines;
    BOOST_TEST(c.at(0).due.iso() == "2024-08-30");
    BOOST_TEST(c.at(1).due.iso() == "2024-11-20");
    BOOST_TEST(c.at(2).clock_from.iso() == "2024-08-31");
    BOOST_TEST(c.at(2).due.iso() == "2025-02-28");

    auto leap = work_out({episode("2023-08-01", "S", "C2")}, {review("2023-08-20"), review("2023-08-31")});
    BOOST_TEST(leap.periods.at(0).deadlines.at(0).due.iso() == "2023-08-30");
    BOOST_TEST(leap.periods.at(0).deadlines.at(2).due.iso() == "2024-02-29");

    // And from 29 February 2024, six months is 29 August.
    auto from_leap_day = work_out({episode("2024-02-01", "S", "C2")},
                                  {review("2024-02-20"), review("2024-02-29"), review("2024-08-29")});
    BOOST_TEST(from_leap_day.periods.at(0).deadlines.at(2).due.iso() == "2024-08-29");
    BOOST_TEST(from_leap_day.periods.at(0).deadlines.at(2).status_on(d("2025-03-31")) == DeadlineStatus::Met);
}

BOOST_AUTO_TEST_CASE(three_months_from_30_november_is_the_end_of_february) {
    auto common = work_out({episode("2024-11-04", "S", "C1")}, {review("2024-11-30")});
    const auto& c = common.periods.at(0).deadlines;
    BOOST_TEST(c.at(0).due.iso() == "2024-12-02");
    BOOST_TEST(c.at(1).rule == ReviewRule::Second);
    BOOST_TEST(c.at(1).due.iso() == "2025-02-28");

    auto leap = work_out({episode("2023-11-06", "S", "C1")}, {review("2023-11-30")});
    BOOST_TEST(leap.periods.at(0).deadlines.at(0).due.iso() == "2023-12-04");
    BOOST_TEST(leap.periods.at(0).deadlines.at(1).due.iso() == "2024-02-29");
}

BOOST_AUTO_TEST_CASE(a_placement_change_sets_no_new_first_review_deadline) {
    auto t = work_out({episode("2025-04-01", "S", "C2", "2025-06-10"), episode("2025-06-10", "P", "C2", "2025-09-01"),
                       episode("2025-09-01", "L", "E1")},
                      {review("2025-04-25"), review("2025-07-20")});
    BOOST_REQUIRE(t.periods.size() == 1);
    const auto& p = t.periods[0];
    BOOST_TEST(p.episodes.size() == 3);
    BOOST_TEST(!p.end.has_value());
    BOOST_TEST(p.deadlines.size() == 3);
    BOOST_TEST(p.deadlines[0].rule == ReviewRule::First);
    BOOST_TEST(p.deadlines[0].due.iso() == "2025-05-01");
    BOOST_TEST(p.deadlines[1].rule == ReviewRule::Second);
    BOOST_TEST(p.deadlines[1].due.iso() == "2025-07-25");
    BOOST_TEST(p.deadlines[1].status_on(d("2026-03-31")) == DeadlineStatus::Met);
    BOOST_TEST(p.deadlines[2].rule == ReviewRule::Subsequent);
    BOOST_TEST(p.deadlines[2].due.iso() == "2026-01-20");
    BOOST_TEST(t.notes.empty());
}

BOOST_AUTO_TEST_CASE(leaving_care_and_coming_back_starts_a_new_period_and_a_new_first_review) {
    auto t = work_out({episode("2024-05-01", "S", "V2", "2024-09-30"), episode("2025-01-06", "S", "C1")},
                      {review("2024-05-20"), review("2025-01-31")});
    BOOST_REQUIRE(t.periods.size() == 2);
    const auto& before = t.periods[0];
    BOOST_TEST(before.end->iso() == "2024-09-30");
    // Early May (6th) and spring (27th) bank holidays 2024.
    BOOST_TEST(before.deadlines.at(0).due.iso() == "2024-05-31");
    BOOST_TEST(before.deadlines.at(0).status_on(d("2025-03-31")) == DeadlineStatus::Met);
    // The second review fell due on 20 August, before the child left on 30 September, and was
    // never held.
    BOOST_TEST(before.deadlines.at(1).due.iso() == "2024-08-20");
    BOOST_TEST(before.deadlines.at(1).status_on(d("2025-03-31")) == DeadlineStatus::Overdue);
    BOOST_TEST(before.deadlines.size() == 2);

    const auto& again = t.periods[1];
    BOOST_TEST(again.start.iso() == "2025-01-06");
    BOOST_TEST(again.deadlines.at(0).number == 1);
    BOOST_TEST(again.deadlines.at(0).due.iso() == "2025-02-03");
    BOOST_TEST(again.deadlines.at(0).status_on(d("2025-03-31")) == DeadlineStatus::Met);
}

BOOST_AUTO_TEST_CASE(no_deadline_after_the_child_has_left) {
    // Left care a week after becoming looked after: the first review was never owed.
    auto t = work_out({episode("2025-06-02", "S", "V2", "2025-06-09")}, {});
    BOOST_TEST(t.periods.at(0).deadlines.empty());
}

BOOST_AUTO_TEST_CASE(short_breaks_are_left_out) {
    auto t = work_out({episode("2025-05-01", "S", "V3", "2025-05-03"), episode("2025-06-01", "S", "V4", "2025-06-03"),
                       episode("2025-07-01", "S", "V3", "2025-07-04"), episode("2025-07-04", "L", "V2")},
                      {review("2025-05-02", "PN1"), review("2025-07-21", "PN1")});
    BOOST_REQUIRE(t.periods.size() == 3);
    BOOST_TEST(t.periods[0].short_breaks_only);
    BOOST_TEST(t.periods[0].deadlines.empty());
    BOOST_TEST(t.periods[1].short_breaks_only);
    // Short breaks then section 20: the clock starts with the V2 episode on 4 July.
    BOOST_TEST(!t.periods[2].short_breaks_only);
    BOOST_TEST(t.periods[2].clock_start.iso() == "2025-07-04");
    BOOST_TEST(t.periods[2].deadlines.at(0).due.iso() == "2025-08-01");
    BOOST_TEST(t.periods[2].deadlines.at(0).status_on(d("2026-03-31")) == DeadlineStatus::Met);

    std::vector<ReviewTimeliness> all{t};
    auto y = timeliness_in_year(all, ReportingYear{2025});
    BOOST_TEST(y.short_break_periods == 2);
    BOOST_TEST(y.short_break_reviews == 1);
    BOOST_TEST(y.reviews_held == 1);
}

BOOST_AUTO_TEST_CASE(a_late_review_resets_the_clock) {
    auto t = work_out({episode("2025-04-01", "S", "C2")}, {review("2025-05-15"), review("2025-08-15")});
    const auto& ds = t.periods.at(0).deadlines;
    BOOST_TEST(ds.at(0).due.iso() == "2025-05-01");
    BOOST_TEST(ds.at(0).status_on(d("2026-03-31")) == DeadlineStatus::HeldLate);
    // Three months from the day it was held, not from the day it was due.
    BOOST_TEST(ds.at(1).clock_from.iso() == "2025-05-15");
    BOOST_TEST(ds.at(1).due.iso() == "2025-08-15");
    BOOST_TEST(ds.at(1).status_on(d("2026-03-31")) == DeadlineStatus::Met);
    BOOST_TEST(ds.at(2).due.iso() == "2026-02-15");
    BOOST_TEST(ds.at(2).status_on(d("2026-03-31")) == DeadlineStatus::Overdue);
}

BOOST_AUTO_TEST_CASE(a_period_that_began_before_the_data_is_judged_from_its_first_known_review) {
    auto anchored = work_out({episode("2019-03-01", "S", "C2")}, {review("2025-05-01"), review("2025-10-20")},
                             "2025-04-01");
    const auto& p = anchored.periods.at(0);
    BOOST_TEST(p.anchor->date.iso() == "2025-05-01");
    BOOST_TEST(p.deadlines.at(0).number == 0);
    BOOST_TEST(p.deadlines.at(0).due.iso() == "2025-11-01");
    BOOST_TEST(p.deadlines.at(0).status_on(d("2026-03-31")) == DeadlineStatus::Met);

    // No review in the first six months of the data: one was certainly missed.
    auto missed = work_out({episode("2019-03-01", "S", "C2")}, {review("2025-12-01")}, "2025-04-01");
    const auto& m = missed.periods.at(0).deadlines.at(0);
    BOOST_TEST(m.due_is_latest);
    BOOST_TEST(m.due.iso() == "2025-10-01");
    BOOST_TEST(m.status_on(d("2026-03-31")) == DeadlineStatus::HeldLate);
    BOOST_TEST(!missed.periods.at(0).anchor.has_value());
}

BOOST_AUTO_TEST_CASE(a_gap_before_a_continuation_is_noted_and_taken_as_a_new_period) {
    auto t = work_out({episode("2025-04-01", "S", "C2", "2025-05-01"), episode("2025-06-01", "P", "C2")}, {});
    BOOST_TEST(t.periods.size() == 2);
    BOOST_REQUIRE(t.notes.size() == 1);
    BOOST_TEST(t.notes[0].message.find("RNE P") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_year_adds_up) {
    std::vector<ReviewTimeliness> children{
        work_out({episode("2025-04-01", "S", "C2")}, {review("2025-05-15"), review("2025-08-15")}),
        work_out({episode("2025-04-10", "S", "C1")}, {review("2025-05-13")}),
        review_timeliness("BRK000003", std::vector<EpisodeOfCare>{episode("2025-03-20", "S", "V2", "2025-04-02")},
                          std::vector<HeldReview>{review("2025-04-02")}, d("2024-04-01"), d("2026-03-31"), england()),
    };
    auto y = timeliness_in_year(children, ReportingYear{2025});
    BOOST_TEST(y.year.label() == "2025-26");
    // Child 1: first held late, second met, third (15 Feb 2026) overdue.
    // Child 2: first met, second (13 Aug 2025) overdue.
    // Child 3: first (due 17 April 2025) met by the review on the day they left.
    BOOST_TEST(y.deadlines.back().deadline.due.iso() == "2025-04-17");
    BOOST_TEST(y.met == 3);
    BOOST_TEST(y.held_late == 1);
    BOOST_TEST(y.overdue == 2);
    BOOST_TEST(y.due() == y.deadlines.size());
    BOOST_TEST(y.reviews_held == 4);
    BOOST_TEST(y.reviews_outside_periods == 0);
    // Nobody's clock runs past the year's end without a deadline already overdue in it.
    BOOST_TEST(y.open_at_end.empty());
}

BOOST_AUTO_TEST_CASE(reporting_years_read_and_print) {
    BOOST_TEST(ReportingYear::parse("2025-26")->first_year == 2025);
    BOOST_TEST(ReportingYear::parse("2099-2100")->first_year == 2099);
    BOOST_TEST(ReportingYear::parse("1999-00")->first_year == 1999);
    BOOST_TEST(!ReportingYear::parse("2025-27"));
    BOOST_TEST(!ReportingYear::parse("data"));
    BOOST_TEST(ReportingYear{2024}.start().iso() == "2024-04-01");
    BOOST_TEST(ReportingYear{2024}.end().iso() == "2025-03-31");
}

BOOST_AUTO_TEST_CASE(a_clock_still_running_at_the_year_end_is_open) {
    std::vector<ReviewTimeliness> children{
        work_out({episode("2025-04-01", "S", "C2")}, {review("2025-04-25"), review("2025-07-20"), review("2026-01-10")}),
        // Left on 1 February, after their third review fell due (20 January) unheld: nothing is
        // open for them, one deadline overdue.
        work_out({episode("2025-04-01", "S", "V2", "2026-02-01")}, {review("2025-04-25"), review("2025-07-20")}),
    };
    auto y = timeliness_in_year(children, ReportingYear{2025});
    BOOST_REQUIRE(y.open_at_end.size() == 1);
    BOOST_TEST(y.open_at_end[0].deadline.due.iso() == "2026-07-10");
    BOOST_TEST(y.open_at_end[0].deadline.clock_from.iso() == "2026-01-10");
    BOOST_TEST(y.met == 5);
    BOOST_TEST(y.overdue == 1);
    BOOST_TEST(y.due() == 6);
}
