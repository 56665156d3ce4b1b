#include "carepack/reviews.h"

#include <algorithm>
#include <map>

#include "carepack/value.h"
#include "carepack/working_days.h"

namespace carepack {

std::string_view rule_name(ReviewRule r) {
    switch (r) {
        case ReviewRule::First: return "first";
        case ReviewRule::Second: return "second";
        case ReviewRule::Subsequent: return "subsequent";
    }
    return "";
}

std::string_view status_name(DeadlineStatus s) {
    switch (s) {
        case DeadlineStatus::Met: return "met";
        case DeadlineStatus::HeldLate: return "held-late";
        case DeadlineStatus::Overdue: return "overdue";
        case DeadlineStatus::Open: return "open";
    }
    return "";
}

DeadlineStatus ReviewDeadline::status_on(const Date& on) const {
    if (held && held->date <= on) return held->date <= due ? DeadlineStatus::Met : DeadlineStatus::HeldLate;
    return due < on ? DeadlineStatus::Overdue : DeadlineStatus::Open;
}

namespace {

bool short_break(const EpisodeOfCare& e) { return e.legal_status == "V3" || e.legal_status == "V4"; }

Date due_after(ReviewRule rule, const Date& from, const WorkingDayCalendar& calendar) {
    switch (rule) {
        case ReviewRule::First: return calendar.add_working_days(from, 20);    // 33(1)
        case ReviewRule::Second: return from.add_months(3);                    // 33(2)(a)
        case ReviewRule::Subsequent: return from.add_months(6);                // 33(2)(b)
    }
    return from;
}

// Whether a deadline no review answered was owed at all: not when the child stopped being
// looked after before it fell due.
bool owed(const PeriodOfCare& p, const Date& due) { return !p.end || due < *p.end; }

void chain_deadlines(PeriodOfCare& p, const std::vector<const HeldReview*>& reviews, std::size_t next,
                     Date clock_from, int number, ReviewRule rule, const WorkingDayCalendar& calendar) {
    for (;;) {
        ReviewDeadline d;
        d.number = number;
        d.rule = rule;
        d.clock_from = clock_from;
        d.due = due_after(rule, clock_from, calendar);
        if (next < reviews.size()) d.held = *reviews[next];
        if (!d.held && !owed(p, d.due)) return;
        p.deadlines.push_back(d);
        if (!d.held) return;
        clock_from = d.held->date;
        ++next;
        if (number > 0) ++number;
        rule = number == 2 ? ReviewRule::Second : ReviewRule::Subsequent;
    }
}

void work_out_deadlines(PeriodOfCare& p, const Date& known_from, const WorkingDayCalendar& calendar) {
    std::vector<const HeldReview*> chain;
    for (const auto& r : p.reviews)
        if (r.date >= p.clock_start && r.date >= known_from) chain.push_back(&r);

    if (p.starts_in_data && p.clock_start >= known_from) {
        chain_deadlines(p, chain, 0, p.clock_start, 1, ReviewRule::First, calendar);
        return;
    }
    // The reviews before `known_from` are not in the data. Whatever they were, the next one was
    // due no more than six months after the later of `known_from` and the clock's start.
    const Date lower = std::max(known_from, p.clock_start);
    const Date latest_due = lower.add_months(6);
    if (!chain.empty() && chain.front()->date <= latest_due) {
        p.anchor = *chain.front();
        chain_deadlines(p, chain, 1, chain.front()->date, 0, ReviewRule::Subsequent, calendar);
        return;
    }
    ReviewDeadline d;
    d.rule = ReviewRule::Subsequent;
    d.clock_from = lower;
    d.due = latest_due;
    d.due_is_latest = true;
    if (!chain.empty()) d.held = *chain.front();
    if (!d.held && !owed(p, d.due)) return;
    p.deadlines.push_back(d);
    if (d.held) chain_deadlines(p, chain, 1, d.held->date, 0, ReviewRule::Subsequent, calendar);
}

}  // namespace

ReviewTimeliness review_timeliness(std::string child, std::span<const EpisodeOfCare> episodes,
                                   std::span<const HeldReview> reviews, const Date& known_from,
                                   const Date& as_of, const WorkingDayCalendar& calendar) {
    ReviewTimeliness out;
    out.child = std::move(child);

    std::vector<EpisodeOfCare> eps;
    for (const auto& e : episodes) {
        if (e.start > as_of) continue;
        EpisodeOfCare copy = e;
        if (copy.end && *copy.end > as_of) copy.end.reset();
        eps.push_back(std::move(copy));
    }
    std::stable_sort(eps.begin(), eps.end(), [](const auto& a, const auto& b) { return a.start < b.start; });

    for (auto& e : eps) {
        PeriodOfCare* current = out.periods.empty() ? nullptr : &out.periods.back();
        const EpisodeOfCare* last = current ? &current->episodes.back() : nullptr;
        bool starts_new = !current || e.reason == "S";
        if (current && e.reason == "S") {
            if (!last->end || *last->end > e.start) {
                out.notes.push_back({Severity::Warning, e.where,
                                     "this episode starts a period of care (RNE S) while the one before it (" +
                                         last->where.str() + ") has not ended; that period is taken to end on " +
                                         e.start.iso()});
                current->end = e.start;
            } else if (*last->end == e.start) {
                out.notes.push_back({Severity::Warning, e.where,
                                     "this episode starts a period of care (RNE S) on the day the episode before "
                                     "it ended; it is taken as a new period"});
            }
        } else if (current && last->end && *last->end < e.start) {
            out.notes.push_back({Severity::Warning, e.where,
                                 "this episode continues a period of care (RNE " + e.reason +
                                     ") but the episode before it ended on " + last->end->iso() +
                                     "; it is taken as the start of a new period"});
            starts_new = true;
        }
        if (starts_new) {
            PeriodOfCare p;
            p.start = e.start;
            p.starts_in_data = e.reason == "S" || (current != nullptr);
            p.episodes.push_back(e);
            out.periods.push_back(std::move(p));
        } else {
            current->episodes.push_back(e);
        }
    }
    for (auto& p : out.periods) {
        // A period whose end was set by a later S episode keeps it; otherwise it ends with its
        // last episode.
        if (!p.end) p.end = p.episodes.back().end;
        p.short_breaks_only = std::all_of(p.episodes.begin(), p.episodes.end(), short_break);
        p.clock_start = p.start;
        for (const auto& e : p.episodes)
            if (!short_break(e)) {
                p.clock_start = e.start;
                break;
            }
    }

    std::vector<HeldReview> held;
    for (const auto& r : reviews)
        if (r.date <= as_of) held.push_back(r);
    std::stable_sort(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
    held.erase(std::unique(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.date == b.date; }),
               held.end());
    for (auto& r : held) {
        // A review on the day one period ends and the next begins belongs to the later one.
        PeriodOfCare* in = nullptr;
        for (auto& p : out.periods)
            if (p.includes(r.date)) in = &p;
        if (in) in->reviews.push_back(std::move(r));
        else out.outside_periods.push_back(std::move(r));
    }

    for (auto& p : out.periods)
        if (!p.short_breaks_only) work_out_deadlines(p, known_from, calendar);
    return out;
}

std::string ReportingYear::label() const {
    const int next = (first_year + 1) % 100;
    return std::to_string(first_year) + '-' + (next < 10 ? "0" : "") + std::to_string(next);
}

std::optional<ReportingYear> ReportingYear::parse(std::string_view text) {
    auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    auto dash = text.find('-');
    if (dash != 4 || !digits(text.substr(0, 4)) || !digits(text.substr(5))) return std::nullopt;
    const int first = std::stoi(std::string(text.substr(0, 4)));
    const auto rest = text.substr(5);
    int second = 0;
    if (rest.size() == 2) second = (first / 100) * 100 + std::stoi(std::string(rest)) + ((first % 100 == 99) ? 100 : 0);
    else if (rest.size() == 4) second = std::stoi(std::string(rest));
    else return std::nullopt;
    if (second != first + 1 || first < 1900 || first > 9998) return std::nullopt;
    return ReportingYear{first};
}

YearTimeliness timeliness_in_year(std::span<const ReviewTimeliness> children, const ReportingYear& year) {
    YearTimeliness y;
    y.year = year;
    const Date start = year.start(), end = year.end();
    auto in_year = [&](const Date& d) { return d >= start && d <= end; };
    for (const auto& child : children) {
        for (const auto& r : child.outside_periods)
            if (in_year(r.date)) ++y.reviews_outside_periods;
        for (const auto& p : child.periods) {
            const bool overlaps = p.start <= end && (!p.end || *p.end >= start);
            if (p.short_breaks_only) {
                if (overlaps) ++y.short_break_periods;
                for (const auto& r : p.reviews)
                    if (in_year(r.date)) ++y.short_break_reviews;
                continue;
            }
            for (const auto& r : p.reviews)
                if (in_year(r.date) && r.date >= p.clock_start) ++y.reviews_held;
            if (p.anchor && in_year(p.anchor->date)) ++y.anchors;
            for (const auto& d : p.deadlines) {
                if (in_year(d.due)) {
                    const auto s = d.status_on(end);
                    y.deadlines.push_back({child.child, d, s});
                    if (s == DeadlineStatus::Met) ++y.met;
                    else if (s == DeadlineStatus::HeldLate) ++y.held_late;
                    else ++y.overdue;
                } else if (d.due > end && d.clock_from <= end && d.status_on(end) == DeadlineStatus::Open &&
                           (!p.end || *p.end > end)) {
                    y.open_at_end.push_back({child.child, d, DeadlineStatus::Open});
                }
            }
        }
    }
    return y;
}

std::vector<ChildCareRecord> care_records(std::span<const Value* const> returns) {
    std::map<std::string, ChildCareRecord> by_child;
    std::map<std::string, std::map<Date, EpisodeOfCare>> episodes;
    std::map<std::string, std::map<Date, HeldReview>> reviews;
    for (const Value* tree : returns) {
        if (!tree) continue;
        if (const Value* rows = tree->get("episodes"); rows && rows->is_array())
            for (const auto& row : rows->as_array()) {
                auto start = Date::parse_iso(text_of(row, "decom"));
                if (!start) continue;
                EpisodeOfCare e{*start, text_of(row, "rne"), text_of(row, "ls"), Date::parse_iso(text_of(row, "dec")),
                              row.where};
                const std::string child = text_of(row, "child");
                by_child[child].child = child;
                episodes[child][*start] = std::move(e);  // a later year's row replaces an earlier one
            }
        if (const Value* rows = tree->get("reviews"); rows && rows->is_array())
            for (const auto& row : rows->as_array()) {
                auto date = Date::parse_iso(text_of(row, "review"));
                if (!date) continue;
                const std::string child = text_of(row, "child");
                by_child[child].child = child;
                reviews[child].emplace(*date, HeldReview{*date, text_of(row, "review_code"), row.where});
            }
    }
    std::vector<ChildCareRecord> out;
    out.reserve(by_child.size());
    for (auto& [child, record] : by_child) {
        for (auto& [_, e] : episodes[child]) record.episodes.push_back(std::move(e));
        for (auto& [_, r] : reviews[child]) record.reviews.push_back(std::move(r));
        out.push_back(std::move(record));
    }
    return out;
}

}  // namespace carepack
