#include "iro_report_kind.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include <pugixml.hpp>

#include "carepack/checks.h"
#include "carepack/load.h"
#include "carepack/locale.h"
#include "carepack/pipeline.h"
#include "carepack/plugin_host.h"
#include "carepack/template.h"
#include "carepack/translation.h"
#include "carepack/working_days.h"
#include "iro_figures.h"
#include "iro_settings.h"
#include "suppression.h"

namespace carepack {

const ObjectSpec& iro_report_schema() {
    static const auto sign_off = make_spec("sign-off", {
        text_field("role").required().attribute(),
        text_field("name").attribute(),
        date_field("date").attribute(),
    });
    static const auto cover = make_spec("cover", {
        text_field("access").required().attribute().one_of({"public", "private"})
            .describe("whether the board takes the report in public or in private session"),
        text_field("meeting").required(),
        date_field("date").required(),
        text_field("agenda-item"),
        markup_field("purpose").required(),
        list_field("recommendations", FieldType::Text).xml("recommendation", "recommendations").required(),
        list_field("sign-offs", sign_off).xml("sign-off", "sign-offs"),
    });
    static const ObjectSpec spec("iro-report", {
        text_field("year").required().attribute().describe("the reporting year the narrative is for: 2025-26"),
        integer_field("suppression-threshold").attribute()
            .describe("counts below this are hidden in the public report (default: carepack's data file)"),
        text_field("title").required(),
        text_field("author").required().describe("who writes the report: a role, not a person"),
        object_field("cover", cover),
        markup_field("introduction").blocks().required().describe("the purpose of the service and its legal context"),
        markup_field("good-practice").blocks().required(),
        markup_field("areas-for-development").blocks().required(),
        markup_field("resources").blocks().required().describe("whether resource issues put the service at risk"),
        markup_field("priorities").blocks().required(),
    });
    return spec;
}

namespace {

std::filesystem::path narrative_file(const Authority& a) { return a.dir / "iro-report.xml"; }

std::string strip_tags(const std::string& xml) {
    std::string out;
    bool in_tag = false;
    for (char c : xml) {
        if (c == '<') in_tag = true;
        else if (c == '>') { in_tag = false; out += ' '; }
        else if (!in_tag) out += c;
    }
    return out;
}

void refuse_placeholders(const Value& v, const std::string& field, Diagnostics& d) {
    std::vector<std::string> found;
    if (v.is_string()) found = find_placeholders(v.as_string());
    else if (v.is_markup()) found = find_placeholders(strip_tags(v.as_markup().xml));
    for (const auto& p : found)
        d.error(v.where, "unfinished placeholder '" + p + "' in <" + field + ">; finish the text before the report is made");
    if (v.is_object())
        for (const auto& [k, child] : v.as_object()) refuse_placeholders(child, k, d);
    if (v.is_array())
        for (const auto& child : v.as_array()) refuse_placeholders(child, field, d);
}

}  // namespace

Value load_iro_narrative(const std::filesystem::path& file, Diagnostics& d) {
    Value v = load_xml(file, iro_report_schema(), d);
    refuse_placeholders(v, "iro-report", d);
    if (const Value* year = v.get("year"); year && !ReportingYear::parse(year->text()))
        d.error(year->where, "year must be a reporting year written 2025-26, not '" + year->text() + "'");
    return v;
}

std::string IroReportKind::summary() const {
    return "the annual IRO report to the corporate parenting board, computed from the SSDA903 return and the IRO "
           "service's records (professional, or public with small counts suppressed)";
}

Capabilities IroReportKind::capabilities() const {
    Capabilities c;
    c.kinds = {"iro-report"};
    return c;
}

bool IroReportKind::has_content(const Authority&) const { return false; }

void IroReportKind::check_content(const Authority& authority, Diagnostics& d) const {
    if (!std::filesystem::exists(narrative_file(authority))) {
        d.error(Location::in_file(narrative_file(authority).string()),
                "the council has no iro-report.xml (the report's narrative: good practice, areas for development, "
                "resources, priorities)");
        return;
    }
    load_iro_narrative(narrative_file(authority), d);
}

namespace {

using iro::CountGrid;

std::string whole(long n) {
    std::string s = std::to_string(n < 0 ? -n : n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return n < 0 ? "-" + s : s;
}

std::string one_decimal(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

// 11 rather than 11.0: a median of whole days is often whole.
std::string days_text(double x) { return x == std::floor(x) ? whole(static_cast<long>(x)) : one_decimal(x); }

// The service's own words (themes, outcomes) start a table row, so with a capital.
std::string sentence_case(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

long percent(long n, long d) { return d ? std::lround(100.0 * static_cast<double>(n) / static_cast<double>(d)) : 0; }

// Builds the template's data. Every word a reader sees is a catalog message, or the council's,
// or the data's own (code meanings, themes as the service writes them).
class Report {
public:
    Report(const Catalog& msg, const iro::ReportData& data, const iro::Settings& settings, long threshold, bool is_public,
           std::string lang)
        : msg_(msg), data_(data), settings_(settings), threshold_(threshold), public_(is_public), lang_(std::move(lang)) {}

    std::string t(std::string_view id, const std::map<std::string, std::string>& args = {}) const {
        return msg_.format(id, args);
    }
    std::string date(const Date& d) const { return format_long_date(d, lang_); }
    std::string year_label(const iro::YearFigures& y) const { return y.year.label(); }

    bool hide(long n) const { return public_ && n > 0 && n < threshold_; }
    std::string hidden() const { return t("iro-hidden"); }
    std::string count(long n) const { return hide(n) ? hidden() : whole(n); }
    std::string share(long n, long d, bool n_hidden = false, bool d_hidden = false) const {
        n_hidden = n_hidden || hide(n);
        d_hidden = d_hidden || hide(d);
        if (n_hidden) return hidden();
        if (d_hidden) return whole(n);
        if (d == 0) return whole(n);
        return t("iro-share", {{"count", whole(n)}, {"total", whole(d)}, {"percent", std::to_string(percent(n, d))}});
    }

    // Direction of travel, in words beside the arrow, so every reader and screen reader has it.
    std::string trend(double before, double now, const std::string& before_text, bool unknown = false) const {
        if (unknown) return t("iro-trend-hidden");
        if (now > before) return t("iro-trend-up", {{"before", before_text}});
        if (now < before) return t("iro-trend-down", {{"before", before_text}});
        return t("iro-trend-same");
    }

    struct Row {
        std::string label;
        std::vector<std::string> cells;
        bool total = false;
    };
    // A count this year beside last year's, with its direction of travel (unknown when either
    // is hidden).
    Row count_row(std::string label, long before, long now) const {
        return {std::move(label),
                {count(before), count(now), trend(double(before), double(now), count(before), hide(before) || hide(now))}};
    }
    Value table(const std::string& id, const std::string& caption, const std::vector<std::string>& head,
                const std::vector<Row>& rows) const {
        Value v = Value::object();
        v.set("id", id);
        v.set("caption", caption);
        Value h = Value::array();
        for (const auto& x : head) h.push(x);
        v.set("head", std::move(h));
        Value rs = Value::array();
        for (const auto& r : rows) {
            Value row = Value::object();
            row.set("class", r.total ? "total" : "row");
            row.set("label", r.label);
            Value cells = Value::array();
            for (const auto& c : r.cells) cells.push(c);
            row.set("cells", std::move(cells));
            rs.push(std::move(row));
        }
        v.set("rows", std::move(rs));
        return v;
    }

    enum class Shares { None, OfColumn, OfRow };
    // A table of counts, its totals computed from its cells, suppressed when public. `hidden_out`
    // says whether anything was hidden, for the note beneath it.
    Value grid(const std::string& id, const std::string& caption, const std::string& corner, const CountGrid& g,
               Shares shares, bool* hidden_out = nullptr) const {
        std::vector<std::vector<bool>> hidden(g.full_rows(), std::vector<bool>(g.full_cols(), false));
        if (public_) hidden = iro::suppress(g, threshold_);
        bool any = false;
        for (const auto& r : hidden)
            for (bool h : r) any |= h;
        if (hidden_out) *hidden_out = any;
        std::vector<std::string> head{corner};
        for (const auto& c : g.col_labels) head.push_back(c);
        if (g.row_totals) head.push_back(t("iro-total"));
        std::vector<Row> rows;
        for (std::size_t r = 0; r < g.full_rows(); ++r) {
            Row row;
            row.total = r == g.rows();
            row.label = row.total ? t("iro-total") : g.row_labels[r];
            for (std::size_t c = 0; c < g.full_cols(); ++c) {
                const long v = g.at(r, c);
                if (hidden[r][c]) row.cells.push_back(t("iro-hidden"));
                else if (shares == Shares::OfColumn && !row.total && g.col_totals)
                    row.cells.push_back(share(v, g.at(g.rows(), c), false, hidden[g.rows()][c]));
                else if (shares == Shares::OfRow && c < g.cols() && g.row_totals)
                    row.cells.push_back(share(v, g.at(r, g.cols()), false, hidden[r][g.cols()]));
                else row.cells.push_back(whole(v));
            }
            rows.push_back(std::move(row));
        }
        return table(id, caption, head, rows);
    }

    // A chart and its data table: categories down, one series a column. nullopt-like "" when a
    // public report would have to draw a hidden number.
    Value chart(const std::string& caption, const std::string& description, const std::string& unit,
                const std::string& corner, const std::vector<std::string>& series,
                const std::vector<std::pair<std::string, std::vector<double>>>& categories, bool decimals = false) const {
        Value v = Value::object();
        v.set("type", "bar");
        v.set("caption", caption);
        v.set("description", description);
        v.set("unit", unit);
        Value head = Value::array();
        head.push(corner);
        for (const auto& s : series) head.push(s);
        v.set("head", std::move(head));
        Value rows = Value::array();
        for (const auto& [label, values] : categories) {
            Value row = Value::object();
            row.set("label", label);
            Value cells = Value::array();
            for (double x : values) cells.push(decimals ? one_decimal(x) : x == std::floor(x) ? whole(static_cast<long>(x)) : one_decimal(x));
            row.set("cells", std::move(cells));
            rows.push(std::move(row));
        }
        v.set("rows", std::move(rows));
        return v;
    }

    Value part(const std::string& id, const std::string& heading) const {
        Value p = Value::object();
        p.set("id", id);
        p.set("heading", heading);
        p.set("paragraphs", Value::array());
        p.set("table", "");
        p.set("chart", "");
        p.set("notes", Value::array());
        return p;
    }

    const Catalog& msg_;
    const iro::ReportData& data_;
    const iro::Settings& settings_;
    long threshold_;
    bool public_;
    std::string lang_;
};

void push(Value& part, const char* key, Value v) { part.get(key)->push(std::move(v)); }

std::map<std::string, std::string> code_meanings(const std::string& file, const std::string& field) {
    std::map<std::string, std::string> out;
    pugi::xml_document doc;
    if (!doc.load_file(file.c_str())) return out;
    for (auto list : doc.child("ssda903-codes").children("list"))
        if (field == list.attribute("field").value())
            for (auto code : list.children("code")) out[code.attribute("value").value()] = code.text().get();
    return out;
}

const DataSource* data_source(const KindRequest& request, std::string_view id, Diagnostics& d) {
    const Plugin* p = request.plugins ? request.plugins->find(id) : nullptr;
    const auto* source = dynamic_cast<const DataSource*>(p);
    if (!source)
        d.error(Location(), "the " + std::string(id) + " data source is not loaded (see `carepack plugins`); the IRO report "
                            "reads its data through it");
    return source;
}

}  // namespace

Composition IroReportKind::compose(const KindRequest& request, Diagnostics& d) const {
    Composition out;
    const Authority& authority = *request.authority;
    const Catalog& msg = *request.catalog;
    if (request.lang.rfind("en", 0) != 0) {
        d.error(Location(), "the IRO report is written in English, for the corporate parenting board; leave out --lang "
                            "(its words are in locales/en-GB.xml)");
        return out;
    }
    const Audience audience = request.audience.value_or(Audience::Professional);
    if (audience == Audience::YoungPerson) {
        d.error(Location(), "the IRO report is for professionals, or public; there is no young person's copy");
        return out;
    }
    const bool is_public = audience == Audience::Public;

    check_content(authority, d);
    if (d.has_errors()) return out;
    const Value narrative = load_iro_narrative(narrative_file(authority), d);
    if (d.has_errors()) return out;

    const Value* narrative_year = narrative.get("year");
    auto year = ReportingYear::parse(request.year.empty() ? narrative_year->text() : request.year);
    if (!year) {
        d.error(Location(), "the reporting year must be written 2025-26, not '" + request.year + "'");
        return out;
    }
    if (year->label() != ReportingYear::parse(narrative_year->text())->label()) {
        d.error(narrative_year->where, "the narrative is for " + narrative_year->text() + ", not " + year->label() +
                                           "; write the narrative for the year being reported on");
        return out;
    }
    const ReportingYear previous{year->first_year - 1};

    const iro::Settings settings = iro::Settings::for_jurisdiction(authority.jurisdiction);
    long threshold = settings.threshold;
    if (const Value* own = narrative.get("suppression-threshold"); own && own->is_integer()) {
        if (own->as_integer() < settings.threshold)
            d.error(own->where, "the suppression threshold may be raised, not lowered below " +
                                    std::to_string(settings.threshold) + " (" + settings.file + ")");
        threshold = own->as_integer();
    }

    const std::filesystem::path data_dir = request.data_dir.empty() ? authority.dir / "data" : request.data_dir;
    const DataSource* returns = data_source(request, "ssda903", d);
    const DataSource* service = data_source(request, "iro-records", d);
    if (d.has_errors()) return out;
    for (const auto& folder : {data_dir / previous.label(), data_dir / year->label(), data_dir / "iro"})
        if (!std::filesystem::is_directory(folder))
            d.error(Location::in_file(folder.string()),
                    "no such folder: the report needs " + previous.label() + "/ and " + year->label() +
                        "/ (the SSDA903 returns for the year and the year before) and iro/ (the IRO service's records)");
    if (d.has_errors()) return out;
    auto before = returns->read(data_dir / previous.label(), d);
    auto now = returns->read(data_dir / year->label(), d);
    auto records = service->read(data_dir / "iro", d);
    if (d.has_errors() || !before || !now || !records) return out;

    const auto calendar = WorkingDayCalendar::for_jurisdiction(authority.jurisdiction);
    const std::string codes_file = text_of(*now, "code_lists");
    const auto sex_labels = code_meanings(codes_file, "SEX");
    const auto pn_meanings = code_meanings(codes_file, "REVIEW_CODE");
    iro::Words words{msg.get("iro-other"), msg.get("iro-uasc-yes"), msg.get("iro-uasc-no"), msg.get("iro-escalation-open")};
    const iro::ReportData data = iro::compute(*before, *now, *records, *year, settings, *calendar, sex_labels, words);
    for (const auto& code : data.ungrouped_codes)
        d.warning(Location::in_file(settings.file), "the code " + code + " is in no group; it is counted under \"" +
                                                        words.other + "\" (add it to a group)");

    Report R(msg, data, settings, threshold, is_public, request.lang);
    const auto& cur = data.current;
    const auto& prev = data.previous;
    const std::string y_now = cur.year.label(), y_before = prev.year.label();
    const std::string end_date = R.date(cur.year.end()), prev_end_date = R.date(prev.year.end());
    const std::string period = R.t("iro-period", {{"from", R.date(cur.year.start())}, {"to", end_date}});
    const std::string period_before = R.t("iro-period", {{"from", R.date(prev.year.start())}, {"to", prev_end_date}});

    auto ctx = std::make_shared<Value>(Value::object());
    ctx->set("lang", request.lang);
    const std::string title = text_of(narrative, "title");
    ctx->set("title", title);
    ctx->set("subtitle", R.t(is_public ? "iro-subtitle-public" : "iro-subtitle-professional",
                             {{"council", authority.name}, {"period", period}, {"author", text_of(narrative, "author")}}));
    ctx->set("msg", [&] {
        Value m = Value::object();
        for (const auto& [id, text] : msg.resolved())
            if (id.rfind("iro-", 0) == 0) m.set(id, message_value(msg, id));
        return m;
    }());

    // The committee cover sheet.
    Value cover = Value::array();
    if (const Value* c = narrative.get("cover"); c && c->is_object()) {
        Value v = Value::object();
        v.set("meeting", *c->get("meeting"));
        const Date meeting_date = *Date::parse_iso(text_of(*c, "date"));
        v.set("date", R.date(meeting_date));
        v.set("date-iso", meeting_date.iso());
        v.set("agenda-item", c->get("agenda-item") ? *c->get("agenda-item") : Value(""));
        v.set("access", R.t(text_of(*c, "access") == "public" ? "iro-cover-access-public" : "iro-cover-access-private"));
        v.set("purpose", *c->get("purpose"));
        v.set("recommendations", *c->get("recommendations"));
        Value signoffs = Value::array();
        if (const Value* s = c->get("sign-offs"))
            for (const auto& so : s->as_array()) {
                Value row = Value::object();
                row.set("role", *so.get("role"));
                // A public paper gives the role; names are for the board's own copy.
                row.set("name", !is_public && so.get("name") ? *so.get("name") : Value(""));
                const auto on = Date::parse_iso(text_of(so, "date"));
                row.set("date", on ? R.date(*on) : R.t("iro-cover-not-signed"));
                signoffs.push(std::move(row));
            }
        v.set("has-sign-offs", signoffs.size() > 0);
        v.set("sign-offs", std::move(signoffs));
        v.set("show-names", !is_public);
        cover.push(std::move(v));
    }
    ctx->set("cover", std::move(cover));

    Value sections = Value::array();
    auto section = [&](const std::string& id, const std::string& heading) {
        Value s = Value::object();
        s.set("id", id);
        s.set("heading", heading);
        s.set("paragraphs", Value::array());
        s.set("narrative", "");
        s.set("parts", Value::array());
        return s;
    };
    const std::string hidden_note = R.t("iro-hidden-note", {{"largest", std::to_string(threshold - 1)}});

    // 1. About the report.
    {
        Value s = section("about", R.t("iro-about-heading"));
        s.set("narrative", *narrative.get("introduction"));
        push(s, "paragraphs", R.t("iro-about-data", {{"period", period}, {"before", period_before}}));
        push(s, "paragraphs", R.t("iro-about-totals"));
        if (is_public)
            push(s, "paragraphs", R.t("iro-about-public", {{"largest", std::to_string(threshold - 1)},
                                                           {"source", settings.suppression_source}}));
        else
            push(s, "paragraphs", R.t("iro-about-professional"));
        sections.push(std::move(s));
    }

    // 2. At a glance: the year beside the year before.
    const long due_now = static_cast<long>(cur.year_timeliness.due()), due_before = static_cast<long>(prev.year_timeliness.due());
    auto views = [](const iro::YearFigures& y) {
        long n = 0;
        for (std::size_t i = 1; i <= 6; ++i) n += y.participation[i];
        return n;
    };
    auto aged_4_plus = [](const iro::YearFigures& y) {
        long n = 0;
        for (std::size_t i = 1; i <= 7; ++i) n += y.participation[i];
        return n;
    };
    auto parents_total = [](const iro::YearFigures& y) { return y.parents_yes + y.parents_no + y.parents_declined; };
    {
        Value s = section("at-a-glance", R.t("iro-glance-heading"));
        push(s, "paragraphs", R.t("iro-glance-intro", {{"year", y_now}, {"before", y_before}}));
        std::vector<Report::Row> rows;
        auto share_row = [&](const std::string& label, long bn, long bd, long nn, long nd) {
            const bool unknown = R.hide(bn) || R.hide(bd) || R.hide(nn) || R.hide(nd);
            const double bp = bd ? double(bn) / double(bd) : 0, np = nd ? double(nn) / double(nd) : 0;
            rows.push_back({label,
                            {R.share(bn, bd), R.share(nn, nd),
                             bd == 0 || nd == 0 ? R.t("iro-trend-none")
                                                : R.trend(bp, np, std::to_string(percent(bn, bd)) + "%", unknown)}});
        };
        rows.push_back(R.count_row(R.t("iro-measure-at-start"), prev.at_start, cur.at_start));
        rows.push_back(R.count_row(R.t("iro-measure-at-end"), prev.at_end, cur.at_end));
        rows.push_back(R.count_row(R.t("iro-measure-starters"), prev.starters, cur.starters));
        rows.push_back(R.count_row(R.t("iro-measure-leavers"), prev.leavers, cur.leavers));
        rows.push_back(R.count_row(R.t("iro-measure-reviews-held"), static_cast<long>(prev.year_timeliness.reviews_held),
                                   static_cast<long>(cur.year_timeliness.reviews_held)));
        share_row(R.t("iro-measure-in-time"), prev.timeliness[0][0] + prev.timeliness[1][0] + prev.timeliness[2][0],
                  due_before, cur.timeliness[0][0] + cur.timeliness[1][0] + cur.timeliness[2][0], due_now);
        share_row(R.t("iro-measure-views"), views(prev), aged_4_plus(prev), views(cur), aged_4_plus(cur));
        share_row(R.t("iro-measure-parents"), prev.parents_yes, parents_total(prev), cur.parents_yes, parents_total(cur));
        rows.push_back(R.count_row(R.t("iro-measure-midway"), prev.midway_checks, cur.midway_checks));
        rows.push_back(R.count_row(R.t("iro-measure-visits"), prev.visits, cur.visits));
        rows.push_back(R.count_row(R.t("iro-measure-escalations"), prev.escalations_opened(), cur.escalations_opened()));
        {
            const double b = prev.fte > 0 ? double(prev.at_end) / prev.fte : 0, n = cur.fte > 0 ? double(cur.at_end) / cur.fte : 0;
            rows.push_back({R.t("iro-measure-caseload"),
                            {one_decimal(b), one_decimal(n), R.trend(b, n, one_decimal(b), prev.fte <= 0 || cur.fte <= 0)}});
        }
        Value p = R.part("glance-table", R.t("iro-glance-table-heading"));
        p.set("table", R.table("glance", R.t("iro-glance-caption", {{"year", y_now}, {"before", y_before}}),
                               {R.t("iro-measure"), y_before, y_now, R.t("iro-direction")}, rows));
        push(p, "notes", R.t("iro-glance-note"));
        if (is_public) push(p, "notes", hidden_note);
        Value parts = Value::array();
        parts.push(std::move(p));
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 3. The service: IROs and their caseloads.
    {
        Value s = section("service", R.t("iro-service-heading"));
        const double caseload = cur.fte > 0 ? double(cur.at_end) / cur.fte : 0;
        const char* where = caseload < settings.caseload_min ? "iro-caseload-below"
                            : caseload > settings.caseload_max ? "iro-caseload-above" : "iro-caseload-within";
        const std::map<std::string, std::string> args{{"children", whole(cur.at_end)},
                                                      {"fte", one_decimal(cur.fte)},
                                                      {"iros", whole(static_cast<long>(cur.staff.size()))},
                                                      {"caseload", one_decimal(caseload)},
                                                      {"min", std::to_string(settings.caseload_min)},
                                                      {"max", std::to_string(settings.caseload_max)},
                                                      {"date", end_date}};
        push(s, "paragraphs", R.t("iro-staffing-line", args));
        if (cur.fte > 0) push(s, "paragraphs", R.t(where, args));
        else push(s, "paragraphs", R.t("iro-caseload-no-staff", args));
        push(s, "paragraphs", R.t("iro-caseload-basis", {{"source", settings.caseload_basis}}));
        Value parts = Value::array();
        if (!is_public) {
            // Only the board's own copy names the IROs, and only here.
            Value p = R.part("staffing", R.t("iro-staffing-heading"));
            std::vector<Report::Row> rows;
            for (const auto& st : cur.staff)
                rows.push_back({st.name, {st.id, one_decimal(st.fte), R.date(*Date::parse_iso(st.start))}});
            rows.push_back({R.t("iro-total"), {whole(static_cast<long>(cur.staff.size())), one_decimal(cur.fte), ""}, true});
            p.set("table", R.table("staffing-table", R.t("iro-staffing-caption", {{"date", end_date}}),
                                   {R.t("iro-staffing-name"), R.t("iro-staffing-id"), R.t("iro-staffing-fte"),
                                    R.t("iro-staffing-since")},
                                   rows));
            push(p, "notes", R.t("iro-staffing-note"));
            parts.push(std::move(p));
        }
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 4. Children looked after.
    {
        Value s = section("children", R.t("iro-children-heading"));
        push(s, "paragraphs", R.t("iro-children-intro", {{"end", end_date}}));
        push(s, "paragraphs", R.t("iro-short-breaks", {{"count", R.count(cur.short_break_children)},
                                                        {"before", R.count(prev.short_break_children)},
                                                        {"year", y_now}, {"year-before", y_before}}));
        Value parts = Value::array();
        {
            Value p = R.part("numbers", R.t("iro-numbers-heading"));
            std::vector<Report::Row> rows;
            rows.push_back(R.count_row(R.t("iro-measure-at-start"), prev.at_start, cur.at_start));
            rows.push_back(R.count_row(R.t("iro-measure-starters"), prev.starters, cur.starters));
            rows.push_back(R.count_row(R.t("iro-measure-leavers"), prev.leavers, cur.leavers));
            rows.push_back(R.count_row(R.t("iro-measure-at-end"), prev.at_end, cur.at_end));
            p.set("table", R.table("numbers-table", R.t("iro-numbers-caption", {{"year", y_now}, {"before", y_before}}),
                                   {R.t("iro-measure"), y_before, y_now, R.t("iro-direction")}, rows));
            const bool drawable = !(R.hide(prev.at_start) || R.hide(cur.at_start) || R.hide(prev.starters) ||
                                    R.hide(cur.starters) || R.hide(prev.leavers) || R.hide(cur.leavers) ||
                                    R.hide(prev.at_end) || R.hide(cur.at_end));
            if (drawable)
                p.set("chart", R.chart(R.t("iro-numbers-chart"), R.t("iro-numbers-chart-description",
                                                                      {{"start-before", whole(prev.at_start)},
                                                                       {"end-before", whole(prev.at_end)},
                                                                       {"start", whole(cur.at_start)},
                                                                       {"end", whole(cur.at_end)},
                                                                       {"year", y_now}, {"before", y_before}}),
                                       "", R.t("iro-measure"), {y_before, y_now},
                                       {{R.t("iro-chart-at-start"), {double(prev.at_start), double(cur.at_start)}},
                                        {R.t("iro-chart-starters"), {double(prev.starters), double(cur.starters)}},
                                        {R.t("iro-chart-leavers"), {double(prev.leavers), double(cur.leavers)}},
                                        {R.t("iro-chart-at-end"), {double(prev.at_end), double(cur.at_end)}}}));
            push(p, "notes", R.t("iro-numbers-note"));
            parts.push(std::move(p));
        }
        auto profile = [&](const std::string& id, const std::string& heading, const iro::Tally& a, const iro::Tally& b,
                           const std::string& source) {
            // Both years' categories, in the order of the settings (the year's own first).
            std::vector<std::string> ids = b.ids, labels = b.labels;
            for (std::size_t i = 0; i < a.ids.size(); ++i)
                if (std::find(ids.begin(), ids.end(), a.ids[i]) == ids.end()) {
                    ids.push_back(a.ids[i]);
                    labels.push_back(a.labels[i]);
                }
            CountGrid g;
            g.row_labels = labels;
            g.col_labels = {prev_end_date, end_date};
            auto of = [](const iro::Tally& t, const std::string& id) -> long {
                auto it = std::find(t.ids.begin(), t.ids.end(), id);
                return it == t.ids.end() ? 0 : t.counts[static_cast<std::size_t>(it - t.ids.begin())];
            };
            for (const auto& i : ids) g.cells.push_back({of(a, i), of(b, i)});
            Value p = R.part(id, heading);
            bool hidden = false;
            p.set("table", R.grid(id + "-table",
                                  R.t("iro-profile-caption", {{"what", heading}, {"before", prev_end_date}, {"end", end_date}}),
                                  heading, g, Report::Shares::OfColumn, &hidden));
            if (!source.empty()) push(p, "notes", R.t("iro-grouping-source", {{"source", source}}));
            if (hidden) push(p, "notes", hidden_note);
            parts.push(std::move(p));
        };
        profile("age", R.t("iro-profile-age"), prev.age, cur.age, settings.age_source);
        profile("sex", R.t("iro-profile-sex"), prev.sex, cur.sex, "");
        profile("ethnicity", R.t("iro-profile-ethnicity"), prev.ethnicity, cur.ethnicity, settings.ethnicity.source);
        profile("legal-status", R.t("iro-profile-legal-status"), prev.legal_status, cur.legal_status,
                settings.legal_status.source);
        profile("placement", R.t("iro-profile-placement"), prev.placement, cur.placement, settings.placement.source);
        profile("uasc", R.t("iro-profile-uasc"), prev.uasc, cur.uasc, "");
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 5. Reviews and their timeliness.
    {
        Value s = section("reviews", R.t("iro-reviews-heading"));
        push(s, "paragraphs", R.t("iro-reviews-rule"));
        push(s, "paragraphs", R.t("iro-reviews-held", {{"count", R.count(static_cast<long>(cur.year_timeliness.reviews_held))},
                                                        {"period", period}}));
        Value parts = Value::array();
        const std::vector<std::string> rules{R.t("iro-rule-first"), R.t("iro-rule-second"), R.t("iro-rule-subsequent")};
        const std::vector<std::string> short_rules{R.t("iro-chart-first"), R.t("iro-chart-second"), R.t("iro-chart-subsequent")};
        auto timeliness = [&](const iro::YearFigures& y, const std::string& id, const std::string& when) {
            CountGrid g;
            g.row_labels = rules;
            g.col_labels = {R.t("iro-status-met"), R.t("iro-status-late"), R.t("iro-status-overdue")};
            g.row_totals = true;
            for (const auto& r : y.timeliness) g.cells.push_back({r[0], r[1], r[2]});
            Value p = R.part(id, R.t("iro-timeliness-heading", {{"year", y.year.label()}}));
            bool hidden = false;
            p.set("table", R.grid(id + "-table", R.t("iro-timeliness-caption", {{"period", when}}), R.t("iro-review-rule"),
                                  g, Report::Shares::OfRow, &hidden));
            const auto& yt = y.year_timeliness;
            push(p, "notes", R.t("iro-timeliness-note", {{"anchors", R.count(static_cast<long>(yt.anchors))},
                                                          {"open", R.count(static_cast<long>(yt.open_at_end.size()))},
                                                          {"outside", R.count(static_cast<long>(yt.reviews_outside_periods))},
                                                          {"short-periods", R.count(static_cast<long>(yt.short_break_periods))},
                                                          {"short-reviews", R.count(static_cast<long>(yt.short_break_reviews))},
                                                          {"end", R.date(y.year.end())}}));
            if (hidden) push(p, "notes", hidden_note);
            parts.push(std::move(p));
        };
        timeliness(cur, "timeliness", period);
        timeliness(prev, "timeliness-before", period_before);
        // The share in time, by rule, both years: drawn only from figures the reader may see.
        auto pct = [](const iro::YearFigures& y, std::size_t r) {
            const long due = y.timeliness[r][0] + y.timeliness[r][1] + y.timeliness[r][2];
            return due ? 100.0 * double(y.timeliness[r][0]) / double(due) : 0.0;
        };
        bool drawable = true;
        for (std::size_t r = 0; r < 3; ++r)
            for (const auto* y : {&prev, &cur})
                for (long v : y->timeliness[r]) drawable = drawable && !R.hide(v);
        if (drawable) {
            Value p = R.part("timeliness-trend", R.t("iro-timeliness-trend-heading"));
            std::vector<std::pair<std::string, std::vector<double>>> cats;
            for (std::size_t r = 0; r < 3; ++r)
                cats.push_back({short_rules[r], {std::round(pct(prev, r) * 10) / 10, std::round(pct(cur, r) * 10) / 10}});
            const double all_before = due_before ? 100.0 * double(prev.timeliness[0][0] + prev.timeliness[1][0] + prev.timeliness[2][0]) / double(due_before) : 0;
            const double all_now = due_now ? 100.0 * double(cur.timeliness[0][0] + cur.timeliness[1][0] + cur.timeliness[2][0]) / double(due_now) : 0;
            cats.push_back({R.t("iro-all-reviews"), {std::round(all_before * 10) / 10, std::round(all_now * 10) / 10}});
            p.set("chart", R.chart(R.t("iro-timeliness-chart"),
                                   R.t("iro-timeliness-chart-description",
                                       {{"before", one_decimal(std::round(all_before * 10) / 10)},
                                        {"now", one_decimal(std::round(all_now * 10) / 10)},
                                        {"year", y_now}, {"year-before", y_before}}),
                                   "%", R.t("iro-review-rule"), {y_before, y_now}, cats, true));
            push(p, "notes", R.t("iro-timeliness-chart-note"));
            parts.push(std::move(p));
        }
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 6. Participation: children by PN code, and parents.
    {
        Value s = section("participation", R.t("iro-participation-heading"));
        Value parts = Value::array();
        {
            CountGrid g;
            for (std::size_t i = 1; i <= 7; ++i) {
                const std::string code = "PN" + std::to_string(i);
                auto m = pn_meanings.find(code);
                g.row_labels.push_back(code + ": " + (m == pn_meanings.end() ? code : m->second));
                g.cells.push_back({prev.participation[i], cur.participation[i]});
            }
            g.col_labels = {y_before, y_now};
            Value p = R.part("children-participation", R.t("iro-participation-children-heading"));
            push(p, "paragraphs", R.t("iro-participation-rate", {{"share", R.share(views(cur), aged_4_plus(cur))},
                                                                  {"before", R.share(views(prev), aged_4_plus(prev))},
                                                                  {"year", y_now}, {"year-before", y_before}}));
            bool hidden = false;
            p.set("table", R.grid("participation-table", R.t("iro-participation-caption", {{"year", y_now}, {"before", y_before}}),
                                  R.t("iro-participation-code"), g, Report::Shares::OfColumn, &hidden));
            push(p, "notes", R.t("iro-participation-pn0", {{"count", R.count(cur.participation[0])},
                                                            {"before", R.count(prev.participation[0])},
                                                            {"year", y_now}, {"year-before", y_before}}));
            if (hidden) push(p, "notes", hidden_note);
            bool drawable = true;
            for (std::size_t i = 1; i <= 7; ++i) drawable = drawable && !R.hide(prev.participation[i]) && !R.hide(cur.participation[i]);
            if (drawable && aged_4_plus(prev) > 0 && aged_4_plus(cur) > 0) {
                std::vector<std::pair<std::string, std::vector<double>>> cats;
                for (std::size_t i = 1; i <= 7; ++i)
                    cats.push_back({"PN" + std::to_string(i),
                                    {std::round(1000.0 * double(prev.participation[i]) / double(aged_4_plus(prev))) / 10,
                                     std::round(1000.0 * double(cur.participation[i]) / double(aged_4_plus(cur))) / 10}});
                p.set("chart", R.chart(R.t("iro-participation-chart"),
                                       R.t("iro-participation-chart-description",
                                           {{"before", std::to_string(percent(views(prev), aged_4_plus(prev)))},
                                            {"now", std::to_string(percent(views(cur), aged_4_plus(cur)))},
                                            {"year", y_now}, {"year-before", y_before}}),
                                       "%", R.t("iro-participation-code"), {y_before, y_now}, cats, true));
            }
            parts.push(std::move(p));
        }
        {
            CountGrid g;
            g.row_labels = {R.t("iro-parents-yes"), R.t("iro-parents-no"), R.t("iro-parents-declined")};
            g.col_labels = {y_before, y_now};
            g.cells = {{prev.parents_yes, cur.parents_yes}, {prev.parents_no, cur.parents_no},
                       {prev.parents_declined, cur.parents_declined}};
            Value p = R.part("parents", R.t("iro-parents-heading"));
            bool hidden = false;
            p.set("table", R.grid("parents-table", R.t("iro-parents-caption", {{"year", y_now}, {"before", y_before}}),
                                  R.t("iro-parents-column"), g, Report::Shares::OfColumn, &hidden));
            push(p, "notes", R.t("iro-parents-note"));
            if (hidden) push(p, "notes", hidden_note);
            parts.push(std::move(p));
        }
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 7. Midway checks and IRO visits.
    {
        Value s = section("monitoring", R.t("iro-monitoring-heading"));
        std::vector<Report::Row> rows;
        rows.push_back(R.count_row(R.t("iro-measure-midway"), prev.midway_checks, cur.midway_checks));
        rows.push_back(R.count_row(R.t("iro-measure-midway-children"), prev.midway_children, cur.midway_children));
        rows.push_back(R.count_row(R.t("iro-measure-visits"), prev.visits, cur.visits));
        rows.push_back(R.count_row(R.t("iro-measure-visit-children"), prev.visit_children, cur.visit_children));
        Value p = R.part("monitoring-table", R.t("iro-monitoring-table-heading"));
        p.set("table", R.table("monitoring-figures", R.t("iro-monitoring-caption", {{"year", y_now}, {"before", y_before}}),
                               {R.t("iro-measure"), y_before, y_now, R.t("iro-direction")}, rows));
        push(p, "notes", R.t("iro-monitoring-note", {{"children", R.count(cur.at_end)}, {"end", end_date}}));
        Value parts = Value::array();
        parts.push(std::move(p));
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 8. The dispute resolution process.
    {
        Value s = section("escalations", R.t("iro-escalations-heading"));
        const auto median = cur.median_days(), median_before = prev.median_days();
        push(s, "paragraphs", R.t("iro-escalations-intro", {{"count", R.count(cur.escalations_opened())},
                                                             {"before", R.count(prev.escalations_opened())},
                                                             {"period", period}}));
        push(s, "paragraphs",
             median ? R.t("iro-escalations-median",
                          {{"days", days_text(*median)}, {"resolved", R.count(static_cast<long>(cur.days_to_resolve.size()))},
                           {"before", median_before ? R.t("iro-days", {{"days", days_text(*median_before)}}) : R.t("iro-none")},
                           {"year-before", y_before}})
                    : R.t("iro-escalations-none-resolved"));
        Value parts = Value::array();
        {
            CountGrid g;
            for (std::size_t i = 0; i < cur.stages.size(); ++i)
                g.row_labels.push_back(msg.knows("iro-stage-name-" + cur.stages[i])
                                           ? R.t("iro-stage-name-" + cur.stages[i])
                                           : R.t(cur.stage_formal[i] ? "iro-stage-formal" : "iro-stage-informal",
                                                 {{"stage", cur.stages[i]}}));
            for (const auto& o : cur.outcomes) g.col_labels.push_back(sentence_case(o));
            g.row_totals = true;
            g.cells = cur.escalations;
            Value p = R.part("by-stage", R.t("iro-escalations-stage-heading"));
            bool hidden = false;
            p.set("table", R.grid("escalations-table", R.t("iro-escalations-stage-caption", {{"period", period}, {"end", end_date}}),
                                  R.t("iro-escalations-stage"), g, Report::Shares::None, &hidden));
            if (hidden) push(p, "notes", hidden_note);
            parts.push(std::move(p));
        }
        if (!cur.themes.ids.empty()) {
            CountGrid g;
            for (const auto& theme : cur.themes.labels) g.row_labels.push_back(sentence_case(theme));
            g.col_labels = {R.t("iro-escalations-count")};
            for (long n : cur.themes.counts) g.cells.push_back({n});
            Value p = R.part("by-theme", R.t("iro-escalations-theme-heading"));
            bool hidden = false;
            p.set("table", R.grid("themes-table", R.t("iro-escalations-theme-caption", {{"period", period}}),
                                  R.t("iro-escalations-theme"), g, Report::Shares::OfColumn, &hidden));
            if (hidden) push(p, "notes", hidden_note);
            parts.push(std::move(p));
        }
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }

    // 9 to 12. The council's own words.
    for (const char* field : {"good-practice", "areas-for-development", "resources", "priorities"}) {
        Value s = section(field, R.t(std::string("iro-narrative-") + field));
        s.set("narrative", *narrative.get(field));
        sections.push(std::move(s));
    }

    // 13. The data, and what was left out of it.
    {
        Value s = section("data", R.t("iro-data-heading"));
        push(s, "paragraphs", R.t("iro-data-sources", {{"year", y_now}, {"before", y_before}}));
        Value parts = Value::array();
        Value p = R.part("left-out", R.t("iro-excluded-heading"));
        if (data.exclusions.empty()) {
            push(p, "paragraphs", R.t("iro-excluded-none"));
        } else {
            push(p, "paragraphs", R.t("iro-excluded-intro", {{"count", whole(static_cast<long>(data.exclusions.size()))}}));
            // Counted by file and the value at fault; in the order first reported.
            std::vector<std::pair<std::string, long>> by_reason;
            auto relative = [&](const std::string& file) {
                auto rel = std::filesystem::path(file).lexically_relative(data_dir);
                return rel.empty() || *rel.begin() == ".." ? std::filesystem::path(file).filename().string() : rel.generic_string();
            };
            for (const auto& e : data.exclusions) {
                const std::string key = R.t("iro-excluded-reason", {{"file", relative(e.file)}, {"field", e.field}});
                auto it = std::find_if(by_reason.begin(), by_reason.end(), [&](const auto& x) { return x.first == key; });
                if (it == by_reason.end()) by_reason.emplace_back(key, 1);
                else ++it->second;
            }
            std::vector<Report::Row> rows;
            long total = 0;
            for (const auto& [reason, n] : by_reason) {
                rows.push_back({reason, {whole(n)}});
                total += n;
            }
            rows.push_back({R.t("iro-total"), {whole(total)}, true});
            // Counts of rows left out say nothing about a child: they are shown as they are.
            p.set("table", R.table("excluded-table", R.t("iro-excluded-caption", {{"year", y_now}, {"before", y_before}}),
                                   {R.t("iro-excluded-column"), R.t("iro-excluded-rows")}, rows));
            if (!is_public) {
                for (const auto& e : data.exclusions) {
                    // The code list's path is where carepack is installed: its name is enough.
                    std::string reason = e.reason;
                    for (const auto* tree : {before.get(), now.get()}) {
                        const std::string list = text_of(*tree, "code_lists");
                        if (auto at = reason.find(list); !list.empty() && at != std::string::npos)
                            reason.replace(at, list.size(), std::filesystem::path(list).filename().string());
                    }
                    Value line(R.t("iro-excluded-line", {{"where", relative(e.file) + e.where.substr(e.file.size())},
                                                         {"reason", reason}}));
                    line.mark(Sensitivity::Professional);
                    push(p, "notes", std::move(line));
                }
            }
        }
        parts.push(std::move(p));
        s.set("parts", std::move(parts));
        sections.push(std::move(s));
    }
    ctx->set("sections", std::move(sections));

    out.template_name = "iro-report";
    out.audience = audience;
    out.title = title;
    out.meta = {{"author", authority.name},
                {"year", y_now},
                {"version", y_now + (is_public ? "-public" : "")},
                {"legal-basis", "Children Act 1989, section 25B; Care Planning, Placement and Case Review (England) "
                                "Regulations 2010 (SI 2010/959), regulations 33 and 36; IRO Handbook (2010)"}};
    out.context = std::move(ctx);
    return out;
}

}  // namespace carepack
