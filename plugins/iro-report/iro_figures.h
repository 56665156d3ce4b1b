// The IRO annual report's figures for one reporting year, computed from the SSDA903 return (this
// year's and the year before's, as the ssda903 data source reads them) and the IRO service's
// records (the iro-records data source). Counts only: no child or IRO is named here except in
// the staff list, which only the professional report shows.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "carepack/reviews.h"
#include "carepack/value.h"
#include "carepack/working_days.h"
#include "iro_settings.h"

namespace carepack::iro {

// Counts in a fixed order of categories, with the label each is shown under.
struct Tally {
    std::vector<std::string> ids, labels;
    std::vector<long> counts;
    void add_category(std::string id, std::string label);
    void add(std::size_t i, long n = 1) { counts[i] += n; }
    long total() const;
};

struct IroStaff {
    std::string id, name;
    double fte = 0;
    std::string start, end;  // ISO; end empty while in post
};

struct YearFigures {
    ReportingYear year;
    // Children, each once, short breaks (V3/V4) left out.
    long at_start = 0, at_end = 0, starters = 0, leavers = 0;
    long short_break_children = 0;  // looked after in the year only under V3/V4: left out
    // Profile at the year's end (each sums to at_end).
    Tally age, sex, ethnicity, legal_status, placement, uasc;
    // Regulation 33: deadlines due in the year by rule ([first, second, subsequent]) and where
    // each stood at the year's end ([met, held late, overdue]).
    std::array<std::array<long, 3>, 3> timeliness{};
    YearTimeliness year_timeliness;
    // Participation in the reviews held in the year (reviews_held), by REVIEW_CODE PN0 to PN7.
    std::array<long, 8> participation{};
    // Parents' participation, from the IRO service's records: yes, no, declined.
    long parents_yes = 0, parents_no = 0, parents_declined = 0;
    long midway_checks = 0, midway_children = 0, visits = 0, visit_children = 0;
    std::vector<IroStaff> staff;  // in post at the year's end
    double fte = 0;               // their total full-time equivalence
    // Escalations opened in the year.
    std::vector<std::string> stages;      // the service's stages, in order
    std::vector<bool> stage_formal;
    std::vector<std::string> outcomes;    // as the records write them, in first-seen order; the
                                          // last is "open" for those not resolved by the year end
    std::vector<std::vector<long>> escalations;  // [stage][outcome]
    Tally themes;
    std::vector<long> days_to_resolve;    // of those resolved by the year's end, sorted
    std::optional<double> median_days() const;
    long escalations_opened() const;
};

struct Exclusion {
    std::string file;   // as the data source gave it
    std::string where;  // file:line:column
    std::string table, field, reason;
};

struct ReportData {
    YearFigures current, previous;
    std::vector<Exclusion> exclusions;  // rows the data sources left out, in the order reported
    std::vector<std::string> ungrouped_codes;  // codes in no group of the settings (field:code)
};

// `returns[0]` is the year before's return, `returns[1]` the reporting year's; `records` the IRO
// service's records; `codes` the reporting year's code list file (for the SEX labels). Labels
// the settings do not give (open escalations, UASC yes/no, Other) come from `words`.
struct Words {
    std::string other, uasc_yes, uasc_no, open;
};
ReportData compute(const Value& previous_return, const Value& current_return, const Value& records,
                   const ReportingYear& year, const Settings& settings, const WorkingDayCalendar& calendar,
                   const std::map<std::string, std::string>& sex_labels, const Words& words);

}  // namespace carepack::iro
