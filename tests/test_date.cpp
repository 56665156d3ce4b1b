#define BOOST_TEST_MODULE date
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>

#include "carepack/date.h"

using carepack::Date;

namespace {

Date d(int y, int m, int day) { return Date(y, m, day); }

// Sets SOURCE_DATE_EPOCH for one test and puts back what was there.
struct SourceDateEpoch {
    std::optional<std::string> saved;
    explicit SourceDateEpoch(const char* value) {
        if (const char* old = std::getenv("SOURCE_DATE_EPOCH")) saved = old;
        if (value) setenv("SOURCE_DATE_EPOCH", value, 1);
        else unsetenv("SOURCE_DATE_EPOCH");
    }
    ~SourceDateEpoch() {
        if (saved) setenv("SOURCE_DATE_EPOCH", saved->c_str(), 1);
        else unsetenv("SOURCE_DATE_EPOCH");
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(default_date_is_the_epoch) {
    BOOST_TEST(Date().iso() == "1970-01-01");
    BOOST_TEST(Date().days_since_epoch() == 0);
}

BOOST_AUTO_TEST_CASE(impossible_dates_are_rejected_and_named) {
    BOOST_CHECK_THROW(d(2026, 6, 31), std::invalid_argument);
    BOOST_CHECK_THROW(d(2025, 2, 29), std::invalid_argument);
    BOOST_CHECK_THROW(d(2026, 13, 1), std::invalid_argument);
    BOOST_CHECK_THROW(d(2026, 0, 10), std::invalid_argument);
    BOOST_CHECK_THROW(d(2026, 4, 0), std::invalid_argument);
    try {
        d(2026, 6, 31);
        BOOST_FAIL("31 June was accepted");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("2026-06-31") != std::string::npos);
    }
    BOOST_TEST(!Date::valid(2026, 6, 31));
    BOOST_TEST(Date::valid(2026, 7, 31));
    BOOST_TEST(Date::valid(2024, 2, 29));
    BOOST_TEST(!Date::valid(2025, 2, 29));
}

BOOST_AUTO_TEST_CASE(leap_years) {
    BOOST_TEST(!Date::leap_year(1900));
    BOOST_TEST(Date::leap_year(2000));
    BOOST_TEST(Date::leap_year(2024));
    BOOST_TEST(!Date::leap_year(2025));
    BOOST_TEST(!Date::leap_year(2100));
    BOOST_TEST(Date::days_in_month(1900, 2) == 28);
    BOOST_TEST(Date::days_in_month(2000, 2) == 29);
    BOOST_TEST(Date::days_in_month(2024, 2) == 29);
    BOOST_TEST(Date::days_in_month(2026, 4) == 30);
    BOOST_TEST(Date::days_in_month(2026, 12) == 31);
    BOOST_CHECK_THROW(d(1900, 2, 29), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(iso_parsing_is_strict) {
    auto ok = Date::parse_iso("2026-11-22");
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->year() == 2026);
    BOOST_TEST(ok->month() == 11);
    BOOST_TEST(ok->day() == 22);
    BOOST_TEST(ok->iso() == "2026-11-22");
    for (const char* bad : {"2026-6-1", "2026-06-1", "26-06-01", "2026-06-01 ", " 2026-06-01", "2026-06-01T00:00",
                            "2026/06/01", "2026-06-31", "2025-02-29", "2026-00-10", "+026-06-01", "2026-0a-01",
                            "", "20260601", "2026--6-01"})
        BOOST_TEST(!Date::parse_iso(bad), "accepted '" << bad << "'");
    BOOST_TEST(Date::parse_iso("2024-02-29").has_value());
}

BOOST_AUTO_TEST_CASE(dmy_parsing_is_strict) {
    auto ok = Date::parse_dmy("03/04/2009");
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->iso() == "2009-04-03");
    for (const char* bad : {"3/4/2009", "03/4/2009", "03/04/09", "03/04/2009 ", "03-04-2009", "31/06/2026",
                            "29/02/2025", "2009/04/03", "", "03/04/20x9"})
        BOOST_TEST(!Date::parse_dmy(bad), "accepted '" << bad << "'");
    BOOST_TEST(Date::parse_dmy("29/02/2024")->iso() == "2024-02-29");
}

BOOST_AUTO_TEST_CASE(days_since_epoch_both_ways) {
    BOOST_TEST(d(1970, 1, 2).days_since_epoch() == 1);
    BOOST_TEST(d(1969, 12, 31).days_since_epoch() == -1);
    BOOST_TEST(d(2000, 3, 1).days_since_epoch() == 11017);
    BOOST_TEST(d(2026, 11, 22).days_since_epoch() == 20779);
    BOOST_TEST(Date::from_days(20779).iso() == "2026-11-22");
    BOOST_TEST(Date::from_days(-719162).iso() == "0001-01-01");
    // Every day of four centuries goes there and back.
    for (std::int64_t n = d(1900, 1, 1).days_since_epoch(); n <= d(2300, 12, 31).days_since_epoch(); ++n) {
        const Date x = Date::from_days(n);
        if (x.days_since_epoch() != n || !Date::valid(x.year(), x.month(), x.day())) {
            BOOST_FAIL("day " << n << " came back as " << x.iso());
        }
    }
}

BOOST_AUTO_TEST_CASE(iso_weekdays) {
    BOOST_TEST(d(2026, 11, 22).weekday() == 7);  // Sunday
    BOOST_TEST(d(2000, 1, 1).weekday() == 6);    // Saturday
    BOOST_TEST(d(1970, 1, 1).weekday() == 4);    // Thursday
    BOOST_TEST(d(2024, 2, 29).weekday() == 4);   // Thursday
    BOOST_TEST(d(2026, 11, 23).weekday() == 1);  // Monday
    BOOST_TEST(d(1969, 12, 29).weekday() == 1);  // Monday, before the epoch
}

BOOST_AUTO_TEST_CASE(adding_days) {
    BOOST_TEST(d(2024, 2, 28).add_days(1).iso() == "2024-02-29");
    BOOST_TEST(d(2025, 2, 28).add_days(1).iso() == "2025-03-01");
    BOOST_TEST(d(2026, 12, 31).add_days(1).iso() == "2027-01-01");
    BOOST_TEST(d(2026, 1, 1).add_days(-1).iso() == "2025-12-31");
    BOOST_TEST(d(2026, 1, 1).add_days(365).iso() == "2027-01-01");
}

BOOST_AUTO_TEST_CASE(adding_months_clamps_to_the_month_end) {
    BOOST_TEST(d(2025, 1, 31).add_months(1).iso() == "2025-02-28");
    BOOST_TEST(d(2024, 1, 31).add_months(1).iso() == "2024-02-29");
    BOOST_TEST(d(2026, 3, 31).add_months(1).iso() == "2026-04-30");
    BOOST_TEST(d(2026, 3, 31).add_months(-1).iso() == "2026-02-28");
    BOOST_TEST(d(2026, 11, 15).add_months(2).iso() == "2027-01-15");
    BOOST_TEST(d(2026, 1, 15).add_months(-13).iso() == "2024-12-15");
    BOOST_TEST(d(2026, 8, 31).add_months(-6).iso() == "2026-02-28");
    BOOST_TEST(d(2026, 5, 10).add_months(0).iso() == "2026-05-10");
    BOOST_TEST(d(2026, 5, 10).add_months(24).iso() == "2028-05-10");
}

BOOST_AUTO_TEST_CASE(adding_years) {
    BOOST_TEST(d(2024, 2, 29).add_years(1).iso() == "2025-02-28");
    BOOST_TEST(d(2024, 2, 29).add_years(4).iso() == "2028-02-29");
    BOOST_TEST(d(2024, 2, 29).add_years(-1).iso() == "2023-02-28");
    BOOST_TEST(d(2010, 6, 15).add_years(16).iso() == "2026-06-15");
}

BOOST_AUTO_TEST_CASE(anniversaries_follow_family_law_reform_act_s9) {
    const Date leapling = d(2008, 2, 29);
    BOOST_TEST(Date::anniversary(leapling, 18).iso() == "2026-03-01");
    BOOST_TEST(Date::anniversary(leapling, 16).iso() == "2024-02-29");
    BOOST_TEST(Date::anniversary(leapling, 0).iso() == "2008-02-29");
    BOOST_TEST(Date::anniversary(d(2010, 6, 15), 18).iso() == "2028-06-15");
}

BOOST_AUTO_TEST_CASE(ages) {
    const Date birth = d(2010, 6, 15);
    BOOST_TEST(carepack::age_in_years(birth, d(2026, 6, 14)) == 15);
    BOOST_TEST(carepack::age_in_years(birth, d(2026, 6, 15)) == 16);
    BOOST_TEST(carepack::age_in_years(birth, d(2026, 12, 31)) == 16);
    BOOST_TEST(carepack::age_in_years(birth, d(2011, 6, 14)) == 0);
    BOOST_TEST(carepack::age_in_years(birth, d(2011, 6, 15)) == 1);
    BOOST_TEST(carepack::age_in_years(birth, birth) == 0);
    BOOST_TEST(carepack::age_in_years(birth, d(2000, 1, 1)) == 0);  // before birth

    const Date leapling = d(2008, 2, 29);
    BOOST_TEST(carepack::age_in_years(leapling, d(2026, 2, 28)) == 17);
    BOOST_TEST(carepack::age_in_years(leapling, d(2026, 3, 1)) == 18);
    BOOST_TEST(carepack::age_in_years(leapling, d(2024, 2, 29)) == 16);
    BOOST_TEST(carepack::age_in_years(leapling, d(2024, 2, 28)) == 15);

    // 31 December birth: a year older on New Year's Eve, not New Year's Day.
    BOOST_TEST(carepack::age_in_years(d(2008, 12, 31), d(2026, 12, 30)) == 17);
    BOOST_TEST(carepack::age_in_years(d(2008, 12, 31), d(2026, 12, 31)) == 18);
}

BOOST_AUTO_TEST_CASE(days_between_dates) {
    BOOST_TEST(carepack::days_between(d(2024, 1, 1), d(2025, 1, 1)) == 366);
    BOOST_TEST(carepack::days_between(d(2025, 1, 1), d(2026, 1, 1)) == 365);
    BOOST_TEST(carepack::days_between(d(2026, 3, 1), d(2026, 2, 1)) == -28);
    BOOST_TEST(carepack::days_between(d(2026, 3, 1), d(2026, 3, 1)) == 0);
}

BOOST_AUTO_TEST_CASE(comparison) {
    BOOST_TEST((d(2026, 1, 31) < d(2026, 2, 1)));
    BOOST_TEST((d(2025, 12, 31) < d(2026, 1, 1)));
    BOOST_TEST((d(2026, 2, 1) == *Date::parse_iso("2026-02-01")));
}

BOOST_AUTO_TEST_CASE(today_follows_source_date_epoch) {
    {
        SourceDateEpoch env("1795000000");  // 2026-11-18T11:06:40Z
        BOOST_TEST(Date::today().iso() == "2026-11-18");
    }
    {
        SourceDateEpoch env("0");
        BOOST_TEST(Date::today().iso() == "1970-01-01");
    }
    {
        SourceDateEpoch env("86399");  // last second of the first day
        BOOST_TEST(Date::today().iso() == "1970-01-01");
    }
    const auto now = Date::from_days(static_cast<std::int64_t>(std::time(nullptr)) / 86400);
    for (const char* ignored : {"", "yesterday", "1795000000x", " 1795000000", "1.5"}) {
        SourceDateEpoch env(ignored);
        const Date t = Date::today();
        // Today, give or take a midnight passing during the test.
        BOOST_TEST(std::llabs(carepack::days_between(now, t)) <= 1, "SOURCE_DATE_EPOCH='" << ignored << "'");
    }
    {
        SourceDateEpoch env(nullptr);
        BOOST_TEST(std::llabs(carepack::days_between(now, Date::today())) <= 1);
    }
}
