#include "iro_records_source.h"

#include <set>

#include "table_reader.h"

namespace carepack {

using tables::Column;
using tables::RowProblem;
using tables::Spec;
using tables::Type;

namespace {

Column text(std::string name, bool value_required = false) { return {std::move(name), Type::Text, true, value_required, {}}; }
Column date(std::string name, bool value_required = false) { return {std::move(name), Type::Date, true, value_required, {}}; }
Column choice(std::string name, std::vector<std::string> choices, bool value_required = true) {
    return {std::move(name), Type::Choice, true, value_required, std::move(choices)};
}

// When the council names no stages of its own (escalation-stages.csv), the usual dispute
// resolution process: an informal stage, then up to three formal ones.
const std::vector<std::string> default_stages = {"informal", "formal-1", "formal-2", "formal-3"};

}  // namespace

std::string IroRecordsSource::summary() const {
    return "reads the IRO service's records (IROs and their FTE, escalations, midway checks, visits, parents' "
           "participation) from a folder of CSV files";
}

Capabilities IroRecordsSource::capabilities() const { return {}; }

std::shared_ptr<const Value> IroRecordsSource::read(const std::filesystem::path& input, Diagnostics& diagnostics) const {
    if (!std::filesystem::is_directory(input))
        throw Failure(Location::in_file(input.string()), "not a folder; give the folder of the IRO records' CSV files");
    auto tree = std::make_shared<Value>(Value::object());
    tree->where = Location::in_file(input.string());
    Value exclusions = Value::array();
    Value files = Value::object();
    Value rows_read = Value::object();
    tables::Context ctx{exclusions, diagnostics, nullptr, true, {}};
    auto keep = [&](const std::string& key, tables::Read r) {
        files.set(key, r.file.empty() ? Value() : Value(r.file));
        rows_read.set(key, static_cast<std::int64_t>(r.rows_read));
        tree->set(key, std::move(r.rows));
    };

    // The council's own stage names, in order, each formal or not.
    std::vector<std::string> stages;
    {
        std::set<std::string> seen;
        Spec s{"escalation_stages", "escalation-stages", {"escalation-stages.csv"}, false,
               {text("stage", true), choice("formal", {"yes", "no"})}};
        auto r = tables::read_table(input, s, ctx, [&](const Value& row) -> RowProblem {
            if (!seen.insert(text_of(row, "stage")).second)
                return {"stage", "the stage '" + text_of(row, "stage") + "' is named twice"};
            return {};
        });
        for (const auto& row : r.rows.as_array()) stages.push_back(text_of(row, "stage"));
        if (r.file.empty()) {
            for (const auto& st : default_stages) {
                Value v = Value::object();
                v.set("stage", st);
                v.set("formal", st == "informal" ? "no" : "yes");
                r.rows.push(std::move(v));
            }
            stages = default_stages;
        }
        keep("escalation_stages", std::move(r));
    }

    std::set<std::string> iros;
    {
        Spec s{"staff", "iro-staff", {"iro-staff.csv"}, true,
               {text("iro_id", true), text("name", true), {"fte", Type::Number, true, true, {}}, date("start", true),
                date("end")}};
        keep("staff", tables::read_table(input, s, ctx, [&](const Value& row) -> RowProblem {
                 const double fte = row.get("fte")->as_number();
                 if (fte <= 0 || fte > 1) return {"fte", "fte should be more than 0 and at most 1 (a full-time IRO is 1)"};
                 auto start = Date::parse_iso(text_of(row, "start")), end = Date::parse_iso(text_of(row, "end"));
                 if (end && *end < *start) return {"end", "the end (" + end->iso() + ") is before the start"};
                 if (!iros.insert(text_of(row, "iro_id")).second)
                     return {"iro_id", "the IRO " + text_of(row, "iro_id") + " is listed twice"};
                 return {};
             }));
    }
    auto known_iro = [&](const Value& row) -> RowProblem {
        const std::string id = text_of(row, "iro_id");
        if (!id.empty() && !iros.count(id)) return {"iro_id", "the IRO " + id + " is not in iro-staff.csv"};
        return {};
    };

    {
        std::set<std::string> ids;
        Spec s{"escalations", "escalations", {"escalations.csv"}, true,
               {text("id", true), text("child", true), text("iro_id"), date("opened", true),
                choice("stage", stages), text("theme", true), date("resolved"), text("outcome")}};
        keep("escalations", tables::read_table(input, s, ctx, [&](const Value& row) -> RowProblem {
                 if (auto p = known_iro(row); !p.reason.empty()) return p;
                 auto opened = Date::parse_iso(text_of(row, "opened")), resolved = Date::parse_iso(text_of(row, "resolved"));
                 if (resolved && *resolved < *opened)
                     return {"resolved", "resolved (" + resolved->iso() + ") before it was opened (" + opened->iso() + ")"};
                 if (!ids.insert(text_of(row, "id")).second)
                     return {"id", "the escalation " + text_of(row, "id") + " is listed twice"};
                 return {};
             }));
    }
    {
        Spec s{"midway_checks", "midway-checks", {"midway-checks.csv"}, true,
               {text("child", true), text("iro_id"), date("date", true), text("outcome")}};
        keep("midway_checks", tables::read_table(input, s, ctx, known_iro));
    }
    {
        Spec s{"visits", "iro-visits", {"iro-visits.csv"}, true,
               {text("child", true), text("iro_id"), date("date", true), text("purpose")}};
        keep("visits", tables::read_table(input, s, ctx, known_iro));
    }
    {
        Spec s{"parent_participation", "parent-participation", {"parent-participation.csv"}, true,
               {text("child", true), date("review_date", true), choice("participated", {"yes", "no", "declined"})}};
        keep("parent_participation", tables::read_table(input, s, ctx));
    }
    tree->set("files", std::move(files));
    tree->set("rows_read", std::move(rows_read));
    tree->set("exclusions", std::move(exclusions));
    return tree;
}

}  // namespace carepack
