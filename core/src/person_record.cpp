#include "carepack/person_record.h"

#include <algorithm>
#include <array>

#include "carepack/load.h"
#include "carepack/unicode.h"

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

namespace {

// Someone who works with the young person, or someone important to them. Staff names and
// contacts are personal: they belong in the young person's own documents, never a public one.
std::shared_ptr<const ObjectSpec> person_contact(std::string name) {
    return make_spec(std::move(name), {
        text_field("name").required(),
        text_field("role").describe("their job or relationship, in the young person's words where they chose them"),
        text_field("organisation"),
        text_field("phone"),
        text_field("email"),
        text_field("address"),
        text_field("note"),
    });
}

std::shared_ptr<const ObjectSpec> pathway_plan_schema() {
    static const auto action = make_spec("action", {
        text_field("what").required().content(),
        text_field("who").required().attribute().describe("who will do it"),
        date_field("by").required().attribute().describe("the date it will be done by"),
        date_field("done").attribute().describe("the date it was done; leave out while it is not"),
    });
    static const auto suitability = make_spec("suitability", {
        text_field("facilities"),
        text_field("state_of_repair").xml("state-of-repair"),
        text_field("safety"),
        text_field("location"),
        text_field("support"),
        text_field("tenancy"),
        text_field("affordability"),
        text_field("view").describe("the young person's view of where they live"),
        boolean_field("suitable").attribute(),
        date_field("assessed").attribute(),
    });
    static const auto matter = make_spec("matter", {
        text_field("id").required().attribute().describe(
            "the matter the regulations name: personal-adviser, contact-and-support, accommodation, "
            "education-and-training, employment, relationships, independent-living, finance, health, "
            "identity, contingency"),
        text_field("need").required().describe("what the young person needs, as assessed"),
        text_field("view").describe("the young person's own view, in their words"),
        list_field("actions", action).xml("action", "actions"),
        object_field("suitability", suitability).describe("accommodation only: the suitability assessment"),
    });
    static const auto signature = make_spec("signature", {
        text_field("name").required().attribute(),
        text_field("role").required().attribute(),
        date_field("date").required().attribute(),
    });
    static const auto consulted = make_spec("consulted", {
        text_field("name").required().attribute(),
        text_field("role").attribute(),
        text_field("how").attribute().describe("met, phoned, wrote ..."),
    });
    static const auto review = make_spec("review", {
        date_field("date").required().attribute(),
        text_field("by").attribute(),
        text_field("reason").attribute().describe("six-monthly, asked for by the young person, a change ..."),
        text_field("summary").content(),
    });
    static const auto assessment = make_spec("needs-assessment", {
        date_field("completed").required().attribute(),
        text_field("by").attribute(),
        text_field("summary").content(),
    });
    static const auto spec = make_spec("pathway-plan", {
        object_field("needs_assessment", assessment).xml("needs-assessment"),
        date_field("agreed").attribute().describe("the date this plan was agreed"),
        list_field("goals", FieldType::Text).xml("goal", "goals"),
        list_field("matters", matter).xml("matter", "matters"),
        list_field("consulted", consulted).xml("person", "consulted"),
        list_field("signatures", signature).xml("signature", "signatures"),
        list_field("reviews", review).xml("review", "reviews"),
    });
    return spec;
}

std::shared_ptr<const ObjectSpec> health_schema() {
    static const auto allergy = make_spec("allergy", {
        text_field("allergen").required().attribute(),
        text_field("reaction").attribute(),
        text_field("severity").attribute().one_of({"mild", "moderate", "severe"}),
    });
    static const auto medication = make_spec("medication", {
        text_field("name").required().attribute(),
        text_field("dose").attribute(),
        text_field("frequency").attribute(),
        text_field("for").attribute().describe("what it is for"),
        date_field("since").attribute(),
    });
    static const auto condition = make_spec("condition", {
        text_field("name").required().attribute(),
        date_field("since").attribute(),
        text_field("support").content().describe("how it is looked after"),
    });
    static const auto immunisation = make_spec("immunisation", {
        text_field("vaccine").required().attribute().describe("the schedule's vaccine id, e.g. mmr, td-ipv"),
        integer_field("dose").attribute(),
        date_field("date").required().attribute(),
    });
    static const auto birth = make_spec("birth", {
        integer_field("gestation_weeks").attribute(),
        integer_field("weight_grams").attribute(),
        text_field("neonatal").content().describe("anything that happened around the birth"),
    });
    static const auto assessment = make_spec("assessment", {
        date_field("date").required().attribute(),
        text_field("type").required().attribute().one_of({"initial", "review"}),
        text_field("outcome").required().attribute().one_of({"completed", "declined", "not-attended"}),
        text_field("by").attribute(),
        text_field("summary").content(),
    });
    static const auto check = make_spec("check", {
        date_field("date").required().attribute(),
        text_field("outcome").attribute().one_of({"completed", "declined", "not-attended"}),
        text_field("note").content(),
    });
    static const auto sdq = make_spec("sdq", {
        date_field("date").required().attribute(),
        integer_field("score").required().attribute().describe("the total difficulties score, 0 to 40"),
    });
    static const auto hospital = make_spec("stay", {
        date_field("from").required().attribute(),
        date_field("to").attribute(),
        text_field("hospital").attribute(),
        text_field("reason").content(),
    });
    static const auto mental_health = make_spec("mental-health", {
        text_field("camhs").describe("involvement with child and adolescent mental health services"),
        text_field("support").describe("what helps now"),
    });
    static const auto family = make_spec("family-history", {
        text_field("text").content(),
    });
    static const auto spec = make_spec("health", {
        text_field("nhs_number").xml("nhs-number").describe("ten digits with a modulus 11 check digit"),
        object_field("gp", person_contact("gp")),
        object_field("dentist", person_contact("dentist")),
        object_field("optician", person_contact("optician")),
        object_field("nurse", person_contact("nurse")).describe("the looked-after children's nurse"),
        list_field("allergies", allergy).xml("allergy", "allergies"),
        list_field("medication", medication).xml("medicine", "medication"),
        list_field("conditions", condition).xml("condition", "conditions"),
        list_field("immunisations", immunisation).xml("immunisation", "immunisations"),
        object_field("birth", birth),
        text_field("development"),
        object_field("family_history", family).xml("family-history")
            .describe("about other people: shown to the young person only with their consent (consents: family-health-history)"),
        list_field("assessments", assessment).xml("assessment", "assessments"),
        list_field("dental_checks", check).xml("check", "dental-checks"),
        list_field("optical_checks", check).xml("check", "optical-checks"),
        list_field("sdq", sdq).xml("sdq", "sdq-scores"),
        object_field("mental_health", mental_health).xml("mental-health"),
        list_field("hospital_stays", hospital).xml("stay", "hospital-stays"),
    });
    return spec;
}

}  // namespace

const ObjectSpec& person_schema() {
    static const auto episode = make_spec("episode", {
        date_field("start").required().attribute(),
        date_field("end").attribute().describe("the last day looked after; leave out while it continues"),
        text_field("legal_status").required().attribute().describe("SSDA903 legal status code, e.g. C2"),
        boolean_field("short_break").attribute(),
    });
    static const auto consent = make_spec("consent", {
        text_field("about").required().attribute().one_of(
            {"family-health-history", "share-health-passport", "share-with-partners", "photographs"}),
        boolean_field("given").required().attribute(),
        date_field("date").required().attribute(),
        text_field("note").content(),
    });
    static const auto flag = make_spec("flag", {
        text_field("id").required().attribute().describe("asylum-claim, trafficking-risk, exploitation-risk ..."),
        // An element of its own, not the flag's text: in XML an element with text holds no
        // other elements, and the audiences must be able to sit beside the note.
        text_field("note").xml("note"),
        list_field("audiences", FieldType::Text).xml("audience", "audiences").describe(
            "who may see it: young-person, professional; a document for any other audience that "
            "shows it is refused"),
    });
    static const auto name = make_spec("name", {
        text_field("given").required().attribute(),
        text_field("family").required().attribute(),
    });
    static const ObjectSpec spec("person", {
        text_field("id").required().attribute().sensitive(Sensitivity::Personal)
            .describe("the pseudonymous record id"),
        text_field("preferred_name").required().sensitive(Sensitivity::Personal),
        object_field("legal_name", name).sensitive(Sensitivity::Personal).xml("legal-name"),
        date_field("date_of_birth").required().sensitive(Sensitivity::Personal),
        text_field("preferred_language").sensitive(Sensitivity::Personal),
        text_field("communication_needs").sensitive(Sensitivity::Personal).xml("communication-needs")
            .describe("how the young person likes to be told things: an interpreter, easy read, large print ..."),
        boolean_field("interpreter").sensitive(Sensitivity::Personal),
        list_field("groups", FieldType::Text).xml("group", "groups").sensitive(Sensitivity::Personal),
        list_field("episodes", episode).xml("episode", "episodes").sensitive(Sensitivity::Personal),
        object_field("personal_adviser", person_contact("personal-adviser")).xml("personal-adviser")
            .sensitive(Sensitivity::Personal),
        object_field("social_worker", person_contact("social-worker")).xml("social-worker")
            .sensitive(Sensitivity::Personal),
        object_field("iro", person_contact("iro")).sensitive(Sensitivity::Personal),
        list_field("contacts", person_contact("contact")).xml("contact", "contacts").sensitive(Sensitivity::Personal),
        object_field("pathway_plan", pathway_plan_schema())
            .xml("pathway-plan").sensitive(Sensitivity::Personal),
        object_field("health", health_schema())
            .sensitive(Sensitivity::Personal),
        list_field("consents", consent).xml("consent", "consents").sensitive(Sensitivity::Personal),
        list_field("flags", flag).xml("flag", "flags").sensitive(Sensitivity::Professional),
    });
    return spec;
}

Value contact_for_template(const Value* contact) {
    Value v = Value::object();
    for (const char* key : {"name", "role", "organisation", "address", "phone", "email"}) v.set(key, copy_of(contact, key));
    const std::string phone = contact ? text_of(*contact, "phone") : "";
    const std::string email = contact ? text_of(*contact, "email") : "";
    v.set("phone-uri", phone.empty() ? std::string() : phone_uri(phone));
    v.set("email-uri", email.empty() ? std::string() : "mailto:" + email);
    return v;
}

bool valid_nhs_number(std::string_view text) {
    std::string digits;
    for (char c : text) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != ' ' && c != '-') return false;
    }
    if (digits.size() != 10) return false;
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) return false;  // no number has this check digit
    return check == digits[9] - '0';
}

bool is_fictional_nhs_number(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (c >= '0' && c <= '9') digits += c;
    return digits.size() == 10 && digits.compare(0, 3, "999") == 0;
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
    if (Value* health = r.value.get("health")) {
        if (const Value* nhs = health->get("nhs_number")) {
            p.nhs_number = nhs->text();
            if (!valid_nhs_number(p.nhs_number))
                diagnostics.error(nhs->where, "'" + p.nhs_number +
                                                  "' is not an NHS number: ten digits whose last is the modulus 11 "
                                                  "check digit of the other nine");
        }
        // Family health history is about other people. The young person sees it only when they
        // have agreed to (a consent about family-health-history, given); otherwise it stays with
        // professionals, and a young person's document that shows it is refused.
        if (Value* family = health->get("family_history")) {
            bool agreed = false;
            if (const Value* consents = r.value.get("consents"))
                for (const auto& c : consents->as_array()) {
                    const Value* given = c.get("given");
                    if (text_of(c, "about") == "family-health-history") agreed = given && given->is_bool() && given->as_bool();
                }
            family->mark(agreed ? Sensitivity::Personal : Sensitivity::Professional);
        }
    }
    // Each sensitive flag goes only as far as its audiences allow: to the young person's own
    // documents if it names young-person, else to professionals only. Never to the public.
    if (Value* flags = r.value.get("flags")) {
        for (auto& f : flags->as_array()) {
            bool young_person = false;
            if (const Value* audiences = f.get("audiences"))
                for (const auto& a : audiences->as_array()) {
                    const std::string name = a.text();
                    if (name == "young-person") young_person = true;
                    else if (name != "professional")
                        diagnostics.error(a.where, "a flag's audience is young-person or professional, not '" + name + "'" +
                                                       (name == "public" ? ": a sensitive flag is never public" : ""));
                }
            f.mark(young_person ? Sensitivity::Personal : Sensitivity::Professional);
            p.flags.push_back(text_of(f, "id"));
        }
        // The list itself says only how many there are; each flag carries its own reach, so a
        // young person's document may list the flags meant for them and is refused the others.
        flags->sensitivity = Sensitivity::Personal;
    }
    return r;
}

}  // namespace carepack
