// The pathway plan: a care leaver's plan for leaving care and the years after, made from the
// needs assessment and reviewed at least every six months. Made from the case record's
// `pathway_plan` as of a date: the young person's care leaver status on that date decides which
// regulation governs the plan (Schedule 8 of the Care Planning, Placement and Case Review
// (England) Regulations 2010 while eligible; Schedule 1 of the Care Leavers (England)
// Regulations 2010 once relevant or former relevant), and so which matters it must deal with, in
// that regulation's order. A matter the regulation asks for and the record lacks is shown as
// "not yet written" and reported; actions are done or overdue as of the date; the next review
// and the needs assessment are due by dates computed from the record.
//
// Configuration: <data>/<jurisdiction>/pathway-plan.xml (the regulations, their matters, the
// review interval, the needs assessment deadline), as data, never code.
//
// A young person still looked after and not yet eligible gets, from 15, a short "getting ready
// for your pathway plan" document; a younger child, or anyone 25 or over, is refused with the
// reason.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "carepack/authority.h"
#include "carepack/date.h"
#include "carepack/person.h"
#include "carepack/plugin.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

const ObjectSpec& pathway_plan_law_schema();

// A matter a regulation says the plan must deal with.
struct PlanMatter {
    std::string id;           // the case record's matter id: `accommodation`
    std::string legal_basis;  // `Schedule 1, paragraph 5`
    bool suitability_required = false;  // the accommodation's suitability assessment too
};

// One regulation governing pathway plans, and the care leaver statuses it governs them for.
struct PlanRegulation {
    std::string id, name, legal_basis;
    std::set<CareLeaverStatus> statuses;
    std::vector<PlanMatter> matters;  // in the regulation's own order
    int assessment_months = 3;        // the needs assessment is due within this
    std::string assessment_basis;
    int review_months = 6;            // the plan is reviewed at most this far apart
    std::string review_basis;
};

// What the law of a jurisdiction asks of pathway plans (<data>/<jurisdiction>/pathway-plan.xml).
struct PathwayPlanLaw {
    std::filesystem::path file;
    std::string version;  // the file's content version: every plan made from it says which
    std::vector<PlanRegulation> regulations;
    // Statuses owed no pathway plan by law (qualifying care leavers), with why.
    std::map<CareLeaverStatus, std::string> not_required;
    int duties_end_age = 25;
    std::string duties_end_basis;
    int getting_ready_from_age = 15;

    // The regulation governing the plan of someone with this status, or nullptr.
    const PlanRegulation* regulation_for(CareLeaverStatus status) const;
    // Problems (a missing file, an unknown status or matter id, a matter listed twice) go in
    // `diagnostics` with file and line.
    static PathwayPlanLaw load(const std::string& jurisdiction, Diagnostics& diagnostics);
};

// What an action stands at on a date: done (on or before it), overdue (its date has passed and
// it is not done), or still to do.
enum class ActionState { Done, Overdue, Open };
ActionState action_state(const Date& by, const std::optional<Date>& done, const Date& on);

// The first day from `from` up to and including `until` on which `person` is an eligible child,
// as the record stands (episodes still open are taken to go on). nullopt when there is none.
std::optional<Date> first_eligible_day(const Person& person, const Date& from, const Date& until);

// The next review: `months` after the later of the last review held and the day the plan was
// agreed, of those on or before `on`. nullopt when neither has happened yet.
std::optional<Date> next_review_due(const std::optional<Date>& agreed, const std::vector<Date>& reviews,
                                    int months, const Date& on);

class PathwayPlanKind : public DocumentKind {
public:
    std::string id() const override { return "pathway-plan"; }
    std::string summary() const override;
    Capabilities capabilities() const override;
    bool has_content(const Authority& authority) const override;
    void check_content(const Authority& authority, Diagnostics& diagnostics) const override;
    Composition compose(const KindRequest& request, Diagnostics& diagnostics) const override;
    PersonUse person_use() const override { return PersonUse::Required; }
};

}  // namespace carepack
