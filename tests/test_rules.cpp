#define BOOST_TEST_MODULE rules
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "carepack/rules.h"

using carepack::CareEpisode;
using carepack::Condition;
using carepack::Date;
using carepack::Failure;
using carepack::Location;
using carepack::Person;

namespace {

Date day(const char* iso) { return Date::parse_iso(iso).value(); }

// Where a condition written in pledge.xml line 12 starts: at column 20, just inside its quote.
Location attribute_start() { return Location(std::make_shared<const std::string>("pledge.xml"), 12, 20); }

Condition parse(const std::string& text) { return Condition::parse(text, attribute_start()); }

// The message of the failure that parsing `text` throws, or "" when it parses.
std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const Failure& f) {
        return f.what();
    }
    return "";
}

CareEpisode episode(const char* start, const char* end, const char* legal_status = "C2") {
    CareEpisode e;
    e.start = day(start);
    if (end) e.end = day(end);
    e.legal_status = legal_status;
    return e;
}

Person person(const char* birth, std::vector<CareEpisode> episodes, std::set<std::string> groups = {}) {
    Person p;
    p.id = "test-0002";
    p.date_of_birth = day(birth);
    p.episodes = std::move(episodes);
    p.groups = std::move(groups);
    return p;
}

const Date on = day("2026-11-22");

}  // namespace

BOOST_AUTO_TEST_CASE(no_condition_always_holds) {
    Condition c;
    BOOST_TEST(c.always());
    BOOST_TEST(c.evaluate(person("2010-01-01", {}), on));
}

BOOST_AUTO_TEST_CASE(ages_compare_as_of_the_date) {
    // Sixteen on 22 November 2026, fifteen the day before.
    const Person p = person("2010-11-22", {});
    BOOST_TEST(parse("age >= 16").evaluate(p, on));
    BOOST_TEST(!parse("age >= 16").evaluate(p, day("2026-11-21")));
    BOOST_TEST(parse("age = 16").evaluate(p, on));
    BOOST_TEST(parse("age != 15").evaluate(p, on));
    BOOST_TEST(parse("age < 17").evaluate(p, on));
    BOOST_TEST(!parse("age > 16").evaluate(p, on));
    BOOST_TEST(parse("age <= 16").evaluate(p, on));
    // Ranges include both ends.
    BOOST_TEST(parse("age in 16..17").evaluate(p, on));
    BOOST_TEST(parse("age in 13..16").evaluate(p, on));
    BOOST_TEST(!parse("age in 17..24").evaluate(p, on));
}

BOOST_AUTO_TEST_CASE(time_in_care_counts_days_looked_after) {
    const Person since_may = person("2012-01-01", {episode("2026-05-01", nullptr)});
    const Person since_july = person("2012-01-01", {episode("2026-07-01", nullptr)});
    auto six_months = parse("time-in-care >= 6 months");
    BOOST_TEST(six_months.evaluate(since_may, on));
    BOOST_TEST(!six_months.evaluate(since_july, on));
    BOOST_TEST(parse("time-in-care >= 13 weeks").evaluate(since_july, on));
    BOOST_TEST(parse("time-in-care < 1 year").evaluate(since_may, on));
    // 1 July to 22 November inclusive is 145 days.
    BOOST_TEST(parse("time-in-care = 145 days").evaluate(since_july, on));
    // Two spells add up: 10 days then 20 days.
    const Person two = person("2012-01-01", {episode("2026-01-01", "2026-01-10"), episode("2026-02-01", "2026-02-20")});
    BOOST_TEST(parse("time-in-care = 30 days").evaluate(two, on));
}

BOOST_AUTO_TEST_CASE(status_group_and_the_named_tests) {
    // Looked after from 14 to 16 and still: eligible.
    const Person eligible = person("2010-03-01", {episode("2024-03-01", nullptr)}, {"uasc"});
    BOOST_TEST(parse("status = eligible").evaluate(eligible, on));
    BOOST_TEST(parse("status != relevant").evaluate(eligible, on));
    BOOST_TEST(parse("status in (relevant, eligible)").evaluate(eligible, on));
    BOOST_TEST(!parse("status in (relevant, former-relevant)").evaluate(eligible, on));
    BOOST_TEST(parse("care-leaver").evaluate(eligible, on));
    BOOST_TEST(parse("looked-after").evaluate(eligible, on));
    BOOST_TEST(parse("group uasc").evaluate(eligible, on));
    BOOST_TEST(!parse("group disabled").evaluate(eligible, on));

    // Left care at 17 after three years: relevant, a care leaver, not looked after.
    const Person relevant = person("2009-06-01", {episode("2023-06-01", "2026-09-30")});
    BOOST_TEST(parse("status = relevant").evaluate(relevant, on));
    BOOST_TEST(parse("care-leaver and not looked-after").evaluate(relevant, on));

    // Never looked after: no status.
    const Person none = person("2009-06-01", {});
    BOOST_TEST(parse("status = none").evaluate(none, on));
    BOOST_TEST(!parse("care-leaver").evaluate(none, on));
}

BOOST_AUTO_TEST_CASE(and_binds_tighter_than_or_and_not_tighter_than_and) {
    const Person p = person("2010-11-22", {}, {"disabled"});  // 16, disabled, never in care
    // Read as (age < 11 and group uasc) or group disabled.
    BOOST_TEST(parse("age < 11 and group uasc or group disabled").evaluate(p, on));
    BOOST_TEST(!parse("age < 11 and (group uasc or group disabled)").evaluate(p, on));
    BOOST_TEST(parse("not group uasc and group disabled").evaluate(p, on));
    BOOST_TEST(!parse("not (group uasc or group disabled)").evaluate(p, on));
    BOOST_TEST(parse("not not group disabled").evaluate(p, on));
}

BOOST_AUTO_TEST_CASE(canonical_text_parses_back_to_the_same_meaning) {
    const char* texts[] = {"age >= 11 and time-in-care >= 6 months",
                           "age < 11 and group uasc or group disabled",
                           "status in (eligible, relevant) and not group in-custody",
                           "not (looked-after or care-leaver)",
                           "age in 13..17"};
    const Person people[] = {person("2010-11-22", {episode("2026-01-01", nullptr)}, {"disabled"}),
                             person("2016-01-01", {}, {"uasc"}),
                             person("2009-06-01", {episode("2023-06-01", "2026-09-30")}, {"in-custody"}),
                             person("2003-01-01", {})};
    for (const char* text : texts) {
        auto c = parse(text);
        BOOST_TEST(c.text() == text);
        auto again = parse(c.to_string());
        BOOST_TEST(again.to_string() == c.to_string());
        for (const auto& p : people) BOOST_TEST(again.evaluate(p, on) == c.evaluate(p, on), text);
    }
    BOOST_TEST(parse("age < 11 and group uasc or group disabled").to_string() ==
               "((age < 11) and (group uasc)) or (group disabled)");
}

BOOST_AUTO_TEST_CASE(errors_point_at_the_exact_column_in_the_file) {
    // The condition starts at column 20; the bad word is 10 characters in.
    std::string e = error_of("age >= 16 adn group uasc");
    BOOST_TEST(e.find("pledge.xml:12:30:") == 0, e);
    BOOST_TEST(e.find("'adn'") != std::string::npos, e);

    e = error_of("group Disabled");
    BOOST_TEST(e.find("pledge.xml:12:26:") == 0, e);
    BOOST_TEST(e.find("lower-case") != std::string::npos, e);

    e = error_of("status = left-care");
    BOOST_TEST(e.find("pledge.xml:12:29:") == 0, e);
    BOOST_TEST(e.find("unknown care leaver status 'left-care'") != std::string::npos, e);

    e = error_of("(age >= 16 and group uasc");
    BOOST_TEST(e.find("pledge.xml:12:20:") == 0, e);
    BOOST_TEST(e.find("never closed") != std::string::npos, e);

    e = error_of("age in 18..16");
    BOOST_TEST(e.find("pledge.xml:12:27:") == 0, e);
    BOOST_TEST(e.find("18..16") != std::string::npos, e);

    e = error_of("time-in-care >= 6 fortnights");
    BOOST_TEST(e.find("pledge.xml:12:38:") == 0, e);
    BOOST_TEST(e.find("expected days, weeks, months or years") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(what_is_not_a_condition_is_refused) {
    for (const char* bad : {"", "   ", "age", "age >= ", "age >= sixteen", "age >= 16 and", "age >= 200",
                            "time-in-care >= 6", "status", "status in eligible", "status in (eligible",
                            "group", "uasc", "age >= 16)", "age >= 16 group uasc", "age => 16",
                            "time-in-care >= 500 years", "age >= 16 & group uasc"}) {
        BOOST_TEST(!error_of(bad).empty(), "accepted '" << bad << "'");
        BOOST_TEST(error_of(bad).find("pledge.xml:12:") == 0, error_of(bad));
    }
}

BOOST_AUTO_TEST_CASE(a_leap_day_birthday_falls_on_the_first_of_march_in_other_years) {
    const Person leapling = person("2008-02-29", {});
    auto adult = parse("age >= 18");
    BOOST_TEST(!adult.evaluate(leapling, day("2026-02-28")));
    BOOST_TEST(adult.evaluate(leapling, day("2026-03-01")));
    BOOST_TEST(parse("age = 16").evaluate(leapling, day("2024-02-29")));
    BOOST_TEST(parse("age = 15").evaluate(leapling, day("2024-02-28")));
}
