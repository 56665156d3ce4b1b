// The children looked after return (SSDA903) as its CSV files, read into a Value tree. The shape
// of the tree, and what is checked and left out, is in docs/ssda903.md.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "carepack/plugin.h"
#include "carepack/reviews.h"
#include "carepack/value.h"

namespace carepack {

// One year's code lists: data/<jurisdiction>/ssda903/<year>.xml, field -> code -> meaning.
struct Ssda903Codes {
    std::string file;
    std::map<std::string, std::map<std::string, std::string>> lists;
    // Throws Failure naming the file when it is missing or malformed.
    static Ssda903Codes load(const ReportingYear& year, const std::string& jurisdiction = "england");
};

class Ssda903Source : public DataSource {
public:
    std::string id() const override { return "ssda903"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    // `input` is a folder of one collection year's CSV files, named after the year (2025-26).
    std::shared_ptr<const Value> read(const std::filesystem::path& input, Diagnostics& diagnostics) const override;
    // The same, with the collection year given rather than taken from the folder's name.
    std::shared_ptr<const Value> read(const std::filesystem::path& input, std::optional<ReportingYear> year,
                                      Diagnostics& diagnostics) const;
};

}  // namespace carepack
