// Working days: every day but Saturdays, Sundays and the bank holidays of a jurisdiction, as its
// data file lists them (data/<jurisdiction>/bank-holidays.xml). Regulation 33 of the Care
// Planning, Placement and Case Review (England) Regulations 2010 counts the first review's
// deadline in working days, so a holiday missing from the file moves a deadline: a year the file
// does not cover is an error, never a year without holidays.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"

namespace carepack {

class WorkingDayCalendar {
public:
    // Reads a bank-holidays file. Throws Failure (file:line:col) when it is not well formed, a
    // date is impossible, or a holiday lies outside the years the file says it covers.
    static WorkingDayCalendar load(const std::filesystem::path& file);
    // data_directory()/data/<jurisdiction>/bank-holidays.xml, read once per process and shared.
    // `england` is England and Wales (the same bank holidays).
    static std::shared_ptr<const WorkingDayCalendar> for_jurisdiction(std::string_view jurisdiction);

    // The years the file lists, inclusive.
    int first_year() const { return first_year_; }
    int last_year() const { return last_year_; }
    const std::string& file() const { return *file_; }

    // The functions below throw Failure, naming the file, for a date in a year the file does not
    // cover.
    bool is_bank_holiday(const Date& d) const;
    std::optional<std::string> holiday_name(const Date& d) const;
    bool is_working_day(const Date& d) const;
    // The n-th working day after `from` (`from` itself is not counted, so `n` working days "of"
    // a date end on the returned day). n = 0 gives `from`; a negative n counts back.
    Date add_working_days(const Date& from, int n) const;
    // The working days d with from < d <= to; negative when `to` is before `from`. So
    // working_days_between(x, add_working_days(x, n)) == n.
    std::int64_t working_days_between(const Date& from, const Date& to) const;

private:
    void require_covered(const Date& d) const;
    std::shared_ptr<const std::string> file_;
    int first_year_ = 0, last_year_ = -1;
    // Sorted days since the epoch, with their names.
    std::vector<std::int64_t> days_;
    std::vector<std::string> names_;
};

}  // namespace carepack
