#define BOOST_TEST_MODULE working_days
#include <boost/test/unit_test.hpp>

#include "carepack/working_days.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;

namespace {

const WorkingDayCalendar& england() {
    static auto c = WorkingDayCalendar::for_jurisdiction("england");
    return *c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_file_covers_2015_to_2030) {
    BOOST_TEST(england().first_year() == 2015);
    BOOST_TEST(england().last_year() == 2030);
}

BOOST_AUTO_TEST_CASE(twenty_working_days_across_christmas_2024_and_new_year) {
    // Christmas Day and Boxing Day 2024 (Wednesday, Thursday) and New Year's Day 2025
    // (Wednesday) are not counted, nor the weekends.
    BOOST_TEST(england().add_working_days(Date(2024, 12, 20), 20).iso() == "2025-01-22");
    BOOST_TEST(england().add_working_days(Date(2024, 12, 24), 20).iso() == "2025-01-24");
    BOOST_TEST(england().holiday_name(Date(2024, 12, 25)).value() == "Christmas Day");
    BOOST_TEST(!england().is_working_day(Date(2025, 1, 1)));
    BOOST_TEST(england().is_working_day(Date(2024, 12, 27)));
}

BOOST_AUTO_TEST_CASE(twenty_working_days_across_easter_2025) {
    // Good Friday 18 April, Easter Monday 21 April and the early May bank holiday on 5 May.
    BOOST_TEST(england().add_working_days(Date(2025, 4, 10), 20).iso() == "2025-05-13");
    BOOST_TEST(england().add_working_days(Date(2025, 4, 17), 20).iso() == "2025-05-20");
    BOOST_TEST(!england().is_working_day(Date(2025, 4, 18)));
    BOOST_TEST(!england().is_working_day(Date(2025, 4, 21)));
    BOOST_TEST(england().is_working_day(Date(2025, 4, 22)));
}

BOOST_AUTO_TEST_CASE(substitute_days_when_a_holiday_falls_at_a_weekend) {
    // 2021: Christmas on a Saturday, Boxing Day on a Sunday; New Year's Day 2022 a Saturday.
    BOOST_TEST(!england().is_working_day(Date(2021, 12, 27)));
    BOOST_TEST(!england().is_working_day(Date(2021, 12, 28)));
    BOOST_TEST(!england().is_working_day(Date(2022, 1, 3)));
    BOOST_TEST(england().add_working_days(Date(2021, 12, 24), 20).iso() == "2022-01-26");
    // 2020: Boxing Day on a Saturday, its substitute on Monday 28 December.
    BOOST_TEST(!england().is_working_day(Date(2020, 12, 28)));
    // 2023: New Year's Day on a Sunday, the substitute on Monday 2 January.
    BOOST_TEST(!england().is_working_day(Date(2023, 1, 2)));
}

BOOST_AUTO_TEST_CASE(the_days_set_by_proclamation) {
    BOOST_TEST(!england().is_working_day(Date(2020, 5, 8)));   // VE day, the early May holiday moved
    BOOST_TEST(england().is_working_day(Date(2020, 5, 4)));
    BOOST_TEST(!england().is_working_day(Date(2022, 6, 2)));   // spring, moved
    BOOST_TEST(!england().is_working_day(Date(2022, 6, 3)));   // Platinum Jubilee
    BOOST_TEST(england().is_working_day(Date(2022, 5, 30)));
    BOOST_TEST(!england().is_working_day(Date(2022, 9, 19)));  // the State Funeral
    BOOST_TEST(!england().is_working_day(Date(2023, 5, 8)));   // the coronation
    BOOST_TEST(!england().is_working_day(Date(2023, 5, 1)));   // and the early May holiday as well
}

BOOST_AUTO_TEST_CASE(counting_between_two_dates_agrees_with_adding) {
    for (Date d(2024, 12, 1); d < Date(2025, 6, 1); d = d.add_days(3))
        for (int n : {0, 1, 5, 20, 65})
            BOOST_TEST(england().working_days_between(d, england().add_working_days(d, n)) == n);
    BOOST_TEST(england().working_days_between(Date(2025, 4, 17), Date(2025, 4, 22)) == 1);
    BOOST_TEST(england().working_days_between(Date(2025, 4, 22), Date(2025, 4, 17)) == -1);
    BOOST_TEST(england().add_working_days(Date(2025, 4, 22), -1).iso() == "2025-04-17");
}

BOOST_AUTO_TEST_CASE(a_year_the_file_does_not_cover_is_an_error_naming_the_file) {
    try {
        england().is_working_day(Date(2031, 1, 6));
        BOOST_FAIL("2031 is not in the file");
    } catch (const Failure& f) {
        const auto text = f.diagnostics().str();
        BOOST_TEST(text.find("bank-holidays.xml") != std::string::npos);
        BOOST_TEST(text.find("2031") != std::string::npos);
    }
    BOOST_CHECK_THROW(england().add_working_days(Date(2030, 12, 20), 20), Failure);
    BOOST_CHECK_THROW(england().working_days_between(Date(2014, 12, 1), Date(2015, 1, 5)), Failure);
}

BOOST_AUTO_TEST_CASE(a_bad_file_is_reported_with_its_line) {
    TempDir dir;
    spit(dir / "bank-holidays.xml",
         "<bank-holidays from=\"2025\" to=\"2025\">\n  <year value=\"2025\">\n"
         "    <holiday date=\"2025-02-30\">Not a day</holiday>\n  </year>\n</bank-holidays>\n");
    try {
        WorkingDayCalendar::load(dir / "bank-holidays.xml");
        BOOST_FAIL("30 February is not a date");
    } catch (const Failure& f) {
        BOOST_TEST(f.diagnostics().str().find("bank-holidays.xml:3:") != std::string::npos);
    }
}
