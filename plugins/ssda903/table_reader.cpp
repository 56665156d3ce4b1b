#include "table_reader.h"

#include <algorithm>
#include <charconv>

namespace carepack::tables {

namespace {

std::string normal_name(std::string_view s) {
    std::string n = csv::lower(csv::trim(s));
    for (auto& c : n)
        if (c == '-' || c == ' ') c = '_';
    return n;
}

}  // namespace

Read read_table(const std::filesystem::path& folder, const Spec& spec, Context& ctx, const RowCheck& check) {
    Read out;
    std::optional<std::filesystem::path> file;
    for (const auto& name : spec.file_names) {
        if ((file = csv::find_file(folder, {name}))) break;
    }
    if (!file) {
        if (spec.file_required)
            ctx.diagnostics.error(Location::in_file(folder.string()),
                                  "no " + spec.display + " file here (looked for " + spec.file_names.front() +
                                      ", without regard to case)");
        return out;
    }
    out.file = file->string();
    csv::Table t;
    try {
        t = csv::read_file(*file);
    } catch (const Failure& f) {
        ctx.diagnostics.append(f.diagnostics());
        return out;
    }

    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < t.header.size(); ++i) index.emplace(normal_name(t.header[i].text), i);
    std::vector<std::optional<std::size_t>> at(spec.columns.size());
    bool complete = true;
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        auto it = index.find(normal_name(spec.columns[c].name));
        if (it != index.end()) at[c] = it->second;
        else if (spec.columns[c].column_required) {
            ctx.diagnostics.error(t.at(1, 1), spec.display + " file has no " + spec.columns[c].name +
                                                  " column; its columns are found by their names in the first line");
            complete = false;
        }
    }
    if (!complete) return out;
    std::vector<std::string> keys;
    std::vector<const std::map<std::string, std::string>*> lists;
    for (const auto& col : spec.columns) {
        keys.push_back(normal_name(col.name));
        const std::map<std::string, std::string>* list = nullptr;
        if (ctx.codes && col.type == Type::Code)
            if (auto l = ctx.codes->find(col.name); l != ctx.codes->end()) list = &l->second;
        lists.push_back(list);
    }
    std::optional<std::size_t> child_at;
    if (auto c = index.find("child"); c != index.end()) child_at = c->second;

    csv::Exclusions exclusions(ctx.exclusions, ctx.diagnostics);
    out.rows.as_array().reserve(t.rows.size());
    for (const auto& row : t.rows) {
        ++out.rows_read;
        Value v = Value::object();
        v.as_object().reserve(spec.columns.size());
        v.where = Location(t.file, row.line, 0);
        std::string child;
        if (child_at && *child_at < row.fields.size()) child = csv::trim(row.fields[*child_at].text);
        RowProblem problem;
        Location problem_at = v.where;
        for (std::size_t c = 0; c < spec.columns.size() && problem.reason.empty(); ++c) {
            const Column& col = spec.columns[c];
            const std::string& key = keys[c];
            const csv::Field* f = at[c] && *at[c] < row.fields.size() ? &row.fields[*at[c]] : nullptr;
            const std::string text = f ? csv::trim(f->text) : std::string();
            const Location where = f ? t.at(f->line, f->column) : t.at(row.line, 0);
            if (text.empty()) {
                if (col.value_required && at[c]) {
                    problem = {col.name, col.name + " is empty; it is required"};
                    problem_at = where;
                }
                v.as_object().emplace_back(key, Value());
                continue;
            }
            switch (col.type) {
                case Type::Date: {
                    auto d = ctx.iso_dates_too ? csv::parse_date(text) : Date::parse_dmy(text);
                    if (!d) {
                        problem = {col.name, col.name + " '" + text + "' is not a date" +
                                                 (ctx.iso_dates_too ? " (dd/mm/yyyy or YYYY-MM-DD)" : " (dd/mm/yyyy)")};
                        problem_at = where;
                    } else {
                        v.as_object().emplace_back(key, Value(d->iso()));
                    }
                    break;
                }
                case Type::Code: {
                    const auto* list = lists[c];
                    if (list && !list->count(text)) {
                        problem = {col.name, col.name + " '" + text + "' is not a code of this year's list (" +
                                                 ctx.code_list_file + ")"};
                        problem_at = where;
                    } else {
                        v.as_object().emplace_back(key, Value(text));
                    }
                    break;
                }
                case Type::Number: {
                    double x = 0;
                    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
                    if (ec != std::errc() || end != text.data() + text.size()) {
                        problem = {col.name, col.name + " '" + text + "' is not a number"};
                        problem_at = where;
                    } else {
                        v.as_object().emplace_back(key, Value(x));
                    }
                    break;
                }
                case Type::Choice: {
                    const std::string l = csv::lower(text);
                    if (std::find(col.choices.begin(), col.choices.end(), l) == col.choices.end()) {
                        std::string allowed;
                        for (const auto& ch : col.choices) allowed += (allowed.empty() ? "" : ", ") + ch;
                        problem = {col.name, col.name + " '" + text + "' should be one of " + allowed};
                        problem_at = where;
                    } else {
                        v.as_object().emplace_back(key, Value(l));
                    }
                    break;
                }
                case Type::Text: v.as_object().emplace_back(key, Value(text)); break;
            }
        }
        if (problem.reason.empty() && check) {
            problem = check(v);
            if (!problem.reason.empty()) {
                problem_at = v.where;
                if (auto c = index.find(normal_name(problem.column)); c != index.end() && c->second < row.fields.size())
                    problem_at = t.at(row.fields[c->second].line, row.fields[c->second].column);
            }
        }
        if (!problem.reason.empty()) {
            exclusions.add(problem_at, spec.display, problem.column, child, problem.reason);
            continue;
        }
        v.mark(Sensitivity::Professional);
        out.rows.push(std::move(v));
    }
    return out;
}

}  // namespace carepack::tables
