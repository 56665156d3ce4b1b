// A young person as the rules see them: date of birth, care history and the groups they belong
// to. The case-record schema (fields, sensitivity) lives in schema_person.cpp; this is the typed
// view the rules evaluate.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"

namespace carepack {

// One continuous spell of being looked after under one legal status (an SSDA903 episode).
struct CareEpisode {
    Date start;
    std::optional<Date> end;  // none while it continues; the last day looked after otherwise
    std::string legal_status;  // SSDA903 LS code: C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4
    // Part of a pre-planned series of short breaks with a return home after each (legal status
    // V3 or V4, or marked so in the record).
    bool short_break = false;
    Location where;

    bool covers(const Date& day) const { return day >= start && (!end || day <= *end); }
};

enum class CareLeaverStatus {
    None,            // never looked after at 16 or over, and not looked after now
    LookedAfter,     // looked after now, not (yet) eligible
    Eligible,        // 16-17, looked after now, 13 weeks looked after since 14
    Relevant,        // 16-17, was eligible, no longer looked after
    FormerRelevant,  // 18-24, was eligible or relevant
    Qualifying,      // 16-24, looked after at or after 16 but not eligible (s24)
};

// `eligible`, `former-relevant`: the names the rule language uses.
std::string_view status_name(CareLeaverStatus s);
std::optional<CareLeaverStatus> status_from_name(std::string_view name);

struct Person {
    std::string id;              // pseudonymous record id, never a name
    std::string preferred_name;  // what the young person likes to be called
    Date date_of_birth;
    std::vector<CareEpisode> episodes;  // in date order
    std::set<std::string> groups;       // `uasc`, `disabled`, `young-parent`, `in-custody` ...
    std::string preferred_language;     // BCP 47, may be empty
    std::string nhs_number;             // as written in the record; may be empty
    std::vector<std::string> flags;     // sensitive flags' ids (their audiences are on the record)
    Location where;                     // the record's file

    int age_on(const Date& on) const { return age_in_years(date_of_birth, on); }
    bool looked_after_on(const Date& on) const;
    // Days looked after up to and including `on`, over every episode.
    long days_in_care(const Date& on) const;
    // Days looked after from the 14th birthday up to and including `on`, leaving out a
    // pre-planned series of short breaks none of which was over four weeks (Care Planning,
    // Placement and Case Review (England) Regulations 2010 reg 48).
    long qualifying_days_since_14(const Date& on) const;
    CareLeaverStatus status_on(const Date& on) const;
    bool in_group(std::string_view group) const { return groups.count(std::string(group)) != 0; }
};

}  // namespace carepack
