// The health passport: a young person's own health history, given around the 16-17 health
// review and before leaving care, because care leavers often cannot ask their family. Made from
// the case record's `health` section as of a date: which routine vaccinations are still to have,
// the last health assessment that took place and when the next is due, SDQ scores in their
// bands, and fixed guidance (registering with a GP, prescriptions, sexual health).
//
// Configuration: the immunisation schedule (<council>/immunisations.xml, else
// <data>/<jurisdiction>/immunisations.xml), the SDQ bands and assessment intervals
// (<data>/<jurisdiction>/health.xml), and the bank holidays working days leave out
// (<data>/<jurisdiction>/bank-holidays.xml, through core's WorkingDayCalendar).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "carepack/authority.h"
#include "carepack/date.h"
#include "carepack/plugin.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

const ObjectSpec& immunisation_schedule_schema();
const ObjectSpec& health_guidance_schema();

// An age as the schedule writes it: "8 weeks", "1 year", "3 years 4 months".
struct ScheduleAge {
    int years = 0, months = 0, weeks = 0;
    // The day someone born on `birth` reaches this age.
    Date reached(const Date& birth) const;
    static std::optional<ScheduleAge> parse(std::string_view text);
};

struct ScheduledDose {
    std::string vaccine;
    int number = 1;
    ScheduleAge due;
    std::optional<ScheduleAge> until;  // no longer offered from this age
};

struct ScheduledVaccine {
    std::string id, message, name;
};

struct ImmunisationSchedule {
    std::filesystem::path file;
    std::string version, basis;
    std::optional<Date> born_before;  // the children it is for
    std::vector<ScheduledVaccine> vaccines;
    std::vector<ScheduledDose> doses;  // in the file's order

    const ScheduledVaccine* vaccine(std::string_view id) const;
    // The council's own <council>/immunisations.xml when it has one, else carepack's for the
    // council's jurisdiction. Problems go in `diagnostics` with file and line.
    static ImmunisationSchedule load(const Authority& authority, Diagnostics& diagnostics);
};

struct SdqBand {
    std::string id;
    int from = 0, to = 0;
};

struct HealthGuidance {
    std::filesystem::path file;
    std::string version;
    int sdq_min = 0, sdq_max = 40;
    std::string sdq_source;
    std::vector<SdqBand> sdq_bands;
    int initial_working_days = 20;
    std::vector<std::pair<int, int>> intervals;  // (below this age, every this many months), ascending

    const SdqBand* band(int score) const;

    static HealthGuidance load(const std::string& jurisdiction, Diagnostics& diagnostics);
};

class HealthPassportKind : public DocumentKind {
public:
    std::string id() const override { return "health-passport"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    bool has_content(const Authority& authority) const override;
    void check_content(const Authority& authority, Diagnostics& diagnostics) const override;
    Composition compose(const KindRequest& request, Diagnostics& diagnostics) const override;
    PersonUse person_use() const override { return PersonUse::Required; }
};

}  // namespace carepack
