#include "carepack/person_record.h"

#include <algorithm>
#include <array>

#include "carepack/load.h"

namespace carepack {

bool known_legal_status(std::string_view code) {
    // SSDA903 legal status codes: care orders (C1, C2), police protection and emergency
    // protection (L1, L2), detention and remand (J1, J2, J3, L3), placement orders (E1, D1),
    // section 20 accommodation (V2) and short breaks (V3 single, V4 series).
    static constexpr std::array<std::string_view, 13> codes = {"C1", "C2", "D1", "E1", "J1", "J2", "J3",
                                                               "L1", "L2", "L3", "V2", "V3", "V4"};
    for (auto c : codes)
        if (c == code) return true;
    return false;
}

const ObjectSpec& person_schema() {
    static const auto episode = make_spec("episode", {
        date_field("start").required().attribute(),
        date_field("end").attribute().describe("the last day looked after; leave out while it continues"),
        text_field("legal_status").required().attribute().describe("SSDA903 legal status code, e.g. C2"),
        boolean_field("short_break").attribute(),
    });
    static const ObjectSpec spec("person", {
        text_field("id").required().attribute().sensitive(Sensitivity::Personal)
            .describe("the pseudonymous record id"),
        text_field("preferred_name").required().sensitive(Sensitivity::Personal),
        date_field("date_of_birth").required().sensitive(Sensitivity::Personal),
        text_field("preferred_language").sensitive(Sensitivity::Personal),
        list_field("groups", FieldType::Text).xml("group", "groups").sensitive(Sensitivity::Personal),
        list_field("episodes", episode).xml("episode", "episodes").sensitive(Sensitivity::Personal),
    });
    return spec;
}

PersonRecord load_person(const std::filesystem::path& file, Diagnostics& diagnostics) {
    PersonRecord r;
    r.value = load_record(file, person_schema(), diagnostics);
    Person& p = r.person;
    p.where = Location::in_file(file.string());
    auto text = [&](std::string_view key) {
        const Value* v = r.value.get(key);
        return v ? v->text() : std::string();
    };
    p.id = text("id");
    p.preferred_name = text("preferred_name");
    p.preferred_language = text("preferred_language");
    if (auto dob = Date::parse_iso(text("date_of_birth"))) p.date_of_birth = *dob;
    if (const Value* groups = r.value.get("groups"))
        for (const auto& g : groups->as_array()) p.groups.insert(g.text());
    if (const Value* eps = r.value.get("episodes")) {
        for (const auto& e : eps->as_array()) {
            CareEpisode ep;
            ep.where = e.where;
            const Value* start = e.get("start");
            const Value* end = e.get("end");
            const Value* ls = e.get("legal_status");
            const Value* sb = e.get("short_break");
            if (start)
                if (auto d = Date::parse_iso(start->text())) ep.start = *d;
            if (end)
                if (auto d = Date::parse_iso(end->text())) ep.end = *d;
            if (ls) {
                ep.legal_status = ls->text();
                if (!known_legal_status(ep.legal_status))
                    diagnostics.error(ls->where, "unknown legal status '" + ep.legal_status +
                                                     "'; expected an SSDA903 code such as C1, C2, E1, V2, V3, V4");
            }
            ep.short_break = (sb && sb->is_bool() && sb->as_bool()) || ep.legal_status == "V3" || ep.legal_status == "V4";
            if (ep.end && *ep.end < ep.start && end)
                diagnostics.error(end->where, "the episode ends (" + ep.end->iso() + ") before it starts (" +
                                                  ep.start.iso() + ")");
            if (ep.start < p.date_of_birth && start)
                diagnostics.error(start->where, "the episode starts before the date of birth");
            p.episodes.push_back(ep);
        }
        std::stable_sort(p.episodes.begin(), p.episodes.end(),
                         [](const CareEpisode& a, const CareEpisode& b) { return a.start < b.start; });
    }
    return r;
}

}  // namespace carepack
