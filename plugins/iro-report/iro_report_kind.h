// The annual IRO report to the corporate parenting board: every figure computed from the
// SSDA903 return and the IRO service's records for a reporting year, beside the year before; the
// narrative and the committee cover sheet from the council's iro-report.xml. Professional by
// default; a public version suppresses small counts and names no IRO.
#pragma once

#include <filesystem>
#include <string>

#include "carepack/authority.h"
#include "carepack/plugin.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

const ObjectSpec& iro_report_schema();

// The council's iro-report.xml, read against the schema; placeholders (`???`, TBC, `[insert
// ...]`, XX) anywhere in it are errors at their file and line.
Value load_iro_narrative(const std::filesystem::path& file, Diagnostics& diagnostics);

class IroReportKind : public DocumentKind {
public:
    std::string id() const override { return "iro-report"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    // False: the report is made from the IRO service's data by `carepack iro-report`, not with
    // the council's public documents (by `check`, `demo` and the site, in every language).
    bool has_content(const Authority& authority) const override;
    void check_content(const Authority& authority, Diagnostics& diagnostics) const override;
    Composition compose(const KindRequest& request, Diagnostics& diagnostics) const override;
    PersonUse person_use() const override { return PersonUse::None; }
};

}  // namespace carepack
