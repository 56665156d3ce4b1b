// The IRO service's own records, for what the SSDA903 return does not hold: IROs and their
// full-time equivalence, escalations, midway checks, visits and parents' participation in
// reviews. The format is in docs/iro-records.md.
#pragma once

#include "carepack/plugin.h"
#include "carepack/value.h"

namespace carepack {

class IroRecordsSource : public DataSource {
public:
    std::string id() const override { return "iro-records"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    // `input` is a folder holding iro-staff.csv, escalations.csv, midway-checks.csv,
    // iro-visits.csv, parent-participation.csv and, optionally, escalation-stages.csv.
    std::shared_ptr<const Value> read(const std::filesystem::path& input, Diagnostics& diagnostics) const override;
};

}  // namespace carepack
