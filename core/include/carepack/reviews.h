// Reviews of a looked-after child's care plan and whether each was held in time.
//
// The Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959),
// regulation 33: the responsible authority must review the child's case
//   (1) within 20 working days of the date on which the child becomes looked after;
//   (2)(a) the second review not more than three months after the first; and
//   (2)(b) each later review not more than six months after the one before.
// Each deadline runs from the day the previous review was actually held, so a late review moves
// every deadline after it (it "resets the clock"); an early one does too. Working days leave out
// weekends and bank holidays (working_days.h). Months are calendar months: from the 31st into a
// month without one, the deadline is that month's last day (Date::add_months), so 31 August +
// 6 months is 28 February, or 29 in a leap year.
//
// A child's time in care comes from the SSDA903 return's Episodes: a period of care starts with
// an episode whose reason for new episode (RNE) is S; the other reasons (L, P, T, U, B: a change
// of legal status, placement or carer) continue the same period and start no new clock. The
// period ends on an episode's end date (DEC) when no episode starts on that same day.
//
// Short breaks are not reviewed on regulation 33's timetable: for a child accommodated only under
// an agreed series of short breaks (legal status V3 or V4), regulation 48 applies the Regulations
// with modifications, its own review timetable among them, so periods made wholly of V3/V4
// episodes are left out and counted. When a period
// starts as short breaks and changes to another legal status, the first review's clock starts
// with the first episode of the other status, the day the child became looked after in the full
// sense.
//
// The return only knows the years it covers. `known_from` is the first day of the earliest
// collection year supplied: reviews before it are unknown, so a period that began before it is
// judged from its first review on or after that day (the anchor, itself not judged), except that
// when no review was held within six months of `known_from` a deadline was certainly missed; it
// is reported with `due_is_latest`, its due date the latest it can have been.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"

namespace carepack {

class Value;
class WorkingDayCalendar;

// One row of the Episodes table, as regulation 33 needs it.
struct EpisodeOfCare {
    Date start;                // DECOM
    std::string reason;        // RNE
    std::string legal_status;  // LS
    std::optional<Date> end;   // DEC; none while the episode continues
    Location where;            // file:line of the row
};

// One row of the Reviews table.
struct HeldReview {
    Date date;                  // REVIEW
    std::string participation;  // REVIEW_CODE, PN0 to PN7
    Location where;
};

enum class ReviewRule {
    First,       // 33(1): 20 working days from becoming looked after
    Second,      // 33(2)(a): three months from the first
    Subsequent,  // 33(2)(b): six months from the previous review
};

// Where a deadline stands on a given day.
enum class DeadlineStatus {
    Met,       // a review was held on or before the due date
    HeldLate,  // the review was held, after the due date
    Overdue,   // the due date has passed and no review has been held
    Open,      // not yet due, and no review yet
};

std::string_view rule_name(ReviewRule r);          // `first`, `second`, `subsequent`
std::string_view status_name(DeadlineStatus s);    // `met`, `held-late`, `overdue`, `open`

struct ReviewDeadline {
    int number = 0;  // which review of the period it is; 0 when unknown (the period began before the data)
    ReviewRule rule = ReviewRule::First;
    Date clock_from;  // the day the period's clock started, or the day the previous review was held
    Date due;         // the last day on which the review is in time
    bool due_is_latest = false;  // the previous review is before the data: `due` is the latest it can have been
    std::optional<HeldReview> held;  // the review that answered it, in time or late
    // On `on`: reviews held after `on` are not yet known then.
    DeadlineStatus status_on(const Date& on) const;
};

struct PeriodOfCare {
    Date start;                 // the S episode's DECOM, or the first episode's when there is none
    bool starts_in_data = true;  // false: the first episode's RNE is not S (began before these episodes)
    std::optional<Date> end;    // the last episode's DEC; none while the child is looked after
    std::vector<EpisodeOfCare> episodes;
    bool short_breaks_only = false;  // every episode V3/V4: no regulation 33 reviews; left out
    Date clock_start;                // when the first review's clock starts (see above)
    std::vector<HeldReview> reviews;  // held on a day of the period, in date order
    std::optional<HeldReview> anchor;  // the first review known when the chain before it is not
    std::vector<ReviewDeadline> deadlines;
    bool includes(const Date& d) const { return d >= start && (!end || d <= *end); }
};

// A child's periods of care with their deadlines, as known on `as_of`.
struct ReviewTimeliness {
    std::string child;
    std::vector<PeriodOfCare> periods;         // in date order, short-break periods included (flagged)
    std::vector<HeldReview> outside_periods;   // reviews on no day of any period of care
    // Episodes that break the sequence (a continuation with a gap before it, which is taken as
    // a new period; an S episode starting the day the previous one ended): where and why.
    std::vector<Diagnostic> notes;
};

// Splits `episodes` into periods of care and works out every regulation 33 deadline. Reviews and
// episode ends after `as_of` are ignored. Throws Failure when a date falls in a year the
// calendar does not cover.
ReviewTimeliness review_timeliness(std::string child, std::span<const EpisodeOfCare> episodes,
                                   std::span<const HeldReview> reviews, const Date& known_from,
                                   const Date& as_of, const WorkingDayCalendar& calendar);

// A reporting year: 1 April to 31 March.
struct ReportingYear {
    int first_year = 0;  // 2025 for 2025-26
    Date start() const { return Date(first_year, 4, 1); }
    Date end() const { return Date(first_year + 1, 3, 31); }
    std::string label() const;  // `2025-26`
    // `2025-26` (or `2025-2026`); nullopt for anything else, or years that do not follow.
    static std::optional<ReportingYear> parse(std::string_view text);
};

struct DeadlineInYear {
    std::string child;
    ReviewDeadline deadline;
    DeadlineStatus status;  // at the year's end
};

// The deadlines that fell in a reporting year, and where each stood at the year's end, with
// what was left out and why, so a report can state its denominators.
struct YearTimeliness {
    ReportingYear year;
    std::vector<DeadlineInYear> deadlines;  // due in the year (status Met, HeldLate or Overdue)
    std::vector<DeadlineInYear> open_at_end;  // clock running at the year's end, due after it
    std::size_t met = 0, held_late = 0, overdue = 0;
    std::size_t reviews_held = 0;               // in the year, in periods reviewed under regulation 33
    std::size_t short_break_periods = 0;        // periods wholly V3/V4 with a day in the year, left out
    std::size_t short_break_reviews = 0;        // reviews held in the year in those periods, left out
    std::size_t reviews_outside_periods = 0;    // held in the year on no day of a period of care
    std::size_t anchors = 0;                    // held in the year, not judged: the chain before them is not known
    std::size_t due() const { return met + held_late + overdue; }
};

// Sums `children` (each worked out with as_of on or after the year's end) over the year.
YearTimeliness timeliness_in_year(std::span<const ReviewTimeliness> children, const ReportingYear& year);

// A child's episodes and reviews, read from one or more ssda903 data source trees (plugins/
// ssda903: {episodes:[...], reviews:[...]}), the earliest year first. An episode in two years'
// returns (open at the year end) is taken from the later one; a review twice, once.
struct ChildCareRecord {
    std::string child;
    std::vector<EpisodeOfCare> episodes;
    std::vector<HeldReview> reviews;
};
std::vector<ChildCareRecord> care_records(std::span<const Value* const> returns);

}  // namespace carepack
