#include "csv.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace carepack::csv {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return std::string(s.substr(b, e - b));
}

Table parse(std::string_view text, const std::string& file_name) {
    Table t;
    t.file = std::make_shared<const std::string>(file_name);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

    std::vector<Row> rows;
    Row row;
    Field field;
    int line = 1, column = 1;
    bool row_started = false;
    auto end_field = [&] {
        row.fields.push_back(std::move(field));
        field = Field{};
    };
    auto start_field = [&] {
        if (!row_started) {
            row.line = line;
            row_started = true;
        }
        field.line = line;
        field.column = column;
    };
    auto end_row = [&] {
        end_field();
        bool blank = std::all_of(row.fields.begin(), row.fields.end(), [](const Field& f) { return f.text.empty(); });
        if (!blank) rows.push_back(std::move(row));
        row = Row{};
        row_started = false;
    };

    std::size_t i = 0;
    const std::size_t n = text.size();
    start_field();
    while (i < n) {
        char c = text[i];
        if (c == '"' && std::all_of(field.text.begin(), field.text.end(), [](char x) { return x == ' '; })) {
            // A quoted field: to the closing quote, "" standing for one quote.
            field.text.clear();
            const int open_line = line, open_column = column;
            ++i;
            ++column;
            bool closed = false;
            while (i < n) {
                char q = text[i];
                if (q == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field.text += '"';
                        i += 2;
                        column += 2;
                        continue;
                    }
                    ++i;
                    ++column;
                    closed = true;
                    break;
                }
                if (q == '\n') {
                    ++line;
                    column = 1;
                } else if ((static_cast<unsigned char>(q) & 0xC0) != 0x80) {
                    ++column;
                }
                if (!(q == '\r' && i + 1 < n && text[i + 1] == '\n')) field.text += q;
                ++i;
            }
            if (!closed) throw Failure(Location(t.file, open_line, open_column), "this quoted field is never closed");
            // Anything after the closing quote up to the separator is kept, as spreadsheets do.
            continue;
        }
        if (c == ',') {
            end_field();
            ++i;
            ++column;
            start_field();
            continue;
        }
        if (c == '\r' || c == '\n') {
            end_row();
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            ++i;
            ++line;
            column = 1;
            start_field();
            continue;
        }
        field.text += c;
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
        ++i;
    }
    end_row();

    if (!rows.empty()) {
        t.header = std::move(rows.front().fields);
        rows.erase(rows.begin());
    }
    t.rows = std::move(rows);
    return t;
}

Table read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Failure(Location::in_file(file.string()), "cannot read this file");
    std::ostringstream s;
    s << in.rdbuf();
    return parse(s.str(), file.string());
}

std::optional<std::filesystem::path> find_file(const std::filesystem::path& folder,
                                               std::initializer_list<std::string_view> names) {
    std::error_code ec;
    std::vector<std::filesystem::path> found;
    for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
        if (!e.is_regular_file(ec)) continue;
        const auto name = lower(e.path().filename().string());
        for (auto want : names)
            if (name == lower(want)) found.push_back(e.path());
    }
    if (found.empty()) return std::nullopt;
    std::sort(found.begin(), found.end());  // the same file each time if two differ only in case
    return found.front();
}

std::map<std::string, std::size_t> column_index(const Table& t) {
    std::map<std::string, std::size_t> m;
    for (std::size_t i = 0; i < t.header.size(); ++i) m.emplace(lower(trim(t.header[i].text)), i);
    return m;
}

void Exclusions::add(const Location& where, std::string_view table, std::string_view field, std::string_view child,
                     const std::string& reason) {
    Value e = Value::object();
    e.set("file", where.file_name());
    e.set("line", where.line);
    e.set("column", where.column);
    e.set("table", std::string(table));
    e.set("field", std::string(field));
    e.set("child", std::string(child));
    e.set("reason", reason);
    e.where = where;
    list_.push(std::move(e)).mark(Sensitivity::Professional);
    diagnostics_.warning(where, std::string(table) + " row left out: " + reason);
}

std::optional<Date> parse_date(std::string_view text) {
    if (auto d = Date::parse_dmy(text)) return d;
    return Date::parse_iso(text);
}

}  // namespace carepack::csv
