#include "ssda903_source.h"

#include <unordered_set>

#include <pugixml.hpp>

#include "carepack/pipeline.h"
#include "table_reader.h"

namespace carepack {

using tables::Column;
using tables::RowProblem;
using tables::Spec;
using tables::Type;

Ssda903Codes Ssda903Codes::load(const ReportingYear& year, const std::string& jurisdiction) {
    Ssda903Codes c;
    const auto path = data_directory() / "data" / jurisdiction / "ssda903" / (year.label() + ".xml");
    c.file = path.string();
    pugi::xml_document doc;
    auto r = doc.load_file(path.c_str());
    if (!r)
        throw Failure(Location::in_file(c.file),
                      r.status == pugi::status_file_not_found
                          ? "there are no SSDA903 code lists for the collection year " + year.label() + " (add this file)"
                          : std::string("cannot read the code lists: ") + r.description());
    for (auto list : doc.child("ssda903-codes").children("list")) {
        auto& codes = c.lists[list.attribute("field").value()];
        for (auto code : list.children("code")) codes[code.attribute("value").value()] = code.text().get();
    }
    if (c.lists.empty()) throw Failure(Location::in_file(c.file), "no <list> of codes in this file");
    return c;
}

namespace {

Column text(std::string name, bool value_required = false) { return {std::move(name), Type::Text, true, value_required, {}}; }
Column optional_text(std::string name) { return {std::move(name), Type::Text, false, false, {}}; }
Column date(std::string name, bool value_required = false) { return {std::move(name), Type::Date, true, value_required, {}}; }
Column optional_date(std::string name) { return {std::move(name), Type::Date, false, false, {}}; }
Column code(std::string name, bool value_required = false) { return {std::move(name), Type::Code, true, value_required, {}}; }
Column optional_code(std::string name) { return {std::move(name), Type::Code, false, false, {}}; }

Spec spec(std::string key, std::string display, std::string file, bool required, std::vector<Column> columns) {
    return {std::move(key), display, {file, "SSDA903_" + file}, required, std::move(columns)};
}

// The return's tables and the columns carepack reads; other columns in a file are ignored.
const std::vector<Spec>& table_specs() {
    static const std::vector<Spec> specs = {
        spec("header", "Header", "Header.csv", true,
             {text("CHILD", true), code("SEX", true), date("DOB", true), code("ETHNIC", true), optional_text("UPN"),
              optional_text("MOTHER"), optional_date("MC_DOB")}),
        spec("episodes", "Episodes", "Episodes.csv", true,
             {text("CHILD", true), date("DECOM", true), code("RNE", true), code("LS", true), code("CIN"),
              code("PLACE", true), code("PLACE_PROVIDER"), date("DEC"), code("REC"), optional_code("REASON_PLACE_CHANGE"),
              optional_text("HOME_POST"), optional_text("PL_POST"), optional_text("URN")}),
        spec("reviews", "Reviews", "Reviews.csv", true,
             {text("CHILD", true), optional_date("DOB"), date("REVIEW", true), code("REVIEW_CODE", true)}),
        spec("uasc", "UASC", "UASC.csv", false,
             {text("CHILD", true), optional_code("SEX"), optional_date("DOB"), date("DUC")}),
        spec("oc2", "OC2", "OC2.csv", false,
             {text("CHILD", true), optional_date("DOB"), optional_text("SDQ_SCORE"), optional_text("SDQ_REASON"),
              optional_text("CONVICTED"), optional_text("HEALTH_CHECK"), optional_text("IMMUNISATIONS"),
              optional_text("TEETH_CHECK"), optional_text("HEALTH_ASSESSMENT"), optional_text("SUBSTANCE_MISUSE"),
              optional_text("INTERVENTION_RECEIVED"), optional_text("INTERVENTION_OFFERED")}),
        spec("oc3", "OC3", "OC3.csv", false,
             {text("CHILD", true), optional_date("DOB"), optional_text("IN_TOUCH"), optional_text("ACTIV"),
              optional_text("ACCOM")}),
        spec("missing", "Missing", "Missing.csv", false,
             {text("CHILD", true), optional_date("DOB"), code("MISSING"), date("MIS_START", true), date("MIS_END")}),
        spec("ad1", "AD1", "AD1.csv", false,
             {text("CHILD", true), optional_date("DOB"), optional_date("DATE_INT"), optional_date("DATE_MATCH"),
              optional_text("FOSTER_CARE"), optional_text("NB_ADOPTR"), optional_text("SEX_ADOPTR"),
              optional_text("LS_ADOPTR")}),
        spec("placed_adoption", "PlacedAdoption", "PlacedAdoption.csv", false,
             {text("CHILD", true), optional_date("DOB"), date("DATE_PLACED", true), date("DATE_PLACED_CEASED"),
              optional_code("REASON_PLACED_CEASED")}),
        // DATE_PERM may be partly unknown (zz/zz/2019 in the DfE's form), so it is kept as written.
        spec("prev_perm", "PrevPerm", "PrevPerm.csv", false,
             {text("CHILD", true), optional_date("DOB"), optional_text("PREV_PERM"), optional_text("LA_PERM"),
              optional_text("DATE_PERM")}),
        spec("sw_episodes", "SWEpisodes", "SWEpisodes.csv", false,
             {text("CHILD", true), text("SW_ID"), date("SW_DECOM", true), date("SW_DEC"), optional_text("SW_REASON")}),
    };
    return specs;
}

}  // namespace

std::string Ssda903Source::summary() const {
    return "reads the children looked after return (SSDA903) from a folder of its CSV files, checking each row "
           "against that year's code lists";
}

Capabilities Ssda903Source::capabilities() const { return {}; }

std::shared_ptr<const Value> Ssda903Source::read(const std::filesystem::path& input, Diagnostics& diagnostics) const {
    return read(input, std::nullopt, diagnostics);
}

std::shared_ptr<const Value> Ssda903Source::read(const std::filesystem::path& input, std::optional<ReportingYear> year,
                                                 Diagnostics& diagnostics) const {
    if (!std::filesystem::is_directory(input))
        throw Failure(Location::in_file(input.string()), "not a folder; give the folder of one year's SSDA903 CSV files");
    if (!year) {
        auto name = input.filename().empty() ? input.parent_path().filename() : input.filename();
        year = ReportingYear::parse(name.string());
    }
    if (!year)
        throw Failure(Location::in_file(input.string()),
                      "cannot tell which collection year this is: name the folder after it (2025-26) or give the year");
    const Ssda903Codes codes = Ssda903Codes::load(*year);
    const Date year_start = year->start(), year_end = year->end();

    auto tree = std::make_shared<Value>(Value::object());
    tree->where = Location::in_file(input.string());
    tree->set("collection_year", year->label());
    tree->set("year_start", year_start.iso());
    tree->set("year_end", year_end.iso());
    tree->set("code_lists", codes.file);
    Value exclusions = Value::array();
    Value files = Value::object();
    Value rows_read = Value::object();
    tables::Context ctx{exclusions, diagnostics, &codes.lists, false, codes.file};

    std::unordered_set<std::string> in_header, with_episode;
    for (const auto& s : table_specs()) {
        tables::RowCheck check;
        if (s.key == "header") {
            check = [&](const Value& row) -> RowProblem {
                if (!in_header.insert(text_of(row, "child")).second)
                    return {"CHILD", "child " + text_of(row, "child") + " is in Header more than once"};
                return {};
            };
        } else if (s.key == "oc3") {
            // Care leavers' outcomes: kept as they are.
        } else {
            check = [&, key = s.key](const Value& row) -> RowProblem {
                const std::string child = text_of(row, "child");
                if (!in_header.count(child)) return {"CHILD", "child " + child + " is not in Header"};
                if (key == "episodes") {
                    auto start = Date::parse_iso(text_of(row, "decom"));
                    auto end = Date::parse_iso(text_of(row, "dec"));
                    if (start && *start > year_end)
                        return {"DECOM", "the episode starts on " + start->iso() + ", after the collection year ends (" +
                                             year_end.iso() + ")"};
                    if (start && end && *end < *start)
                        return {"DEC", "the episode ends (" + end->iso() + ") before it starts (" + start->iso() + ")"};
                    with_episode.insert(child);
                }
                if (key == "reviews") {
                    auto held = Date::parse_iso(text_of(row, "review"));
                    if (held && *held > year_end)
                        return {"REVIEW", "the review is dated " + held->iso() + ", after the collection year ends (" +
                                              year_end.iso() + ")"};
                    if (!with_episode.count(child))
                        return {"CHILD", "child " + child + " has no episode in Episodes, so this review belongs to "
                                                            "no period of care"};
                }
                return {};
            };
        }
        auto r = tables::read_table(input, s, ctx, check);
        files.set(s.key, r.file.empty() ? Value() : Value(r.file));
        rows_read.set(s.key, static_cast<std::int64_t>(r.rows_read));
        tree->set(s.key, std::move(r.rows));
    }
    tree->set("files", std::move(files));
    tree->set("rows_read", std::move(rows_read));
    tree->set("exclusions", std::move(exclusions));
    return tree;
}

}  // namespace carepack
