#include "health_passport_kind.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "carepack/identity.h"
#include "carepack/load.h"
#include "carepack/locale.h"
#include "carepack/person_record.h"
#include "carepack/pipeline.h"
#include "carepack/template.h"
#include "carepack/translation.h"
#include "carepack/unicode.h"
#include "carepack/working_days.h"

namespace carepack {

const ObjectSpec& immunisation_schedule_schema() {
    static const auto dose = make_spec("dose", {
        integer_field("number").required().attribute(),
        text_field("age").required().attribute().describe("when it is due: 8 weeks, 1 year, 3 years 4 months"),
        text_field("until").attribute().describe("the age from which a missed dose is no longer offered"),
    });
    static const auto vaccine = make_spec("vaccine", {
        text_field("id").required().attribute().describe("the id case records use, e.g. mmr, td-ipv"),
        text_field("message").required().attribute().describe("the catalog message that names it"),
        text_field("name").required().attribute().describe("its English name"),
        text_field("basis").attribute(),
        list_field("doses", dose).xml("dose").required(),
    });
    static const ObjectSpec spec("immunisation-schedule", {
        text_field("jurisdiction").required().attribute(),
        text_field("version").required().attribute(),
        date_field("born-before").attribute().describe("the schedule is for children born before this date"),
        text_field("basis").required().attribute().describe("the guidance the schedule is taken from"),
        list_field("vaccines", vaccine).xml("vaccine").required(),
    });
    return spec;
}

const ObjectSpec& health_guidance_schema() {
    static const auto band = make_spec("band", {
        text_field("id").required().attribute(),
        integer_field("from").required().attribute(),
        integer_field("to").required().attribute(),
    });
    static const auto sdq = make_spec("sdq", {
        integer_field("min").required().attribute(),
        integer_field("max").required().attribute(),
        text_field("source").required().attribute(),
        list_field("bands", band).xml("band").required(),
    });
    static const auto interval = make_spec("interval", {
        integer_field("below-age").required().attribute(),
        integer_field("months").required().attribute(),
    });
    static const auto assessments = make_spec("assessments", {
        integer_field("initial-working-days").required().attribute(),
        text_field("legal-basis").required().attribute(),
        list_field("intervals", interval).xml("interval").required(),
    });
    static const ObjectSpec spec("health-guidance", {
        text_field("jurisdiction").required().attribute(),
        text_field("version").required().attribute(),
        object_field("sdq", sdq).required(),
        object_field("assessments", assessments).required(),
    });
    return spec;
}

Date ScheduleAge::reached(const Date& birth) const {
    return Date::anniversary(birth, years).add_months(months).add_days(7 * static_cast<std::int64_t>(weeks));
}

std::optional<ScheduleAge> ScheduleAge::parse(std::string_view text) {
    std::istringstream in{std::string(text)};
    ScheduleAge age;
    int number = 0;
    std::string unit;
    bool any = false;
    while (in >> number >> unit) {
        if (number < 0) return std::nullopt;
        if (unit == "week" || unit == "weeks") age.weeks += number;
        else if (unit == "month" || unit == "months") age.months += number;
        else if (unit == "year" || unit == "years") age.years += number;
        else return std::nullopt;
        any = true;
    }
    if (!any || !in.eof()) return std::nullopt;
    return age;
}

const ScheduledVaccine* ImmunisationSchedule::vaccine(std::string_view id) const {
    for (const auto& v : vaccines)
        if (v.id == id) return &v;
    return nullptr;
}

ImmunisationSchedule ImmunisationSchedule::load(const Authority& authority, Diagnostics& d) {
    ImmunisationSchedule s;
    // A council may keep its own copy (a newer schedule, or local catch-up practice).
    s.file = authority.dir / "immunisations.xml";
    if (!std::filesystem::exists(s.file))
        s.file = data_directory() / "data" / authority.jurisdiction / "immunisations.xml";
    if (!std::filesystem::exists(s.file)) {
        d.error(Location::in_file(s.file.string()),
                "no immunisation schedule for " + authority.jurisdiction + " (the health passport needs one)");
        return s;
    }
    Value v = load_xml(s.file, immunisation_schedule_schema(), d);
    if (d.has_errors()) return s;
    s.version = text_of(v, "version");
    s.basis = text_of(v, "basis");
    s.born_before = Date::parse_iso(text_of(v, "born-before"));
    std::set<std::pair<std::string, int>> seen;
    for (const auto& vac : v.get("vaccines")->as_array()) {
        ScheduledVaccine sv{text_of(vac, "id"), text_of(vac, "message"), text_of(vac, "name")};
        if (s.vaccine(sv.id)) d.error(vac.where, "the vaccine '" + sv.id + "' is in the schedule twice");
        s.vaccines.push_back(sv);
        for (const auto& dose : vac.get("doses")->as_array()) {
            ScheduledDose sd;
            sd.vaccine = sv.id;
            sd.number = static_cast<int>(dose.get("number")->as_integer());
            if (!seen.insert({sv.id, sd.number}).second)
                d.error(dose.where, "dose " + std::to_string(sd.number) + " of '" + sv.id + "' is in the schedule twice");
            const Value* age = dose.get("age");
            if (auto a = ScheduleAge::parse(age->text())) sd.due = *a;
            else d.error(age->where, "'" + age->text() + "' is not an age such as 8 weeks, 1 year or 3 years 4 months");
            if (const Value* until = dose.get("until")) {
                if (auto a = ScheduleAge::parse(until->text())) sd.until = *a;
                else d.error(until->where, "'" + until->text() + "' is not an age such as 8 weeks, 1 year or 3 years 4 months");
            }
            s.doses.push_back(sd);
        }
    }
    return s;
}

const SdqBand* HealthGuidance::band(int score) const {
    for (const auto& b : sdq_bands)
        if (score >= b.from && score <= b.to) return &b;
    return nullptr;
}

HealthGuidance HealthGuidance::load(const std::string& jurisdiction, Diagnostics& d) {
    HealthGuidance g;
    g.file = data_directory() / "data" / jurisdiction / "health.xml";
    Value v = load_xml(g.file, health_guidance_schema(), d);
    if (d.has_errors()) return g;
    g.version = text_of(v, "version");
    const Value& sdq = *v.get("sdq");
    g.sdq_min = static_cast<int>(sdq.get("min")->as_integer());
    g.sdq_max = static_cast<int>(sdq.get("max")->as_integer());
    g.sdq_source = text_of(sdq, "source");
    // The bands must cover every score once, in order, so each score has exactly one meaning.
    int next = g.sdq_min;
    for (const auto& b : sdq.get("bands")->as_array()) {
        SdqBand band{text_of(b, "id"), static_cast<int>(b.get("from")->as_integer()),
                     static_cast<int>(b.get("to")->as_integer())};
        if (band.from != next || band.to < band.from)
            d.error(b.where, "the SDQ band '" + band.id + "' should start at " + std::to_string(next) +
                                 " and not end before it starts");
        next = band.to + 1;
        g.sdq_bands.push_back(band);
    }
    if (next != g.sdq_max + 1)
        d.error(sdq.where, "the SDQ bands end at " + std::to_string(next - 1) + ", not at " + std::to_string(g.sdq_max));
    const Value& a = *v.get("assessments");
    g.initial_working_days = static_cast<int>(a.get("initial-working-days")->as_integer());
    for (const auto& i : a.get("intervals")->as_array())
        g.intervals.emplace_back(static_cast<int>(i.get("below-age")->as_integer()),
                                 static_cast<int>(i.get("months")->as_integer()));
    std::sort(g.intervals.begin(), g.intervals.end());
    return g;
}

std::string HealthPassportKind::summary() const {
    return "a young person's health passport: contacts, vaccinations still to have, health assessments, SDQ scores";
}

Capabilities HealthPassportKind::capabilities() const {
    Capabilities c;
    c.kinds = {"health-passport"};
    return c;
}

bool HealthPassportKind::has_content(const Authority& authority) const {
    return std::filesystem::exists(authority.dir / "immunisations.xml") ||
           std::filesystem::exists(data_directory() / "data" / authority.jurisdiction / "immunisations.xml");
}

void HealthPassportKind::check_content(const Authority& authority, Diagnostics& diagnostics) const {
    ImmunisationSchedule::load(authority, diagnostics);
    HealthGuidance::load(authority.jurisdiction, diagnostics);
}

namespace {

Value english(std::string_view text) {
    return Value(Markup{"<span lang=\"" + std::string(source_language) + "\">" + xml_escape(text) + "</span>"});
}

std::optional<Date> date_of(const Value& v, std::string_view key) { return Date::parse_iso(text_of(v, key)); }

}  // namespace

Composition HealthPassportKind::compose(const KindRequest& request, Diagnostics& diagnostics) const {
    Composition out;
    const Authority& authority = *request.authority;
    const Catalog& msg = *request.catalog;
    const std::string& lang = request.lang;
    if (!request.person || !request.person_record) {
        diagnostics.error(Location(), "the health passport is a personal document: give --person FILE");
        return out;
    }
    const Person& person = *request.person;
    const Value& record = *request.person_record;
    const Date& on = request.date;
    auto schedule = ImmunisationSchedule::load(authority, diagnostics);
    auto guidance = HealthGuidance::load(authority.jurisdiction, diagnostics);
    if (diagnostics.has_errors()) return out;

    const Value* health = record.get("health");
    if (health && !health->is_object()) health = nullptr;
    auto date_text = [&](const Date& d) { return format_long_date(d, lang); };
    auto long_date = [&](const Value& v, std::string_view key) -> Value {
        auto d = date_of(v, key);
        return d ? Value(date_text(*d)) : Value("");
    };

    // Scores outside the questionnaire's range are a mistake in the record, not a band.
    for (const auto& s : items_of(health, "sdq"))
        if (const Value* score = s.get("score"); score && score->is_integer() &&
                                                  (score->as_integer() < guidance.sdq_min || score->as_integer() > guidance.sdq_max))
            diagnostics.error(score->where, "health.sdq score " + score->text() + " is not an SDQ total difficulties score (" +
                                                std::to_string(guidance.sdq_min) + " to " + std::to_string(guidance.sdq_max) + ")");
    if (diagnostics.has_errors()) return out;

    if (!health)
        diagnostics.warning(person.where, person.id + " has no health section: the health passport says that nothing is recorded yet");
    else {
        if (person.nhs_number.empty()) diagnostics.warning(person.where, person.id + " has no NHS number in the health section");
        if (!health->get("gp")) diagnostics.warning(person.where, person.id + " has no GP in the health section");
    }
    if (schedule.born_before && person.date_of_birth >= *schedule.born_before)
        diagnostics.warning(Location::in_file(schedule.file.string()),
                            "the immunisation schedule (" + schedule.version + ") is for children born before " +
                                schedule.born_before->iso() + "; " + person.id +
                                " was born later: check the vaccinations still to have against the current schedule");

    auto ctx = std::make_shared<Value>(Value::object());
    Value& c = *ctx;
    c.set("lang", lang);
    // Case records are written in English: each text from one is marked so, whatever the
    // document's language, so a screen reader reads it in an English voice.
    c.set("record-lang", std::string(source_language));
    c.set("heading", message_value(msg, "health-heading", {{"name", person.preferred_name}}));
    c.set("title", msg.format("health-heading", {{"name", person.preferred_name}}));
    c.set("identity", person_identity(person, msg, lang, "health-identity-line"));
    c.set("made-line", message_value(msg, "health-made-line", {{"date", date_text(on)}}));
    c.set("no-record", health == nullptr);

    // Who looks after their health.
    Value contacts = Value::array();
    for (const auto& [key, label] : std::vector<std::pair<std::string, std::string>>{
             {"gp", "health-gp"}, {"dentist", "health-dentist"}, {"optician", "health-optician"}, {"nurse", "health-nurse"}}) {
        const Value* who = health ? health->get(key) : nullptr;
        Value v = contact_for_template(who);
        v.set("label", message_value(msg, label));
        v.set("known", who != nullptr);
        contacts.push(std::move(v));
    }
    c.set("contacts", std::move(contacts));

    Value allergies = Value::array();
    for (const auto& a : items_of(health, "allergies")) {
        Value v = Value::object();
        v.set("allergen", copy_of(&a, "allergen"));
        v.set("reaction", copy_of(&a, "reaction"));
        const std::string severity = text_of(a, "severity");
        v.set("severity", severity.empty() ? Value("") : message_value(msg, "health-severity-" + severity));
        allergies.push(std::move(v));
    }
    c.set("allergies", std::move(allergies));

    Value medication = Value::array();
    for (const auto& m : items_of(health, "medication")) {
        Value v = Value::object();
        v.set("name", copy_of(&m, "name"));
        v.set("dose", copy_of(&m, "dose"));
        v.set("frequency", copy_of(&m, "frequency"));
        v.set("for", copy_of(&m, "for"));
        v.set("since", long_date(m, "since"));
        medication.push(std::move(v));
    }
    c.set("medication", std::move(medication));

    Value conditions = Value::array();
    for (const auto& m : items_of(health, "conditions")) {
        Value v = Value::object();
        v.set("name", copy_of(&m, "name"));
        v.set("since", long_date(m, "since"));
        v.set("support", copy_of(&m, "support"));
        conditions.push(std::move(v));
    }
    c.set("conditions", std::move(conditions));

    // Vaccinations: what the record has up to the date, matched to the schedule's doses by
    // vaccine and dose number; a dose recorded without a number counts as the vaccine's first
    // one not yet had.
    auto vaccine_name = [&](const std::string& id) -> Value {
        const ScheduledVaccine* v = schedule.vaccine(id);
        if (v && msg.knows(v->message)) return message_value(msg, v->message);
        return english(v ? v->name : id);
    };
    std::set<std::pair<std::string, int>> had;
    std::vector<std::pair<std::string, const Value*>> unnumbered;
    struct Given {
        Date date;
        std::size_t order;
        Value row;
    };
    std::vector<Given> given;
    std::set<std::string> unknown_vaccines;
    const auto& recorded = items_of(health, "immunisations");
    for (std::size_t i = 0; i < recorded.size(); ++i) {
        const Value& im = recorded[i];
        auto when = date_of(im, "date");
        if (!when || *when > on) continue;  // not yet given on the date
        const std::string id = text_of(im, "vaccine");
        if (!schedule.vaccine(id) && unknown_vaccines.insert(id).second)
            diagnostics.warning(im.get("vaccine")->where, "the vaccine '" + id + "' is not in the immunisation schedule (" +
                                                              schedule.file.filename().string() +
                                                              "): it is shown by its id, in English");
        if (const Value* dose = im.get("dose"); dose && dose->is_integer())
            had.insert({id, static_cast<int>(dose->as_integer())});
        else
            unnumbered.emplace_back(id, &im);
        Value row = Value::object();
        row.set("name", vaccine_name(id));
        row.set("dose", copy_of(&im, "dose"));
        row.set("date", date_text(*when));
        given.push_back({*when, i, std::move(row)});
    }
    for (const auto& [id, im] : unnumbered)
        for (const auto& dose : schedule.doses)
            if (dose.vaccine == id && !had.count({id, dose.number})) {
                had.insert({id, dose.number});
                break;
            }
    std::stable_sort(given.begin(), given.end(), [](const Given& a, const Given& b) { return a.date < b.date; });
    Value given_rows = Value::array();
    for (auto& g : given) given_rows.push(std::move(g.row));
    c.set("given", std::move(given_rows));

    Value outstanding = Value::array();
    for (const auto& dose : schedule.doses) {
        const Date due = dose.due.reached(person.date_of_birth);
        if (due > on) continue;
        if (dose.until && on >= dose.until->reached(person.date_of_birth)) continue;  // no longer offered
        if (had.count({dose.vaccine, dose.number})) continue;
        Value v = Value::object();
        v.set("name", vaccine_name(dose.vaccine));
        v.set("due-line", message_value(msg, "health-due-line", {{"dose", std::to_string(dose.number)}, {"date", date_text(due)}}));
        outstanding.push(std::move(v));
    }
    c.set("all-had", outstanding.size() == 0);
    c.set("outstanding", std::move(outstanding));
    c.set("outstanding-intro", message_value(msg, "health-outstanding-intro", {{"date", date_text(on)}}));

    // Health assessments: each as it happened. One declined or missed is never taken as done:
    // the last assessment is the last one completed, and the next is due from it.
    struct Held {
        Date date;
        const Value* v;
    };
    std::vector<Held> held;
    for (const auto& a : items_of(health, "assessments"))
        if (auto d = date_of(a, "date"); d && *d <= on) held.push_back({*d, &a});
    std::stable_sort(held.begin(), held.end(), [](const Held& a, const Held& b) { return a.date < b.date; });
    Value assessments = Value::array();
    std::optional<Date> last_completed;
    for (const auto& h : held) {
        const std::string outcome = text_of(*h.v, "outcome");
        if (outcome == "completed") last_completed = h.date;
        Value v = Value::object();
        v.set("date", date_text(h.date));
        v.set("type", message_value(msg, "health-assessment-" + text_of(*h.v, "type")));
        v.set("outcome", message_value(msg, "health-outcome-" + outcome));
        v.set("by", copy_of(h.v, "by"));
        v.set("summary", copy_of(h.v, "summary"));
        assessments.push(std::move(v));
    }
    c.set("assessments", std::move(assessments));
    c.set("last-line", last_completed ? message_value(msg, "health-last-assessment", {{"date", date_text(*last_completed)}})
                                      : message_value(msg, "health-no-assessment"));
    Value next_line;
    const Date eighteen = Date::anniversary(person.date_of_birth, 18);
    if (!person.looked_after_on(on) || on >= eighteen) {
        next_line = message_value(msg, "health-next-none");
    } else {
        std::optional<Date> next;
        bool initial = false;
        if (last_completed) {
            const int age_then = person.age_on(*last_completed);
            for (const auto& [below, months] : guidance.intervals)
                if (age_then < below) {
                    next = last_completed->add_months(months);
                    break;
                }
        } else {
            // The start of the period of care the date falls in: episodes that follow on
            // without a gap are one period.
            std::optional<Date> start;
            for (const auto& e : person.episodes) {
                if (e.start > on) break;
                const bool continues = start && std::any_of(person.episodes.begin(), person.episodes.end(), [&](const CareEpisode& p) {
                    return p.end && p.start < e.start && p.end->add_days(1) >= e.start && p.start >= *start;
                });
                if (!continues) start = e.start;
            }
            if (start) {
                // A year the bank holiday file does not cover is an error (Failure), never a
                // deadline counted as if it had no holidays.
                next = WorkingDayCalendar::for_jurisdiction(authority.jurisdiction)
                           ->add_working_days(*start, guidance.initial_working_days);
                initial = true;
            }
        }
        if (!next || *next >= eighteen)
            next_line = message_value(msg, "health-next-none");
        else if (*next < on)
            next_line = message_value(msg, "health-next-overdue", {{"date", date_text(*next)}});
        else
            next_line = message_value(msg, initial ? "health-next-initial" : "health-next-due", {{"date", date_text(*next)}});
    }
    c.set("next-line", std::move(next_line));

    auto checks = [&](std::string_view key) {
        std::vector<Held> list;
        for (const auto& a : items_of(health, key))
            if (auto d = date_of(a, "date"); d && *d <= on) list.push_back({*d, &a});
        std::stable_sort(list.begin(), list.end(), [](const Held& a, const Held& b) { return a.date < b.date; });
        Value rows = Value::array();
        for (const auto& h : list) {
            Value v = Value::object();
            v.set("date", date_text(h.date));
            const std::string outcome = text_of(*h.v, "outcome");
            v.set("outcome", outcome.empty() ? Value("") : message_value(msg, "health-outcome-" + outcome));
            v.set("note", copy_of(h.v, "note"));
            rows.push(std::move(v));
        }
        return rows;
    };
    c.set("dental", checks("dental_checks"));
    c.set("optical", checks("optical_checks"));

    {
        std::vector<Held> list;
        for (const auto& s : items_of(health, "sdq"))
            if (auto d = date_of(s, "date"); d && *d <= on) list.push_back({*d, &s});
        std::stable_sort(list.begin(), list.end(), [](const Held& a, const Held& b) { return a.date < b.date; });
        Value rows = Value::array();
        for (const auto& h : list) {
            const int score = static_cast<int>(h.v->get("score")->as_integer());
            Value v = Value::object();
            v.set("date", date_text(h.date));
            v.set("score", copy_of(h.v, "score"));
            const SdqBand* band = guidance.band(score);
            v.set("band", band ? message_value(msg, "health-sdq-" + band->id) : Value(""));
            rows.push(std::move(v));
        }
        c.set("sdq", std::move(rows));
    }

    const Value* mental = health ? health->get("mental_health") : nullptr;
    c.set("camhs", copy_of(mental, "camhs"));
    c.set("what-helps", copy_of(mental, "support"));

    const Value* birth = health ? health->get("birth") : nullptr;
    const Value* weeks = birth ? birth->get("gestation_weeks") : nullptr;
    const Value* grams = birth ? birth->get("weight_grams") : nullptr;
    c.set("gestation", weeks && weeks->is_integer() ? message_value(msg, "health-gestation-weeks", {{"weeks", weeks->text()}}) : Value(""));
    c.set("weight", grams && grams->is_integer() ? message_value(msg, "health-grams", {{"grams", grams->text()}}) : Value(""));
    c.set("neonatal", copy_of(birth, "neonatal"));
    c.set("development", copy_of(health, "development"));

    // Family health history is about other people: it reaches the young person's passport only
    // when they agreed to see it, and otherwise never enters the template's data at all.
    bool family_agreed = false;
    for (const auto& consent : items_of(&record, "consents")) {
        const Value* given_v = consent.get("given");
        if (text_of(consent, "about") == "family-health-history")
            family_agreed = given_v && given_v->is_bool() && given_v->as_bool();
    }
    const Value* family = health ? health->get("family_history") : nullptr;
    const bool show_family = family && family_agreed && family->sensitivity != Sensitivity::Professional;
    c.set("family-history", show_family ? copy_of(family, "text") : Value(""));
    c.set("family-kept", family != nullptr && !show_family);

    Value stays = Value::array();
    for (const auto& s : items_of(health, "hospital_stays")) {
        auto from = date_of(s, "from");
        if (!from || *from > on) continue;
        Value v = Value::object();
        v.set("from", date_text(*from));
        v.set("to", long_date(s, "to"));
        v.set("hospital", copy_of(&s, "hospital"));
        v.set("reason", copy_of(&s, "reason"));
        stays.push(std::move(v));
    }
    c.set("hospital-stays", std::move(stays));

    // Who may see it: the young person's latest say on sharing the passport, up to the date.
    const Value* sharing = nullptr;
    std::optional<Date> sharing_date;
    for (const auto& consent : items_of(&record, "consents")) {
        auto d = date_of(consent, "date");
        if (text_of(consent, "about") != "share-health-passport" || !d || *d > on) continue;
        if (!sharing_date || *d >= *sharing_date) {
            sharing = &consent;
            sharing_date = d;
        }
    }
    if (sharing) {
        const Value* given_v = sharing->get("given");
        const bool agreed = given_v && given_v->is_bool() && given_v->as_bool();
        c.set("sharing-line", message_value(msg, agreed ? "health-sharing-given" : "health-sharing-refused",
                                            {{"date", date_text(*sharing_date)}}));
    } else {
        c.set("sharing-line", message_value(msg, "health-sharing-not-asked"));
    }

    // Whether each list has anything in it, so the template shows a table or "none recorded".
    for (const auto* key : {"allergies", "medication", "conditions", "outstanding", "given", "assessments", "dental",
                            "optical", "sdq", "hospital-stays"})
        c.set(std::string(key) + "-any", c.get(key)->size() > 0);

    // Everything above is about this young person.
    for (auto& [key, v] : c.as_object())
        if (key != "lang" && key != "record-lang") v.mark(Sensitivity::Personal);

    // The record as read, with its own sensitivities, for a council's own template; the check
    // stage refuses a template that shows from it what a young person may not see (a flag for
    // professionals only). Family history without consent is left out of it altogether.
    Value whole = record;
    if (!show_family)
        if (Value* h = whole.get("health"); h && h->is_object()) {
            auto& fields = h->as_object();
            fields.erase(std::remove_if(fields.begin(), fields.end(), [](const auto& f) { return f.first == "family_history"; }),
                         fields.end());
        }
    c.set("record", std::move(whole));

    Value messages = Value::object();
    for (const auto& [id, text] : msg.resolved()) messages.set(id, message_value(msg, id));
    c.set("msg", std::move(messages));
    c.set("council-lang", authority.default_language());

    out.template_name = "health-passport";
    out.audience = Audience::YoungPerson;
    out.title = msg.format("health-heading", {{"name", person.preferred_name}});
    out.meta = {{"version", schedule.version},
                {"schedule", schedule.basis},
                {"health-data", guidance.version},
                {"sdq-bands", guidance.sdq_source},
                {"author", authority.name}};
    out.context = std::move(ctx);
    return out;
}

}  // namespace carepack
