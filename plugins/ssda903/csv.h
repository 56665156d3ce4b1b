// Reading the comma-separated files councils export: RFC 4180 fields (quoted fields may hold
// commas, doubled quotes and line breaks), with or without a UTF-8 byte-order mark, LF or CRLF
// line ends, and blank lines at the end. Every field knows its line and column, so a problem
// with a value can be pointed at in the file as a spreadsheet user sees it.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"
#include "carepack/value.h"

namespace carepack::csv {

struct Field {
    std::string text;
    int line = 0;    // 1-based, where the field starts
    int column = 0;  // 1-based, in characters
};

struct Row {
    int line = 0;
    std::vector<Field> fields;
};

struct Table {
    std::shared_ptr<const std::string> file;
    std::vector<Field> header;
    std::vector<Row> rows;  // blank lines left out
    Location at(int line, int column) const { return Location(file, line, column); }
};

// Parses `text`. A quote left open at the end of the file is an error at its opening quote
// (thrown as Failure).
Table parse(std::string_view text, const std::string& file_name);
Table read_file(const std::filesystem::path& file);

// The file in `folder` whose name, compared without case, is one of `names`; nullopt when none is.
std::optional<std::filesystem::path> find_file(const std::filesystem::path& folder,
                                               std::initializer_list<std::string_view> names);

// A table's columns by their lower-cased, trimmed header names.
std::map<std::string, std::size_t> column_index(const Table& t);

std::string lower(std::string_view s);
std::string trim(std::string_view s);

// Where a table's rows go wrong: the row is left out, a warning goes in the diagnostics and the
// exclusion is listed in the data source's tree ({file, line, column, field, reason, table,
// child}) so a report can state it.
class Exclusions {
public:
    Exclusions(Value& list, Diagnostics& diagnostics) : list_(list), diagnostics_(diagnostics) {}
    void add(const Location& where, std::string_view table, std::string_view field, std::string_view child,
             const std::string& reason);

private:
    Value& list_;
    Diagnostics& diagnostics_;
};

// Dates in either form councils' systems export: dd/mm/yyyy (the return's own) or YYYY-MM-DD.
std::optional<Date> parse_date(std::string_view text);

}  // namespace carepack::csv
