#include "carepack/date.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

namespace carepack {

namespace {

// Years outside 1..9999 are never a real date in a case record, and keeping to four-digit
// years means every Date prints as it parses.
constexpr int min_year = 1;
constexpr int max_year = 9999;

std::string format_ymd(int year, int month, int day) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

// Howard Hinnant's days_from_civil: a 400-year era of 146097 days, with years starting on
// 1 March so that the leap day is the last day of the year.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;                                   // [0, 399]
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
    return era * 146097 + doe - 719468;
}

struct Civil {
    std::int64_t year;
    int month;
    int day;
};

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (month <= 2), month, day};
}

// Exactly `count` ASCII digits at `text[pos]`; no sign, no spaces.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::optional<Date> make(std::optional<int> y, std::optional<int> m, std::optional<int> d) {
    if (!y || !m || !d || !Date::valid(*y, *m, *d)) return std::nullopt;
    return Date(*y, *m, *d);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

Date add_calendar_months(const Date& d, std::int64_t months) {
    const std::int64_t index = std::int64_t{d.year()} * 12 + (d.month() - 1) + months;
    const std::int64_t year = floor_div(index, 12);
    const int month = static_cast<int>(index - year * 12) + 1;
    if (year < min_year || year > max_year)
        throw std::invalid_argument(d.iso() + " moved by " + std::to_string(months) +
                                    " months is outside the years 1 to 9999");
    const int y = static_cast<int>(year);
    return Date(y, month, std::min(d.day(), Date::days_in_month(y, month)));
}

}  // namespace

Date::Date(int year, int month, int day) : year_(year), month_(month), day_(day) {
    if (!valid(year, month, day))
        throw std::invalid_argument("impossible date " + format_ymd(year, month, day));
}

bool Date::leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int Date::days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && leap_year(year) ? 29 : days[month - 1];
}

bool Date::valid(int year, int month, int day) {
    return year >= min_year && year <= max_year && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::optional<Date> Date::parse_iso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    return make(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
}

std::optional<Date> Date::parse_dmy(std::string_view text) {
    if (text.size() != 10 || text[2] != '/' || text[5] != '/') return std::nullopt;
    return make(digits(text, 6, 4), digits(text, 3, 2), digits(text, 0, 2));
}

Date Date::from_days(std::int64_t days_since_epoch) {
    const Civil c = civil_from_days(days_since_epoch);
    if (c.year < min_year || c.year > max_year)
        throw std::invalid_argument("day " + std::to_string(days_since_epoch) +
                                    " since 1970-01-01 is outside the years 1 to 9999");
    return Date(static_cast<int>(c.year), c.month, c.day);
}

Date Date::today() {
    // Reproducible builds: the same inputs and SOURCE_DATE_EPOCH give the same documents.
    // https://reproducible-builds.org/specs/source-date-epoch/
    if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env && *env) {
        std::string_view s(env);
        std::int64_t seconds = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
        if (ec == std::errc() && end == s.data() + s.size()) {
            const std::int64_t days = floor_div(seconds, 86400);
            if (days >= days_from_civil(min_year, 1, 1) && days <= days_from_civil(max_year, 12, 31))
                return from_days(days);
        }
    }
    return from_days(floor_div(static_cast<std::int64_t>(std::time(nullptr)), 86400));
}

std::int64_t Date::days_since_epoch() const { return days_from_civil(year_, month_, day_); }

int Date::weekday() const {
    // 1970-01-01 was a Thursday (ISO 4).
    const std::int64_t d = days_since_epoch();
    return static_cast<int>(((d + 3) % 7 + 7) % 7) + 1;
}

std::string Date::iso() const { return format_ymd(year_, month_, day_); }

Date Date::add_days(std::int64_t n) const { return from_days(days_since_epoch() + n); }

Date Date::add_months(int n) const { return add_calendar_months(*this, n); }

// 29 February plus a year is 28 February: the month is kept and the day clamped.
Date Date::add_years(int n) const { return add_calendar_months(*this, std::int64_t{n} * 12); }

Date Date::anniversary(const Date& birth, int years) {
    const int year = birth.year_ + years;
    // Family Law Reform Act 1969 s9: an age is attained at the commencement of the anniversary
    // of the birth. A common year has no 29 February, and the anniversary is not reached until
    // 28 February is over, so it falls on 1 March.
    if (birth.month_ == 2 && birth.day_ == 29 && !leap_year(year)) return Date(year, 3, 1);
    return Date(year, birth.month_, birth.day_);
}

int age_in_years(const Date& birth, const Date& on) {
    if (on <= birth) return 0;
    int age = on.year() - birth.year();
    if (on < Date::anniversary(birth, age)) --age;
    return age;
}

std::int64_t days_between(const Date& from, const Date& to) { return to.days_since_epoch() - from.days_since_epoch(); }

}  // namespace carepack
