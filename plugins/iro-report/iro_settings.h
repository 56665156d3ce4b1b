// What the IRO report takes from data/<jurisdiction>/iro-report.xml: the Handbook's caseload
// range, the suppression threshold, and how the return's codes are grouped for the profile.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "carepack/diagnostics.h"

namespace carepack::iro {

struct CodeGroup {
    std::string id, label;
    std::vector<std::string> codes;
};

struct Grouping {
    std::string field;   // the return's column: ETHNIC, LS, PLACE
    std::string source;  // where the grouping comes from
    std::vector<CodeGroup> groups;
    // The group's index for a code; groups.size() for a code in no group ("Other").
    std::size_t group_of(const std::string& code) const;
};

struct AgeBand {
    std::string id, label;
    int from = 0, to = 0;  // age at the date, inclusive
};

struct Settings {
    std::string file;
    int caseload_min = 0, caseload_max = 0;
    std::string caseload_basis;
    long threshold = 6;  // counts below this are suppressed in a public report
    std::string suppression_source;
    std::vector<AgeBand> age_bands;
    std::string age_source;
    Grouping ethnicity, legal_status, placement;

    // Throws Failure (file:line) when the file is missing, malformed or incomplete.
    static Settings load(const std::filesystem::path& file);
    // data_directory()/data/<jurisdiction>/iro-report.xml
    static Settings for_jurisdiction(const std::string& jurisdiction);
};

}  // namespace carepack::iro
