// Calendar dates and ages, as of a given date. No time zones: every rule carepack applies is
// about days.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carepack {

class Date {
public:
    Date() = default;  // 1970-01-01
    // Throws std::invalid_argument for an impossible date (31 June, 29 February 2025).
    Date(int year, int month, int day);

    // ISO 8601 `YYYY-MM-DD`. Returns nullopt for anything else or an impossible date.
    static std::optional<Date> parse_iso(std::string_view text);
    // SSDA903 form `dd/mm/yyyy`.
    static std::optional<Date> parse_dmy(std::string_view text);
    static Date from_days(std::int64_t days_since_epoch);
    static bool valid(int year, int month, int day);
    static bool leap_year(int year);
    static int days_in_month(int year, int month);
    // Today in UTC, or the date of SOURCE_DATE_EPOCH when that is set.
    static Date today();

    int year() const { return year_; }
    int month() const { return month_; }
    int day() const { return day_; }
    std::int64_t days_since_epoch() const;
    int weekday() const;  // ISO: Monday 1 .. Sunday 7
    std::string iso() const;

    Date add_days(std::int64_t n) const;
    // Calendar months; a day past the end of the target month is clamped to its last day
    // (31 January + 1 month = 28 or 29 February).
    Date add_months(int n) const;
    Date add_years(int n) const;  // 29 February + 1 year = 28 February

    // The day on which someone born on `birth` reaches `years` of age. In England a person
    // born on 29 February reaches an age on 1 March in a common year (Family Law Reform Act
    // 1969 s9: the anniversary of birth that year is 1 March).
    static Date anniversary(const Date& birth, int years);

    auto operator<=>(const Date&) const = default;

private:
    int year_ = 1970;
    int month_ = 1;
    int day_ = 1;
};

// Whole years of age on `on` for someone born on `birth` (0 before the first birthday).
int age_in_years(const Date& birth, const Date& on);
// Days from `from` to `to` (negative when `to` is earlier).
std::int64_t days_between(const Date& from, const Date& to);

}  // namespace carepack
