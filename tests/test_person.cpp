#define BOOST_TEST_MODULE person
#include <boost/test/unit_test.hpp>

#include <optional>
#include <ostream>
#include <string>

#include "carepack/person.h"

using carepack::CareEpisode;
using carepack::CareLeaverStatus;
using carepack::Date;
using carepack::Person;

namespace carepack {
std::ostream& operator<<(std::ostream& os, CareLeaverStatus s) { return os << status_name(s); }
}  // namespace carepack

namespace {

Date day(const char* iso) { return Date::parse_iso(iso).value(); }

CareEpisode episode(const char* start, const char* end, const char* legal_status = "C2", bool short_break = false) {
    CareEpisode e;
    e.start = day(start);
    if (end) e.end = day(end);
    e.legal_status = legal_status;
    e.short_break = short_break;
    return e;
}

CareEpisode ongoing(const char* start) { return episode(start, nullptr); }

Person person(const char* birth, std::vector<CareEpisode> episodes) {
    Person p;
    p.id = "test-0001";
    p.date_of_birth = day(birth);
    p.episodes = std::move(episodes);
    return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(status_names_round_trip) {
    const CareLeaverStatus all[] = {CareLeaverStatus::None,     CareLeaverStatus::LookedAfter,
                                    CareLeaverStatus::Eligible, CareLeaverStatus::Relevant,
                                    CareLeaverStatus::FormerRelevant, CareLeaverStatus::Qualifying};
    const char* names[] = {"none", "looked-after", "eligible", "relevant", "former-relevant", "qualifying"};
    for (int i = 0; i < 6; ++i) {
        BOOST_TEST(carepack::status_name(all[i]) == names[i]);
        BOOST_TEST((carepack::status_from_name(names[i]) == all[i]), "no round trip for " << names[i]);
    }
    for (const char* bad : {"Eligible", "former_relevant", "formerrelevant", "", "care-leaver", "eligible "})
        BOOST_TEST(!carepack::status_from_name(bad).has_value(), "accepted '" << bad << "'");
}

BOOST_AUTO_TEST_CASE(looked_after_includes_first_and_last_day) {
    const Person p = person("2012-05-05", {episode("2026-01-10", "2026-01-20"), ongoing("2026-03-01")});
    BOOST_TEST(!p.looked_after_on(day("2026-01-09")));
    BOOST_TEST(p.looked_after_on(day("2026-01-10")));
    BOOST_TEST(p.looked_after_on(day("2026-01-20")));
    BOOST_TEST(!p.looked_after_on(day("2026-01-21")));
    BOOST_TEST(!p.looked_after_on(day("2026-02-28")));
    BOOST_TEST(p.looked_after_on(day("2026-03-01")));
    BOOST_TEST(p.looked_after_on(day("2031-01-01")));
}

BOOST_AUTO_TEST_CASE(days_in_care_counts_inclusive_days_up_to_the_date) {
    const Person p = person("2012-05-05", {episode("2026-01-01", "2026-01-10"), ongoing("2026-02-01")});
    BOOST_TEST(p.days_in_care(day("2025-12-31")) == 0);
    BOOST_TEST(p.days_in_care(day("2026-01-01")) == 1);
    BOOST_TEST(p.days_in_care(day("2026-01-05")) == 5);
    BOOST_TEST(p.days_in_care(day("2026-01-31")) == 10);
    BOOST_TEST(p.days_in_care(day("2026-02-01")) == 11);
    BOOST_TEST(p.days_in_care(day("2026-03-01")) == 10 + 29);
}

BOOST_AUTO_TEST_CASE(overlapping_episodes_count_each_day_once) {
    // A change of legal status recorded without closing the first episode.
    const Person overlap = person("2012-05-05", {episode("2026-01-01", "2026-01-10"), episode("2026-01-05", "2026-01-15")});
    BOOST_TEST(overlap.days_in_care(day("2026-02-01")) == 15);
    const Person inside = person("2012-05-05", {episode("2026-01-01", "2026-01-31"), episode("2026-01-05", "2026-01-06")});
    BOOST_TEST(inside.days_in_care(day("2026-02-01")) == 31);
    const Person adjacent = person("2012-05-05", {episode("2026-01-01", "2026-01-10"), episode("2026-01-11", "2026-01-20")});
    BOOST_TEST(adjacent.days_in_care(day("2026-02-01")) == 20);
    const Person same_day = person("2012-05-05", {episode("2026-01-10", "2026-01-10"), episode("2026-01-10", "2026-01-10")});
    BOOST_TEST(same_day.days_in_care(day("2026-02-01")) == 1);
    // Out of order in the record.
    const Person unordered = person("2012-05-05", {ongoing("2026-01-05"), episode("2026-01-01", "2026-01-03")});
    BOOST_TEST(unordered.days_in_care(day("2026-01-10")) == 3 + 6);
}

BOOST_AUTO_TEST_CASE(days_before_the_14th_birthday_do_not_count) {
    // 14 on 2024-03-10.
    const Person p = person("2010-03-10", {episode("2024-01-01", "2024-06-30")});
    BOOST_TEST(p.days_in_care(day("2026-01-01")) == 182);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-01-01")) == 22 + 30 + 31 + 30);
    BOOST_TEST(p.qualifying_days_since_14(day("2024-03-09")) == 0);
    BOOST_TEST(p.qualifying_days_since_14(day("2024-03-10")) == 1);
}

BOOST_AUTO_TEST_CASE(eligible_from_the_91st_day_not_the_90th) {
    // 16 on 2026-01-01; in care from that day.
    const Person p = person("2010-01-01", {ongoing("2026-01-01")});
    BOOST_TEST(p.qualifying_days_since_14(day("2026-03-31")) == 90);
    BOOST_TEST(p.status_on(day("2026-03-31")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-04-01")) == 91);
    BOOST_TEST(p.status_on(day("2026-04-01")) == CareLeaverStatus::Eligible);
}

BOOST_AUTO_TEST_CASE(under_16_is_looked_after_however_long) {
    const Person p = person("2011-01-01", {ongoing("2020-01-01")});
    BOOST_TEST(p.status_on(day("2026-12-31")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.status_on(day("2027-01-01")) == CareLeaverStatus::Eligible);
    BOOST_TEST(p.status_on(day("2019-12-31")) == CareLeaverStatus::None);
}

BOOST_AUTO_TEST_CASE(care_before_14_does_not_make_a_child_eligible) {
    // 14 on 2024-01-01: 46 days in care after it, 92 before.
    const Person p = person("2010-01-01", {episode("2023-10-01", "2024-02-15"), ongoing("2026-01-01")});
    BOOST_TEST(p.days_in_care(day("2026-02-13")) == 138 + 44);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-02-13")) == 46 + 44);
    BOOST_TEST(p.status_on(day("2026-02-13")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.status_on(day("2026-02-14")) == CareLeaverStatus::Eligible);
}

BOOST_AUTO_TEST_CASE(periods_between_14_and_16_add_up_once_back_in_care_at_16) {
    // Sch 2 para 19B(2)(b): periods amounting in all to 13 weeks, begun after 14, ended after 16.
    const Person p = person("2010-01-01", {episode("2024-06-01", "2024-08-31"), ongoing("2026-01-01")});
    BOOST_TEST(p.status_on(day("2025-06-01")) == CareLeaverStatus::None);
    BOOST_TEST(p.status_on(day("2026-01-01")) == CareLeaverStatus::Eligible);
}

namespace {
// 16 on 2026-01-01. Three short breaks of 28 days in 2025, then a fourth from 2026-01-01.
std::vector<CareEpisode> short_breaks(const char* third_end) {
    return {episode("2025-01-01", "2025-01-28", "V3"), episode("2025-03-01", "2025-03-28", "V4"),
            episode("2025-05-01", third_end, "C2", true), episode("2026-01-01", "2026-01-28", "V3")};
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_series_of_short_breaks_none_over_four_weeks_is_left_out) {
    const Person p = person("2010-01-01", short_breaks("2025-05-28"));
    BOOST_TEST(p.days_in_care(day("2026-01-20")) == 28 * 3 + 20);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-01-20")) == 0);
    BOOST_TEST(p.looked_after_on(day("2026-01-20")));
    BOOST_TEST(p.status_on(day("2026-01-20")) == CareLeaverStatus::LookedAfter);
}

BOOST_AUTO_TEST_CASE(one_break_of_29_days_and_every_break_counts) {
    const Person p = person("2010-01-01", short_breaks("2025-05-29"));
    BOOST_TEST(p.qualifying_days_since_14(day("2026-01-20")) == 28 + 28 + 29 + 20);
    BOOST_TEST(p.status_on(day("2026-01-20")) == CareLeaverStatus::Eligible);
}

BOOST_AUTO_TEST_CASE(an_ongoing_short_break_is_measured_up_to_the_date) {
    std::vector<CareEpisode> e = short_breaks("2025-05-28");
    e.back().end.reset();
    const Person p = person("2010-01-01", e);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-01-28")) == 0);
    BOOST_TEST(p.status_on(day("2026-01-28")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-01-29")) == 28 * 3 + 29);
    BOOST_TEST(p.status_on(day("2026-01-29")) == CareLeaverStatus::Eligible);
}

BOOST_AUTO_TEST_CASE(other_care_still_counts_beside_excluded_short_breaks) {
    std::vector<CareEpisode> e = short_breaks("2025-05-28");
    e.pop_back();
    e.push_back(ongoing("2026-01-01"));
    const Person p = person("2010-01-01", e);
    BOOST_TEST(p.qualifying_days_since_14(day("2026-03-01")) == 60);
    BOOST_TEST(p.status_on(day("2026-03-01")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.status_on(day("2026-04-01")) == CareLeaverStatus::Eligible);
}

BOOST_AUTO_TEST_CASE(relevant_after_leaving_care_at_17_then_former_relevant) {
    // 16 on 2025-05-01, 17 on 2026-05-01, 18 on 2027-05-01, 25 on 2034-05-01.
    const Person p = person("2009-05-01", {episode("2024-09-01", "2026-08-31")});
    BOOST_TEST(p.status_on(day("2026-08-31")) == CareLeaverStatus::Eligible);
    BOOST_TEST(p.status_on(day("2026-09-01")) == CareLeaverStatus::Relevant);
    BOOST_TEST(p.status_on(day("2027-04-30")) == CareLeaverStatus::Relevant);
    BOOST_TEST(p.status_on(day("2027-05-01")) == CareLeaverStatus::FormerRelevant);
    BOOST_TEST(p.status_on(day("2028-06-01")) == CareLeaverStatus::FormerRelevant);  // 19
    BOOST_TEST(p.status_on(day("2034-04-30")) == CareLeaverStatus::FormerRelevant);  // 24
    BOOST_TEST(p.status_on(day("2034-05-01")) == CareLeaverStatus::None);            // 25
}

BOOST_AUTO_TEST_CASE(former_relevant_when_in_care_until_18) {
    // Born 29 February: 18 on 2026-03-01, so the last day as a child is 2026-02-28.
    const Person p = person("2008-02-29", {episode("2022-03-01", "2026-02-28")});
    BOOST_TEST(p.status_on(day("2026-02-28")) == CareLeaverStatus::Eligible);
    BOOST_TEST(p.status_on(day("2026-03-01")) == CareLeaverStatus::FormerRelevant);
    BOOST_TEST(p.status_on(day("2027-01-01")) == CareLeaverStatus::FormerRelevant);
}

BOOST_AUTO_TEST_CASE(not_relevant_if_last_in_care_before_16) {
    // 14 on 2024-01-01: 547 days in care, all before 16.
    const Person p = person("2010-01-01", {episode("2024-01-01", "2025-06-30")});
    BOOST_TEST(p.status_on(day("2025-06-30")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.status_on(day("2026-03-01")) == CareLeaverStatus::None);
    BOOST_TEST(p.status_on(day("2029-03-01")) == CareLeaverStatus::None);
}

BOOST_AUTO_TEST_CASE(qualifying_after_30_days_in_care_at_16) {
    // 16 on 2026-01-01; in care for 30 days from 2026-02-01.
    const Person p = person("2010-01-01", {episode("2026-02-01", "2026-03-02")});
    BOOST_TEST(p.days_in_care(day("2026-04-01")) == 30);
    BOOST_TEST(p.status_on(day("2026-01-31")) == CareLeaverStatus::None);
    // s24(1B): qualifying is for someone no longer looked after.
    BOOST_TEST(p.status_on(day("2026-02-15")) == CareLeaverStatus::LookedAfter);
    BOOST_TEST(p.status_on(day("2026-03-03")) == CareLeaverStatus::Qualifying);
    BOOST_TEST(p.status_on(day("2028-01-01")) == CareLeaverStatus::Qualifying);  // 18: not former relevant
    BOOST_TEST(p.status_on(day("2034-12-31")) == CareLeaverStatus::Qualifying);  // 24
    BOOST_TEST(p.status_on(day("2035-01-01")) == CareLeaverStatus::None);        // 25
}

BOOST_AUTO_TEST_CASE(never_looked_after_is_none) {
    const Person p = person("2009-01-01", {});
    BOOST_TEST(p.status_on(day("2026-06-01")) == CareLeaverStatus::None);
    BOOST_TEST(p.days_in_care(day("2026-06-01")) == 0);
    BOOST_TEST(p.status_on(day("2000-01-01")) == CareLeaverStatus::None);  // before birth
}
