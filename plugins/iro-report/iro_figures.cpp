#include "iro_figures.h"

#include <algorithm>
#include <set>

namespace carepack::iro {

void Tally::add_category(std::string id, std::string label) {
    ids.push_back(std::move(id));
    labels.push_back(std::move(label));
    counts.push_back(0);
}

long Tally::total() const {
    long s = 0;
    for (long c : counts) s += c;
    return s;
}

std::optional<double> YearFigures::median_days() const {
    if (days_to_resolve.empty()) return std::nullopt;
    const std::size_t n = days_to_resolve.size();
    if (n % 2) return static_cast<double>(days_to_resolve[n / 2]);
    return (static_cast<double>(days_to_resolve[n / 2 - 1]) + static_cast<double>(days_to_resolve[n / 2])) / 2.0;
}

long YearFigures::escalations_opened() const {
    long s = 0;
    for (const auto& row : escalations)
        for (long v : row) s += v;
    return s;
}

namespace {

const Value::Array& rows_of(const Value& tree, std::string_view table) {
    static const Value::Array none;
    const Value* v = tree.get(table);
    return v && v->is_array() ? v->as_array() : none;
}

std::optional<Date> date_of(const Value& row, std::string_view key) { return Date::parse_iso(text_of(row, key)); }

bool short_break(const std::string& ls) { return ls == "V3" || ls == "V4"; }

struct Episode {
    Date start;
    std::optional<Date> end;
    std::string ls, place;
};

// Looked after at the end of day `d`: an episode that ends on `d` has ended (the child left
// that day), as the return counts those looked after at 31 March.
bool covers(const Episode& e, const Date& d) { return e.start <= d && (!e.end || *e.end > d); }

Tally tally_of(const Grouping& g, const std::string& other) {
    Tally t;
    for (const auto& group : g.groups) t.add_category(group.id, group.label);
    t.add_category("other", other);
    return t;
}

// Leaves out an "Other" category nobody is in, so a table has no row for it.
void drop_empty_other(Tally& t) {
    if (!t.ids.empty() && t.ids.back() == "other" && t.counts.back() == 0) {
        t.ids.pop_back();
        t.labels.pop_back();
        t.counts.pop_back();
    }
}

void profile_year(YearFigures& y, const Value& ret, const Settings& settings,
                  const std::map<std::string, std::string>& sex_labels, const Words& words,
                  std::set<std::string>& ungrouped) {
    const Date start = y.year.start(), end = y.year.end(), before = start.add_days(-1);
    struct Child {
        std::optional<Date> dob;
        std::string sex, ethnic;
        std::vector<Episode> episodes;
    };
    std::map<std::string, Child> children;
    for (const auto& row : rows_of(ret, "header")) {
        auto& c = children[text_of(row, "child")];
        c.dob = date_of(row, "dob");
        c.sex = text_of(row, "sex");
        c.ethnic = text_of(row, "ethnic");
    }
    for (const auto& row : rows_of(ret, "episodes")) {
        auto s = date_of(row, "decom");
        if (!s) continue;
        children[text_of(row, "child")].episodes.push_back(
            {*s, date_of(row, "dec"), text_of(row, "ls"), text_of(row, "place")});
    }
    std::set<std::string> uasc;
    for (const auto& row : rows_of(ret, "uasc")) {
        auto duc = date_of(row, "duc");
        if (!duc || *duc > end) uasc.insert(text_of(row, "child"));
    }

    y.age = Tally();
    for (const auto& b : settings.age_bands) y.age.add_category(b.id, b.label);
    y.sex = Tally();
    for (const auto& [code, label] : sex_labels) y.sex.add_category(code, label);
    y.ethnicity = tally_of(settings.ethnicity, words.other);
    y.legal_status = tally_of(settings.legal_status, words.other);
    y.placement = tally_of(settings.placement, words.other);
    y.uasc = Tally();
    y.uasc.add_category("uasc", words.uasc_yes);
    y.uasc.add_category("not-uasc", words.uasc_no);

    for (auto& [id, c] : children) {
        std::sort(c.episodes.begin(), c.episodes.end(), [](const Episode& a, const Episode& b) { return a.start < b.start; });
        bool in_year = false, only_short_breaks = true;
        const Episode* open_at_end = nullptr;
        bool at_start = false;
        for (const auto& e : c.episodes) {
            const bool overlaps = e.start <= end && (!e.end || *e.end >= start);
            if (!overlaps) continue;
            in_year = true;
            if (short_break(e.ls)) continue;
            only_short_breaks = false;
            if (covers(e, before)) at_start = true;
            if (covers(e, end)) open_at_end = &e;  // the latest, as they are in date order
        }
        if (in_year && only_short_breaks) ++y.short_break_children;
        if (at_start) ++y.at_start;
        if (!open_at_end) continue;
        ++y.at_end;
        // Age at the year's end, in the first band that holds it.
        if (c.dob) {
            const int age = age_in_years(*c.dob, end);
            for (std::size_t i = 0; i < settings.age_bands.size(); ++i)
                if (age >= settings.age_bands[i].from && age <= settings.age_bands[i].to) {
                    y.age.add(i);
                    break;
                }
        }
        auto sex = std::find(y.sex.ids.begin(), y.sex.ids.end(), c.sex);
        if (sex == y.sex.ids.end()) {
            y.sex.add_category(c.sex, c.sex);
            sex = y.sex.ids.end() - 1;
        }
        y.sex.add(static_cast<std::size_t>(sex - y.sex.ids.begin()));
        auto group = [&](const Grouping& g, Tally& t, const std::string& code) {
            const std::size_t i = g.group_of(code);
            if (i == g.groups.size()) ungrouped.insert(g.field + " " + code);
            t.add(i);
        };
        group(settings.ethnicity, y.ethnicity, c.ethnic);
        group(settings.legal_status, y.legal_status, open_at_end->ls);
        group(settings.placement, y.placement, open_at_end->place);
        y.uasc.add(uasc.count(id) ? 0 : 1);
    }
    for (auto* t : {&y.ethnicity, &y.legal_status, &y.placement}) drop_empty_other(*t);
    // Sexes nobody at the year's end has are left out, so the table lists what the year holds.
    Tally sexes;
    for (std::size_t i = 0; i < y.sex.ids.size(); ++i)
        if (y.sex.counts[i] > 0) {
            sexes.add_category(y.sex.ids[i], y.sex.labels[i]);
            sexes.counts.back() = y.sex.counts[i];
        }
    y.sex = std::move(sexes);
}

void reviews_year(YearFigures& y, const std::vector<ChildCareRecord>& records, const Date& known_from,
                  const WorkingDayCalendar& calendar) {
    const Date start = y.year.start(), end = y.year.end();
    std::vector<ReviewTimeliness> children;
    children.reserve(records.size());
    for (const auto& r : records)
        children.push_back(review_timeliness(r.child, r.episodes, r.reviews, known_from, end, calendar));
    y.year_timeliness = timeliness_in_year(children, y.year);
    for (const auto& d : y.year_timeliness.deadlines) {
        const auto rule = static_cast<std::size_t>(d.deadline.rule);
        const std::size_t status = d.status == DeadlineStatus::Met ? 0 : d.status == DeadlineStatus::HeldLate ? 1 : 2;
        ++y.timeliness[rule][status];
    }
    auto in_year = [&](const Date& d) { return d >= start && d <= end; };
    for (const auto& c : children) {
        bool started = false, left = false;
        for (const auto& p : c.periods) {
            if (p.short_breaks_only) continue;
            if (p.starts_in_data && in_year(p.start)) started = true;
            if (p.end && in_year(*p.end)) left = true;
            for (const auto& r : p.reviews) {
                if (!in_year(r.date) || r.date < p.clock_start) continue;
                if (r.participation.size() == 3 && r.participation.rfind("PN", 0) == 0 && r.participation[2] >= '0' &&
                    r.participation[2] <= '7')
                    ++y.participation[static_cast<std::size_t>(r.participation[2] - '0')];
            }
        }
        y.starters += started;
        y.leavers += left;
    }
}

void records_year(YearFigures& y, const Value& records, const Words& words) {
    const Date start = y.year.start(), end = y.year.end();
    auto in_year = [&](const std::optional<Date>& d) { return d && *d >= start && *d <= end; };
    for (const auto& row : rows_of(records, "staff")) {
        auto from = date_of(row, "start");
        auto to = date_of(row, "end");
        if (!from || *from > end || (to && *to < end)) continue;
        const Value* fte = row.get("fte");
        IroStaff s{text_of(row, "iro_id"), text_of(row, "name"), fte && fte->is_number() ? fte->as_number() : 0.0,
                   text_of(row, "start"), text_of(row, "end")};
        y.fte += s.fte;
        y.staff.push_back(std::move(s));
    }
    std::set<std::string> midway, visited;
    for (const auto& row : rows_of(records, "midway_checks"))
        if (in_year(date_of(row, "date"))) {
            ++y.midway_checks;
            midway.insert(text_of(row, "child"));
        }
    for (const auto& row : rows_of(records, "visits"))
        if (in_year(date_of(row, "date"))) {
            ++y.visits;
            visited.insert(text_of(row, "child"));
        }
    y.midway_children = static_cast<long>(midway.size());
    y.visit_children = static_cast<long>(visited.size());
    for (const auto& row : rows_of(records, "parent_participation"))
        if (in_year(date_of(row, "review_date"))) {
            const std::string p = text_of(row, "participated");
            if (p == "yes") ++y.parents_yes;
            else if (p == "no") ++y.parents_no;
            else if (p == "declined") ++y.parents_declined;
        }

    const auto& stages = rows_of(records, "escalation_stages");
    if (stages.empty()) {
        y.stages = {"informal", "formal-1", "formal-2", "formal-3"};
        y.stage_formal = {false, true, true, true};
    } else {
        for (const auto& s : stages) {
            y.stages.push_back(text_of(s, "stage"));
            y.stage_formal.push_back(text_of(s, "formal") == "yes");
        }
    }
    struct Opened {
        std::size_t stage;
        std::string outcome, theme;
    };
    std::vector<Opened> opened;
    for (const auto& row : rows_of(records, "escalations")) {
        auto on = date_of(row, "opened");
        if (!in_year(on)) continue;
        const std::string stage = text_of(row, "stage");
        auto it = std::find(y.stages.begin(), y.stages.end(), stage);
        if (it == y.stages.end()) {
            y.stages.push_back(stage);
            y.stage_formal.push_back(stage != "informal");
            it = y.stages.end() - 1;
        }
        auto resolved = date_of(row, "resolved");
        std::string outcome;
        if (resolved && *resolved <= end) {
            outcome = text_of(row, "outcome");
            if (outcome.empty()) outcome = words.other;
            y.days_to_resolve.push_back(static_cast<long>(days_between(*on, *resolved)));
        } else {
            outcome = words.open;
        }
        opened.push_back({static_cast<std::size_t>(it - y.stages.begin()), outcome, text_of(row, "theme")});
    }
    std::sort(y.days_to_resolve.begin(), y.days_to_resolve.end());
    // Outcomes in the order of first use, the still-open ones last.
    for (const auto& o : opened)
        if (o.outcome != words.open && std::find(y.outcomes.begin(), y.outcomes.end(), o.outcome) == y.outcomes.end())
            y.outcomes.push_back(o.outcome);
    std::sort(y.outcomes.begin(), y.outcomes.end());
    y.outcomes.push_back(words.open);
    y.escalations.assign(y.stages.size(), std::vector<long>(y.outcomes.size(), 0));
    std::map<std::string, long> themes;
    for (const auto& o : opened) {
        const auto c = static_cast<std::size_t>(std::find(y.outcomes.begin(), y.outcomes.end(), o.outcome) - y.outcomes.begin());
        ++y.escalations[o.stage][c];
        ++themes[o.theme];
    }
    // Themes by how often they came up, then by name, so the list reads from the most common.
    std::vector<std::pair<std::string, long>> sorted(themes.begin(), themes.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [theme, n] : sorted) {
        y.themes.add_category(theme, theme);
        y.themes.counts.back() = n;
    }
}

void exclusions_of(const Value& tree, std::vector<Exclusion>& out) {
    for (const auto& e : rows_of(tree, "exclusions"))
        out.push_back({text_of(e, "file"), text_of(e, "file") + ":" + text_of(e, "line") + ":" + text_of(e, "column"),
                       text_of(e, "table"), text_of(e, "field"), text_of(e, "reason")});
}

}  // namespace

ReportData compute(const Value& previous_return, const Value& current_return, const Value& records,
                   const ReportingYear& year, const Settings& settings, const WorkingDayCalendar& calendar,
                   const std::map<std::string, std::string>& sex_labels, const Words& words) {
    ReportData out;
    out.current.year = year;
    out.previous.year = ReportingYear{year.first_year - 1};
    std::set<std::string> ungrouped;
    profile_year(out.current, current_return, settings, sex_labels, words, ungrouped);
    profile_year(out.previous, previous_return, settings, sex_labels, words, ungrouped);
    const Value* both[] = {&previous_return, &current_return};
    const auto records_both = care_records(both);
    const Date known_from = out.previous.year.start();
    reviews_year(out.current, records_both, known_from, calendar);
    reviews_year(out.previous, records_both, known_from, calendar);
    records_year(out.current, records, words);
    records_year(out.previous, records, words);
    exclusions_of(previous_return, out.exclusions);
    exclusions_of(current_return, out.exclusions);
    exclusions_of(records, out.exclusions);
    out.ungrouped_codes.assign(ungrouped.begin(), ungrouped.end());
    return out;
}

}  // namespace carepack::iro
