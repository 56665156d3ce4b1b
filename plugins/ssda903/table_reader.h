// What the two data sources share: a table described by its columns, read from a CSV file by
// header name (in any order), each value checked by its column's type, and each bad row left out
// and listed.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "csv.h"

namespace carepack::tables {

enum class Type { Text, Date, Code, Number, Choice };

struct Column {
    std::string name;              // as the file's header says it, compared without case
    Type type = Type::Text;
    bool column_required = true;   // the header must have it
    bool value_required = false;   // every row must give it
    std::vector<std::string> choices;  // Type::Choice: the values allowed
};

struct Spec {
    std::string key;                      // in the tree: `episodes`
    std::string display;                  // in messages: `Episodes`
    std::vector<std::string> file_names;  // found without case
    bool file_required = true;
    std::vector<Column> columns;
};

// Checks a row's values beyond their types (a review after the year's end ...): returns the
// column at fault and the reason, or an empty reason when the row is good.
struct RowProblem {
    std::string column, reason;
};
using RowCheck = std::function<RowProblem(const Value& row)>;

struct Context {
    Value& exclusions;
    Diagnostics& diagnostics;
    // Code lists by column name (SSDA903); a Code column with no list is read as text.
    const std::map<std::string, std::map<std::string, std::string>>* codes = nullptr;
    // How dates are written: dd/mm/yyyy only (the return), or that or YYYY-MM-DD (IRO records).
    bool iso_dates_too = false;
    std::string code_list_file;  // named in unknown-code messages
};

struct Read {
    Value rows = Value::array();
    std::string file;            // empty when there is no such file
    std::size_t rows_read = 0;   // before exclusions
};

// Reads `spec` from `folder`. A missing required file or column is an error in the diagnostics
// naming the file (and no rows); a bad row is excluded (csv::Exclusions).
Read read_table(const std::filesystem::path& folder, const Spec& spec, Context& ctx, const RowCheck& check = {});

}  // namespace carepack::tables
