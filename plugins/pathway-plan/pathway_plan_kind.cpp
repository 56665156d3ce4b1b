#include "pathway_plan_kind.h"

#include <algorithm>
#include <sstream>

#include "carepack/identity.h"
#include "carepack/load.h"
#include "carepack/locale.h"
#include "carepack/pipeline.h"
#include "carepack/template.h"
#include "carepack/translation.h"
#include "carepack/unicode.h"

namespace carepack {

const ObjectSpec& pathway_plan_law_schema() {
    static const auto matter = make_spec("matter", {
        text_field("id").required().attribute().describe("the case record's matter id, e.g. accommodation"),
        text_field("legal-basis").required().attribute(),
        text_field("suitability").attribute().one_of({"required"})
            .describe("the plan must hold the accommodation's suitability assessment"),
    });
    static const auto assessment = make_spec("needs-assessment", {
        integer_field("within-months").required().attribute(),
        text_field("legal-basis").required().attribute(),
    });
    static const auto review = make_spec("review", {
        integer_field("every-months").required().attribute(),
        text_field("legal-basis").required().attribute(),
    });
    static const auto regulation = make_spec("regulation", {
        text_field("id").required().attribute(),
        text_field("statuses").required().attribute().describe("care leaver statuses, separated by spaces"),
        text_field("name").required().attribute(),
        text_field("legal-basis").required().attribute(),
        list_field("matters", matter).xml("matter").required(),
        object_field("needs_assessment", assessment).xml("needs-assessment").required(),
        object_field("review", review).required(),
    });
    static const auto not_required = make_spec("not-required", {
        text_field("status").required().attribute(),
        text_field("legal-basis").required().attribute(),
    });
    static const auto duties_end = make_spec("duties-end", {
        integer_field("age").required().attribute(),
        text_field("legal-basis").required().attribute(),
    });
    static const auto getting_ready = make_spec("getting-ready", {
        integer_field("from-age").required().attribute(),
    });
    static const ObjectSpec spec("pathway-plan-law", {
        text_field("jurisdiction").required().attribute(),
        text_field("version").required().attribute(),
        list_field("regulations", regulation).xml("regulation").required(),
        list_field("not_required", not_required).xml("not-required"),
        object_field("duties_end", duties_end).xml("duties-end").required(),
        object_field("getting_ready", getting_ready).xml("getting-ready").required(),
    });
    return spec;
}

namespace {

std::filesystem::path law_file(const std::string& jurisdiction) {
    return data_directory() / "data" / jurisdiction / "pathway-plan.xml";
}

int integer_of(const Value& v, std::string_view key, int fallback) {
    const Value* f = v.get(key);
    return f && f->is_integer() ? static_cast<int>(f->as_integer()) : fallback;
}

}  // namespace

const PlanRegulation* PathwayPlanLaw::regulation_for(CareLeaverStatus status) const {
    for (const auto& r : regulations)
        if (r.statuses.count(status)) return &r;
    return nullptr;
}

PathwayPlanLaw PathwayPlanLaw::load(const std::string& jurisdiction, Diagnostics& d) {
    PathwayPlanLaw law;
    law.file = law_file(jurisdiction);
    if (!std::filesystem::exists(law.file)) {
        d.error(Location::in_file(law.file.string()),
                "carepack has no pathway plan rules for the jurisdiction '" + jurisdiction +
                    "' yet; pathway plans are built for England only");
        return law;
    }
    Value v = load_xml(law.file, pathway_plan_law_schema(), d);
    if (d.has_errors()) return law;
    law.version = text_of(v, "version");
    std::set<CareLeaverStatus> governed;
    for (const auto& r : v.get("regulations")->as_array()) {
        PlanRegulation reg;
        reg.id = text_of(r, "id");
        reg.name = text_of(r, "name");
        reg.legal_basis = text_of(r, "legal-basis");
        std::istringstream names(text_of(r, "statuses"));
        for (std::string name; names >> name;) {
            auto status = status_from_name(name);
            if (!status || *status == CareLeaverStatus::None || *status == CareLeaverStatus::LookedAfter)
                d.error(r.get("statuses")->where, "'" + name + "' is not a care leaver status a pathway plan is for "
                                                             "(eligible, relevant, former-relevant, qualifying)");
            else if (!governed.insert(*status).second)
                d.error(r.get("statuses")->where, "another regulation already governs the plans of " + name + " young people");
            else
                reg.statuses.insert(*status);
        }
        std::set<std::string> ids;
        for (const auto& m : r.get("matters")->as_array()) {
            PlanMatter matter{text_of(m, "id"), text_of(m, "legal-basis"), text_of(m, "suitability") == "required"};
            if (!ids.insert(matter.id).second)
                d.error(m.get("id")->where, "the matter '" + matter.id + "' is listed twice for " + reg.id);
            reg.matters.push_back(std::move(matter));
        }
        const Value& assessment = *r.get("needs_assessment");
        reg.assessment_months = integer_of(assessment, "within-months", 3);
        reg.assessment_basis = text_of(assessment, "legal-basis");
        const Value& review = *r.get("review");
        reg.review_months = integer_of(review, "every-months", 6);
        reg.review_basis = text_of(review, "legal-basis");
        if (reg.review_months < 1 || reg.assessment_months < 1)
            d.error(r.where, "a regulation's review and needs assessment intervals are at least a month");
        law.regulations.push_back(std::move(reg));
    }
    for (const auto& n : v.get("not_required")->as_array()) {
        auto status = status_from_name(text_of(n, "status"));
        if (!status || governed.count(*status))
            d.error(n.get("status")->where, "'" + text_of(n, "status") +
                                                "' is not a care leaver status without a pathway plan regulation");
        else
            law.not_required[*status] = text_of(n, "legal-basis");
    }
    law.duties_end_age = integer_of(*v.get("duties_end"), "age", 25);
    law.duties_end_basis = text_of(*v.get("duties_end"), "legal-basis");
    law.getting_ready_from_age = integer_of(*v.get("getting_ready"), "from-age", 15);
    if (!law.regulation_for(CareLeaverStatus::Eligible))
        d.error(v.where, "no regulation governs the plans of eligible young people, whose plans start at 16");
    return law;
}

ActionState action_state(const Date& by, const std::optional<Date>& done, const Date& on) {
    if (done && *done <= on) return ActionState::Done;
    return on > by ? ActionState::Overdue : ActionState::Open;
}

std::optional<Date> first_eligible_day(const Person& person, const Date& from, const Date& until) {
    for (Date day = from; day <= until; day = day.add_days(1))
        if (person.status_on(day) == CareLeaverStatus::Eligible) return day;
    return std::nullopt;
}

std::optional<Date> next_review_due(const std::optional<Date>& agreed, const std::vector<Date>& reviews, int months,
                                    const Date& on) {
    std::optional<Date> last;
    if (agreed && *agreed <= on) last = agreed;
    for (const auto& r : reviews)
        if (r <= on && (!last || r > *last)) last = r;
    if (!last) return std::nullopt;
    return last->add_months(months);
}

std::string PathwayPlanKind::summary() const {
    return "a care leaver's pathway plan: every matter the governing regulation asks for, actions done or overdue, "
           "the next review and needs assessment dates";
}

Capabilities PathwayPlanKind::capabilities() const {
    Capabilities c;
    c.kinds = {"pathway-plan"};
    return c;
}

// A plan's content is each young person's record; what the kind needs from carepack is the
// law for the council's jurisdiction, so `carepack check` checks that (check_content) and, the
// kind being personal only, makes no public document of it.
bool PathwayPlanKind::has_content(const Authority& authority) const {
    return std::filesystem::exists(data_directory() / "data" / authority.jurisdiction / "pathway-plan.xml");
}

void PathwayPlanKind::check_content(const Authority& authority, Diagnostics& diagnostics) const {
    PathwayPlanLaw::load(authority.jurisdiction, diagnostics);
}

namespace {

// Case records are written in English: what a social worker typed is shown as it was typed,
// marked as English in a document in another language.
constexpr std::string_view case_lang = source_language;

std::optional<Date> date_of(const Value* object, std::string_view key) {
    const Value* v = field_of(object, key);
    return v ? Date::parse_iso(v->text()) : std::nullopt;
}

// Where a field of the record is, or would be: its own location when the record has it, else
// the file and the field's path.
Location where_in(const Value* record, const Person& person, std::string_view dotted) {
    if (record)
        if (const Value* v = record->find(dotted); v && v->where.known()) return v->where;
    Location l = person.where;
    l.path = "$." + std::string(dotted);
    return l;
}

// The words of the document: catalog messages in its language, dates as its readers write them.
class Words {
public:
    Words(const Catalog& catalog, std::string lang) : msg_(catalog), lang_(std::move(lang)) {
        const auto primary = lang_.substr(0, lang_.find('-'));
        english_ = same_language(primary, "en") || same_language(lang_, case_lang);
    }

    const Catalog& catalog() const { return msg_; }
    std::string date(const Date& d) const { return format_long_date(d, lang_); }
    Value text(std::string_view id, const std::map<std::string, std::string>& args = {}) const {
        return message_value(msg_, id, args);
    }
    std::string plain(std::string_view id, const std::map<std::string, std::string>& args = {}) const {
        return msg_.format(id, args);
    }

    // A sentence in the document's language holding words from the case record (a name, a
    // law's title): each of those inside a span marked as English, so that a screen reader
    // switches voice and an English name keeps its order inside right-to-left text.
    Value sentence(std::string_view id, std::map<std::string, std::string> args,
                   const std::vector<std::pair<std::string, std::string>>& case_words) const {
        if (case_words.empty()) return text(id, args);
        std::vector<std::pair<std::string, std::string>> tokens;
        for (const auto& [name, words] : case_words) {
            // Letters only: ICU passes them through as they are, and escaping leaves them alone.
            std::string token = "CAREPACKCASEWORDS" + std::string(1, static_cast<char>('A' + tokens.size())) + "Z";
            args[name] = token;
            tokens.emplace_back(token, words);
        }
        const bool fell_back = !msg_.has(id) && !english_;
        std::string xml = xml_escape(msg_.format(id, args));
        for (const auto& [token, words] : tokens) {
            const std::string piece = english_ || fell_back
                                          ? xml_escape(words)
                                          : "<span lang=\"" + std::string(case_lang) + "\">" + xml_escape(words) + "</span>";
            for (auto p = xml.find(token); p != std::string::npos; p = xml.find(token, p + piece.size()))
                xml.replace(p, token.size(), piece);
        }
        if (fell_back) xml = "<span lang=\"" + std::string(source_language) + "\">" + xml + "</span>";
        return Value(Markup{xml});
    }

private:
    const Catalog& msg_;
    std::string lang_;
    bool english_ = false;
};

// What kind of document the request gets, decided from the young person's status on the date.
struct Decision {
    enum class Make { Refuse, Statutory, NotRequired, GettingReady } make = Make::Refuse;
    const PlanRegulation* regulation = nullptr;  // Statutory; the one that will apply for GettingReady
    std::string not_required_basis;              // NotRequired
};

Decision decide(const PathwayPlanLaw& law, const Person& person, const Value* record, const Date& on, Diagnostics& d) {
    Decision out;
    const int age = person.age_on(on);
    const CareLeaverStatus status = person.status_on(on);
    const std::string who = person.id + " is " + std::to_string(age) + " on " + on.iso();
    if (age >= law.duties_end_age) {
        d.error(person.where, who + ": duties to care leavers end at " + std::to_string(law.duties_end_age) + " (" +
                                  law.duties_end_basis + "), so there is no pathway plan to make");
        return out;
    }
    if (const PlanRegulation* r = law.regulation_for(status)) {
        out.make = Decision::Make::Statutory;
        out.regulation = r;
        return out;
    }
    if (auto basis = law.not_required.find(status); basis != law.not_required.end()) {
        // A council may still plan with a qualifying care leaver. Make what the record has,
        // marked as not required by law; with nothing in the record there is nothing to make.
        const std::string why = who + " and a " + std::string(status_name(status)) +
                                " care leaver (looked after at or after 16 but never eligible): the law owes advice and "
                                "assistance, not a pathway plan (" + basis->second + ")";
        if (!field_of(record, "pathway_plan")) {
            d.error(person.where, why + "; the record has no pathway plan to show");
            return out;
        }
        d.note(person.where, why + "; the plan in the record is made, marked as not required by law");
        out.make = Decision::Make::NotRequired;
        out.not_required_basis = basis->second;
        // The order of the regulation for those who have left care, for the matters.
        out.regulation = law.regulation_for(CareLeaverStatus::FormerRelevant);
        if (!out.regulation) out.regulation = law.regulation_for(CareLeaverStatus::Eligible);
        return out;
    }
    if (status == CareLeaverStatus::LookedAfter && age >= 18) {
        d.error(person.where, "the record has " + who + " and still looked after, but nobody is looked after after 18: "
                                                        "check the episodes' end dates");
        return out;
    }
    if (status == CareLeaverStatus::LookedAfter && age >= law.getting_ready_from_age) {
        out.make = Decision::Make::GettingReady;
        out.regulation = law.regulation_for(CareLeaverStatus::Eligible);
        return out;
    }
    if (age < 16) {
        d.error(person.where, who + ": a pathway plan starts from the needs assessment at 16" +
                                  (status == CareLeaverStatus::LookedAfter
                                       ? " (from " + std::to_string(law.getting_ready_from_age) +
                                             " carepack makes a short \"getting ready\" version for a young person in care)"
                                       : std::string()));
        return out;
    }
    d.error(person.where, who + " and " + (status == CareLeaverStatus::None ? "not looked after, and was never an eligible "
                                                                             "or relevant child"
                                                                           : "not a care leaver a pathway plan is for") +
                              ": pathway plans are for eligible, relevant and former relevant young people");
    return out;
}

// The matter ids the law names, for telling a typing slip from a matter of the council's own.
std::set<std::string> known_matters(const PathwayPlanLaw& law) {
    std::set<std::string> ids;
    for (const auto& r : law.regulations)
        for (const auto& m : r.matters) ids.insert(m.id);
    return ids;
}

Value matter_heading(const Words& words, const Value& id) {
    const std::string message = "pathway-matter-" + id.text();
    if (words.catalog().knows(message)) return words.text(message);
    Value own = id;  // the record's own words for a matter the law does not name
    return own;
}

Value actions_of(const Words& words, const Value& matter, const Date& on) {
    Value out = Value::array();
    for (const auto& a : items_of(&matter, "actions")) {
        Value row = Value::object();
        row.where = a.where;
        row.set("what", copy_of(&a, "what"));
        row.set("who", copy_of(&a, "who"));
        const auto by = date_of(&a, "by");
        const auto done = date_of(&a, "done");
        row.set("by", by ? Value(words.date(*by)).at(a.get("by")->where) : Value(""));
        row.set("by-iso", by ? by->iso() : std::string());
        const ActionState state = by ? action_state(*by, done, on) : (done && *done <= on ? ActionState::Done : ActionState::Open);
        row.set("done", state == ActionState::Done);
        row.set("overdue", state == ActionState::Overdue);
        row.set("state", state == ActionState::Done      ? words.text("pathway-action-done-on", {{"date", words.date(*done)}})
                         : state == ActionState::Overdue ? words.text("pathway-action-overdue")
                                                         : words.text("pathway-action-open"));
        out.push(std::move(row));
    }
    return out;
}

Value suitability_of(const Words& words, const Value* s) {
    if (!s) return Value(false);
    Value out = Value::object();
    out.where = s->where;
    Value rows = Value::array();
    for (const char* key : {"facilities", "state_of_repair", "safety", "location", "support", "tenancy", "affordability", "view"}) {
        const Value* v = field_of(s, key);
        if (!v || v->text().empty()) continue;
        std::string id = "pathway-suitability-" + std::string(key);
        std::replace(id.begin(), id.end(), '_', '-');
        Value row = Value::object();
        row.set("label", words.text(id));
        row.set("text", *v);
        rows.push(std::move(row));
    }
    out.set("rows", std::move(rows));
    const Value* suitable = field_of(s, "suitable");
    const auto assessed = date_of(s, "assessed");
    out.set("assessed", assessed ? words.text("pathway-suitability-assessed", {{"date", words.date(*assessed)}}) : Value(""));
    out.set("verdict", suitable && suitable->is_bool()
                           ? words.text(suitable->as_bool() ? "pathway-suitability-yes" : "pathway-suitability-no")
                           : Value(""));
    return out;
}

// One matter of the plan, from the record, for the template.
Value matter_value(const Words& words, const Value& id, const Value* matter, const Date& on) {
    Value out = Value::object();
    out.where = matter ? matter->where : id.where;
    out.set("id", id);
    out.set("heading", matter_heading(words, id));
    out.set("written", matter != nullptr);
    out.set("not-written", words.text("pathway-not-written"));
    out.set("extra", false);
    out.set("extra-line", "");
    if (!matter) {
        out.set("need", "");
        out.set("view", "");
        out.set("actions", Value::array());
        out.set("has-actions", false);
        out.set("suitability", false);
        return out;
    }
    out.set("need", copy_of(matter, "need"));
    out.set("view", copy_of(matter, "view"));
    Value actions = actions_of(words, *matter, on);
    out.set("has-actions", actions.size() > 0);
    out.set("actions", std::move(actions));
    out.set("suitability", suitability_of(words, field_of(matter, "suitability")));
    return out;
}

// The matters as the record has them: the regulation's first, in its order (a missing one
// "not yet written" and reported), then any others the record has.
Value matters_for(const Words& words, const PathwayPlanLaw& law, const PlanRegulation* regulation, bool required,
                  const Value* record, const Person& person, const Date& on, Diagnostics& d) {
    const Value* plan = field_of(record, "pathway_plan");
    const auto& recorded = items_of(plan, "matters");
    const auto known = known_matters(law);
    std::string names;
    for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
    std::map<std::string, std::size_t> index;  // id -> first place in the record
    for (std::size_t i = 0; i < recorded.size(); ++i) {
        const std::string id = text_of(recorded[i], "id");
        if (!index.emplace(id, i).second)
            d.warning(recorded[i].where, "the pathway plan has the matter '" + id + "' twice; only the first is shown");
        else if (!known.count(id))
            d.warning(recorded[i].get("id") ? recorded[i].get("id")->where : recorded[i].where,
                      "'" + id + "' is not a matter the law names (" + names + "); it is shown with its id as its heading");
    }
    Value out = Value::array();
    std::set<std::size_t> shown;
    if (regulation && required && !plan)
        d.warning(where_in(record, person, "pathway_plan"),
                  "the record has no pathway plan (`pathway_plan`): each of the " + std::to_string(regulation->matters.size()) +
                      " matters the " + regulation->name + " ask for is shown as not yet written");
    if (regulation)
        for (const auto& rule : regulation->matters) {
            auto at = index.find(rule.id);
            const Value* matter = at == index.end() ? nullptr : &recorded[at->second];
            Value id(rule.id);
            id.where = where_in(record, person, "pathway_plan.matters");
            if (matter) {
                shown.insert(at->second);
                id = *matter->get("id");
            } else if (required) {
                if (plan)  // else said once, above
                    d.warning(where_in(record, person, "pathway_plan.matters"),
                              "the pathway plan has no matter '" + rule.id + "' (`pathway_plan.matters[].id`), which the " +
                                  regulation->name + " ask for (" + rule.legal_basis +
                                  "); the plan shows it as not yet written");
            } else {
                continue;  // a plan the law does not ask for shows what it has
            }
            if (matter && required && rule.suitability_required && !field_of(matter, "suitability"))
                d.warning(matter->where, "the accommodation matter has no suitability assessment (`suitability`), which the " +
                                             regulation->name + " ask for (" + rule.legal_basis + ")");
            out.push(matter_value(words, id, matter, on));
        }
    for (std::size_t i = 0; i < recorded.size(); ++i) {
        if (shown.count(i)) continue;
        const std::string id = text_of(recorded[i], "id");
        if (index.at(id) != i) continue;  // a second copy
        Value v = matter_value(words, *recorded[i].get("id"), &recorded[i], on);
        if (required) {
            v.set("extra", true);
            v.set("extra-line", words.text("pathway-matter-extra"));
        }
        out.push(std::move(v));
    }
    return out;
}

Value contact_value(const Words& words, std::string_view label_id, const Value& c) {
    Value v = contact_for_template(&c);
    v.where = c.where;
    v.set("label", words.text(label_id));
    return v;
}

// Raises what the plugin derived to Personal; fields from the record keep their own
// sensitivity when it is higher.
void at_least_personal(Value& v) {
    if (v.sensitivity == Sensitivity::Public) v.sensitivity = Sensitivity::Personal;
    if (v.is_array())
        for (auto& item : v.as_array()) at_least_personal(item);
    if (v.is_object())
        for (auto& [key, item] : v.as_object()) at_least_personal(item);
}

Value date_row(Value label, Value value, Value overdue_line = Value("")) {
    Value row = Value::object();
    row.set("label", std::move(label));
    row.set("value", std::move(value));
    row.set("overdue-line", std::move(overdue_line));
    return row;
}

}  // namespace

Composition PathwayPlanKind::compose(const KindRequest& request, Diagnostics& diagnostics) const {
    Composition out;
    const Authority& authority = *request.authority;
    if (!request.person) {
        diagnostics.error(Location(), "a pathway plan is a personal document: give --person FILE");
        return out;
    }
    const Person& person = *request.person;
    const Value* record = request.person_record;
    const Date& on = request.date;
    PathwayPlanLaw law = PathwayPlanLaw::load(authority.jurisdiction, diagnostics);
    if (diagnostics.has_errors()) return out;
    const Decision decision = decide(law, person, record, on, diagnostics);
    if (decision.make == Decision::Make::Refuse || diagnostics.has_errors()) return out;

    const Words words(*request.catalog, request.lang);
    const Value* plan = field_of(record, "pathway_plan");
    const int age = person.age_on(on);
    const CareLeaverStatus status = person.status_on(on);
    const bool getting_ready = decision.make == Decision::Make::GettingReady;
    const bool statutory = decision.make == Decision::Make::Statutory;

    auto ctx = std::make_shared<Value>(Value::object());
    Value& c = *ctx;
    c.set("lang", request.lang);
    c.set("case-lang", std::string(case_lang));
    c.set("statutory", statutory);
    c.set("not-required", decision.make == Decision::Make::NotRequired);
    c.set("getting-ready", getting_ready);
    c.set("status", std::string(status_name(status)));

    const std::string title_id = getting_ready ? "pathway-getting-ready-title" : "pathway-title";
    c.set("title", words.sentence(title_id, {}, {{"name", person.preferred_name}}));
    c.set("title-text", words.plain(title_id, {{"name", person.preferred_name}}));

    // Who it is for, near the top, so whoever hands it over can check it is the right person's.
    Value identity = Value::object();
    identity.set("line", words.sentence("pathway-identity-line", {{"date", words.date(person.date_of_birth)}},
                                        {{"name", person.preferred_name}}));
    identity.set("nhs", person.nhs_number.empty() ? std::string() : format_nhs_number(person.nhs_number));
    c.set("identity", std::move(identity));

    // About the plan: the young person's status, the law that governs it, when it was made.
    const std::map<std::string, std::string> today{{"date", words.date(on)}, {"age", std::to_string(age)}};
    if (statutory) c.set("status-line", words.text("pathway-status-" + std::string(status_name(status)), today));
    else if (getting_ready) c.set("status-line", words.text("pathway-ready-not-yet", today));
    else c.set("status-line", words.text("pathway-not-required", today));
    c.set("law-line", statutory ? words.sentence("pathway-law-line", {}, {{"law", decision.regulation->legal_basis}})
                                : Value(""));
    c.set("made-line", words.text("pathway-made-line", {{"date", words.date(on)}}));
    c.set("ready-made-line", words.text("pathway-ready-made-line", {{"date", words.date(on)}}));

    // The needs assessment: done, or due within months of the 16th birthday or of becoming
    // eligible (for a young person getting ready: as their record stands, if care goes on).
    const PlanRegulation& rules = *decision.regulation;
    const Value* assessment = field_of(plan, "needs_assessment");
    const auto completed = date_of(assessment, "completed");
    // The assessment made on becoming eligible (reg 42(1)) is the one every plan grows from; the
    // Care Leavers Regulations' own deadline (reg 5(2)) is for a relevant child without a plan,
    // which an England record's episodes never give (status_on has no such path).
    const PlanRegulation& eligible_rules = *law.regulation_for(CareLeaverStatus::Eligible);
    std::optional<Date> assessment_due;
    {
        const Date sixteen = Date::anniversary(person.date_of_birth, 16);
        const Date last_as_child = Date::anniversary(person.date_of_birth, 18).add_days(-1);
        const auto eligible = getting_ready ? first_eligible_day(person, std::max(on, sixteen), last_as_child)
                                            : first_eligible_day(person, sixteen, std::min(on, last_as_child));
        if (eligible) assessment_due = eligible->add_months(eligible_rules.assessment_months);
    }
    Value dates = Value::array();
    Value assessment_value("");
    if (completed) {
        const std::string by = text_of(*assessment, "by");
        assessment_value = by.empty() ? words.text("pathway-assessment-done", {{"date", words.date(*completed)}})
                                      : words.sentence("pathway-assessment-done-by", {{"date", words.date(*completed)}},
                                                       {{"name", by}});
    } else if (assessment_due) {
        assessment_value = words.text("pathway-due-by", {{"date", words.date(*assessment_due)}});
    } else {
        assessment_value = words.text("pathway-not-recorded");
    }
    Value assessment_late("");  // due "by" a date: late from the day after it
    if (!completed && assessment_due && on > *assessment_due && !getting_ready) {
        assessment_late = words.text("pathway-overdue-since", {{"date", words.date(assessment_due->add_days(1))}});
        diagnostics.warning(where_in(record, person, "pathway_plan.needs_assessment"),
                            "the needs assessment was due by " + assessment_due->iso() + " (" + eligible_rules.name + ", " +
                                eligible_rules.assessment_basis +
                                ") and the record does not say it was done");
    }
    if (!completed && !assessment_due && statutory)
        diagnostics.warning(where_in(record, person, "pathway_plan.needs_assessment"),
                            "the record has no needs assessment (`pathway_plan.needs_assessment.completed`), and when "
                            "it was due cannot be worked out from the episodes");
    Value assessment_row = date_row(words.text("pathway-assessment-label"), assessment_value, assessment_late);
    c.set("assessment-done", completed.has_value());
    c.set("assessment", assessment_row);
    c.set("assessment-due", assessment_due ? words.date(*assessment_due) : std::string());
    if (getting_ready)
        c.set("assessment-line", assessment_due ? words.text("pathway-ready-assessment", {{"date", words.date(*assessment_due)}})
                                                : words.text("pathway-ready-assessment-unknown"));
    if (completed || statutory) dates.push(std::move(assessment_row));

    // Agreed, and the next review: the regulation's interval after the later of the last review
    // and the agreement. Only a plan the law asks for has a review the law sets a date for.
    const auto agreed = date_of(plan, "agreed");
    std::vector<Date> review_dates;
    for (const auto& r : items_of(plan, "reviews"))
        if (auto d = date_of(&r, "date")) review_dates.push_back(*d);
    if (!getting_ready) {
        dates.push(date_row(words.text("pathway-agreed-label"),
                            agreed ? Value(words.date(*agreed)) : words.text("pathway-not-agreed")));
        if (!agreed && statutory)
            diagnostics.warning(where_in(record, person, "pathway_plan.agreed"),
                                "the record does not say when the pathway plan was agreed (`pathway_plan.agreed`)");
    }
    Value review = Value::object();
    const auto due = next_review_due(agreed, review_dates, rules.review_months, on);
    review.set("due", due ? words.date(*due) : std::string());
    review.set("due-iso", due ? due->iso() : std::string());
    review.set("overdue", statutory && due && on > *due);
    if (statutory) {
        Value late("");
        if (due && on > *due) {
            late = words.text("pathway-overdue-since", {{"date", words.date(due->add_days(1))}});
            diagnostics.warning(where_in(record, person, "pathway_plan.reviews"),
                                "the pathway plan was due for review by " + due->iso() + " (" + rules.review_basis + ")");
        }
        dates.push(date_row(words.text("pathway-review-label"),
                            due ? words.text("pathway-due-by", {{"date", words.date(*due)}}) : words.text("pathway-review-unknown"),
                            late));
    }
    c.set("review", std::move(review));
    c.set("dates", std::move(dates));

    // Goals, matters, who was consulted, signatures, reviews.
    Value goals = Value::array();
    for (const auto& g : items_of(plan, "goals")) goals.push(g);
    c.set("has-goals", goals.size() > 0);
    c.set("goals", std::move(goals));

    Value matters = getting_ready ? matters_for(words, law, nullptr, false, record, person, on, diagnostics)
                                  : matters_for(words, law, decision.regulation, statutory, record, person, on, diagnostics);
    if (getting_ready) {
        // What the plan will cover, by name; and what the record already holds.
        Value covers = Value::array();
        for (const auto& m : rules.matters) covers.push(matter_heading(words, Value(m.id)));
        c.set("covers", std::move(covers));
        c.set("has-so-far", matters.size() > 0 || c.get("has-goals")->as_bool() || completed.has_value());
    }
    c.set("matters", std::move(matters));

    Value consulted = Value::array();
    for (const auto& p : items_of(plan, "consulted")) {
        Value v = Value::object();
        v.where = p.where;
        v.set("name", copy_of(&p, "name"));
        v.set("role", copy_of(&p, "role"));
        v.set("how", copy_of(&p, "how"));
        consulted.push(std::move(v));
    }
    c.set("has-consulted", consulted.size() > 0);
    c.set("consulted", std::move(consulted));

    Value signatures = Value::array();
    for (const auto& s : items_of(plan, "signatures")) {
        Value v = Value::object();
        v.where = s.where;
        v.set("name", copy_of(&s, "name"));
        v.set("role", copy_of(&s, "role"));
        const auto when = date_of(&s, "date");
        v.set("date", when ? words.date(*when) : std::string());
        v.set("date-iso", when ? when->iso() : std::string());
        signatures.push(std::move(v));
    }
    c.set("has-signatures", signatures.size() > 0);
    c.set("signatures", std::move(signatures));

    Value reviews = Value::array();
    std::size_t later = 0;
    for (const auto& r : items_of(plan, "reviews")) {
        const auto when = date_of(&r, "date");
        if (when && *when > on) {
            ++later;  // not yet held on the plan's date
            continue;
        }
        Value v = Value::object();
        v.where = r.where;
        v.set("date", when ? words.date(*when) : std::string());
        v.set("date-iso", when ? when->iso() : std::string());
        v.set("by", copy_of(&r, "by"));
        v.set("reason", copy_of(&r, "reason"));
        v.set("summary", copy_of(&r, "summary"));
        reviews.push(std::move(v));
    }
    if (later)
        diagnostics.note(where_in(record, person, "pathway_plan.reviews"),
                         std::to_string(later) + " review" + (later == 1 ? " is" : "s are") + " dated after " + on.iso() +
                             " and left out of the plan as it stood that day");
    c.set("has-reviews", reviews.size() > 0);
    c.set("reviews", std::move(reviews));

    Value contacts = Value::array();
    const std::pair<const char*, const char*> staff[] = {{"personal_adviser", "pathway-contact-personal-adviser"},
                                                         {"social_worker", "pathway-contact-social-worker"},
                                                         {"iro", "pathway-contact-iro"}};
    for (const auto& [key, label] : staff)
        if (const Value* s = field_of(record, key)) contacts.push(contact_value(words, label, *s));
    c.set("has-contacts", contacts.size() > 0);
    c.set("contacts", std::move(contacts));

    // Everything above is about this young person: theirs and their professionals' to see, and
    // what came from the record as far as the record says (never less).
    at_least_personal(c);
    c.at(person.where);
    // Every catalog message, for the template's own words; and the record as read, each field
    // with its own sensitivity, for a council's own template. A field its audience may not see
    // (a flag for professionals only) refuses the document at the check stage.
    Value messages = Value::object();
    for (const auto& [id, text] : request.catalog->resolved()) messages.set(id, message_value(*request.catalog, id));
    c.set("msg", std::move(messages));
    if (record) c.set("record", *record);

    out.template_name = getting_ready ? "getting-ready" : "pathway-plan";
    out.audience = Audience::YoungPerson;
    out.title = words.plain(title_id, {{"name", person.preferred_name}});
    out.meta = {{"version", law.version},
                {"regulation", statutory ? rules.legal_basis
                               : getting_ready ? "not yet required (" + rules.legal_basis + " will apply)"
                                               : "not required by law (" + decision.not_required_basis + ")"},
                {"care-leaver-status", std::string(status_name(status))},
                {"author", authority.name}};
    out.context = std::move(ctx);
    return out;
}

}  // namespace carepack
