#include "pledge_kind.h"

#include <algorithm>
#include <optional>
#include <set>

#include "carepack/identity.h"
#include "carepack/load.h"
#include "carepack/locale.h"
#include "carepack/pipeline.h"
#include "carepack/template.h"
#include "carepack/translation.h"
#include "carepack/unicode.h"

namespace carepack {

const ObjectSpec& pledge_schema() {
    static const auto promise = make_spec("promise", {
        text_field("id").required().attribute(),
        text_field("when").attribute().describe("a condition in carepack's rule language"),
        markup_field("text").content().required().translatable(),
    });
    static const auto theme = make_spec("theme", {
        text_field("id").required().attribute(),
        text_field("heading").required().translatable(),
        list_field("promises", promise).xml("promise").required(),
    });
    static const auto signatory = make_spec("signatory", {text_field("role").required().attribute()});
    static const auto contact = make_spec("contact", {text_field("ref").required().attribute()});
    static const ObjectSpec spec("pledge", {
        text_field("id").required().attribute(),
        text_field("version").required().attribute(),
        date_field("adopted").attribute(),
        date_field("review-date").required().attribute(),
        text_field("applies-to").required().attribute().one_of({"looked-after", "placed-here"}),
        text_field("title").required().translatable(),
        text_field("subtitle").translatable(),
        text_field("legal-basis").required().describe("the statute the pledge answers to"),
        text_field("written-with").translatable(),
        markup_field("preamble").blocks().required().translatable(),
        list_field("summary", FieldType::Text).xml("item", "summary").required().translatable(),
        list_field("themes", theme).xml("theme").required(),
        list_field("signatories", signatory).xml("signatory", "signatories"),
        list_field("contacts", contact).xml("contact"),
    });
    return spec;
}

namespace {

std::filesystem::path pledge_file(const Authority& a) { return a.dir / "pledge.xml"; }

std::vector<std::filesystem::path> pledge_files(const Authority& a) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::exists(pledge_file(a))) files.push_back(pledge_file(a));
    std::vector<std::filesystem::path> more;
    if (std::filesystem::is_directory(a.dir))
        for (const auto& e : std::filesystem::directory_iterator(a.dir)) {
            const std::string name = e.path().filename().string();
            if (name.rfind("pledge-", 0) == 0 && e.path().extension() == ".xml") more.push_back(e.path());
        }
    std::sort(more.begin(), more.end());
    files.insert(files.end(), more.begin(), more.end());
    return files;
}


}  // namespace

std::vector<PledgeContent> PledgeContent::load_all(const Authority& authority, Diagnostics& d) {
    std::vector<PledgeContent> all;
    std::set<std::string> ids, audiences;
    for (const auto& file : pledge_files(authority)) {
        all.push_back(load(authority, file, d));
        const Value* id = all.back().value.get("id");
        const Value* to = all.back().value.get("applies-to");
        if (id && !ids.insert(id->text()).second)
            d.error(id->where, "another pledge file already has the id '" + id->text() + "'");
        if (to && !audiences.insert(to->text()).second)
            d.error(to->where, "another pledge file is already to the children it applies to (" + to->text() + ")");
    }
    return all;
}

PledgeContent PledgeContent::load(const Authority& authority, const std::filesystem::path& file, Diagnostics& d) {
    PledgeContent c;
    c.file = file;
    c.value = load_xml(file, pledge_schema(), d);
    std::set<std::string> ids;
    auto unique = [&](const Value& owner) {
        const Value* id = owner.get("id");
        if (id && !ids.insert(id->text()).second)
            d.error(id->where, "the id '" + id->text() + "' is used twice in the pledge");
    };
    if (const Value* themes = c.value.get("themes")) {
        for (const auto& theme : themes->as_array()) {
            unique(theme);
            auto& row = c.conditions.emplace_back();
            if (const Value* promises = theme.get("promises"))
                for (const auto& p : promises->as_array()) {
                    unique(p);
                    Condition cond;
                    if (const Value* when = p.get("when")) {
                        try {
                            cond = Condition::parse(when->text(), when->where);
                        } catch (const Failure& f) {
                            d.append(f.diagnostics());
                        }
                    }
                    row.push_back(std::move(cond));
                }
        }
    }
    if (const Value* contacts = c.value.get("contacts"))
        for (const auto& ref : contacts->as_array())
            if (!authority.contact(text_of(ref, "ref")))
                d.error(ref.where, "the pledge names the contact '" + text_of(ref, "ref") +
                                       "', which authority.xml does not have");
    return c;
}

std::string PledgeKind::summary() const {
    return "the council's pledge to children in care, public or a personal copy (promises whose conditions hold)";
}

Capabilities PledgeKind::capabilities() const {
    Capabilities c;
    c.kinds = {"pledge"};
    return c;
}

std::vector<DocumentKind::ContentFile> PledgeKind::content(const Authority& authority, Diagnostics& diagnostics) const {
    std::vector<ContentFile> files;
    for (auto& p : PledgeContent::load_all(authority, diagnostics))
        files.push_back(ContentFile{p.file, std::make_shared<const Value>(std::move(p.value))});
    return files;
}

std::vector<std::string> PledgeKind::parts(const Authority& authority) const {
    Diagnostics ignored;  // check_content reports them
    std::vector<std::string> ids;
    auto all = PledgeContent::load_all(authority, ignored);
    if (all.size() < 2) return ids;
    for (const auto& p : all) ids.push_back(text_of(p.value, "id"));
    return ids;
}

bool PledgeKind::has_content(const Authority& authority) const { return !pledge_files(authority).empty(); }

void PledgeKind::check_content(const Authority& authority, Diagnostics& diagnostics) const {
    for (const auto& content : PledgeContent::load_all(authority, diagnostics))
        if (const Value* review = content.value.get("review-date"))
            if (auto due = Date::parse_iso(review->text()); due && *due < Date::today())
                diagnostics.warning(review->where, "the pledge was due for review on " + due->iso() +
                                                       "; councils review their pledge every one to three years");
}


Composition PledgeKind::compose(const KindRequest& request, Diagnostics& diagnostics) const {
    const Authority& authority = *request.authority;
    const Catalog& msg = *request.catalog;
    auto all = PledgeContent::load_all(authority, diagnostics);
    Composition out;
    if (diagnostics.has_errors()) return out;
    if (all.empty()) {
        diagnostics.error(Location::in_file(pledge_file(authority).string()), "the council has no pledge");
        return out;
    }
    // Which pledge: the one asked for; for a young person placed here by another council, the
    // pledge to them; otherwise the pledge to the children the council looks after.
    auto with = [&](std::string_view key, std::string_view value) -> PledgeContent* {
        for (auto& p : all)
            if (text_of(p.value, key) == value) return &p;
        return nullptr;
    };
    PledgeContent* chosen = nullptr;
    if (!request.part.empty()) {
        chosen = with("id", request.part);
        if (!chosen) {
            std::string ids;
            for (const auto& p : all) ids += (ids.empty() ? "" : ", ") + text_of(p.value, "id");
            diagnostics.error(Location::in_file(authority.dir.string()), "the council has no pledge '" + request.part +
                                                                              "' (it has: " + ids + ")");
            return out;
        }
    } else if (request.person && request.person->in_group("placed-here")) {
        chosen = with("applies-to", "placed-here");
    }
    if (!chosen) chosen = with("applies-to", "looked-after");
    if (!chosen) chosen = &all.front();
    PledgeContent& content = *chosen;

    // The pledge in the document's language: each text translated where there is a usable
    // translation, else in English marked as English.
    LocaliseReport translations;
    const Value pledge = localise(content.value, {request.lang, request.allow_draft_translations}, translations);
    report_fallbacks(translations, request.lang, Location::in_file(content.file.string()), diagnostics);
    const Person* person = request.person;
    bool personal = person != nullptr;

    auto ctx = std::make_shared<Value>(Value::object());
    ctx->set("lang", request.lang);
    ctx->set("personal", personal);
    Value council = Value::object();
    council.set("name", authority.name);
    council.set("short-name", authority.short_name);
    council.set("website", authority.website);
    ctx->set("council", std::move(council));
    // Where the whole pledge is online: the council's local offer site, which has it, else
    // the council's website.
    const std::string online = authority.site.url.empty() ? authority.website : authority.site.url;
    Value address = Value::object();
    address.set("href", online);
    address.set("text", web_address_text(online));  // empty when there is none: no section
    ctx->set("online", std::move(address));
    Value about = Value::object();  // the pledge's own fields; its themes come filtered below
    about.where = pledge.where;
    for (const auto& [key, v] : pledge.as_object())
        if (key != "themes" && key != "contacts") about.set(key, v);
    about.set("title-text", plain_text(*pledge.get("title")));  // for attributes: no markup
    ctx->set("pledge", std::move(about));
    ctx->set("draft-notice", "");  // empty: no notice
    ctx->set("draft-notice-english", "");
    if (translations.drafts_used > 0) {
        // Drafts were asked for: say so, in the document's language and in English.
        ctx->set("draft-notice", msg.get("draft-translation-notice"));
        if (request.catalog->lang() != source_language) {
            Value english(Markup{"<span lang=\"" + std::string(source_language) + "\">" +
                                 xml_escape(msg.english("draft-translation-notice")) + "</span>"});
            ctx->set("draft-notice-english", std::move(english));
        }
    }

    Value themes = Value::array();
    std::size_t shown = 0, total = 0;
    const auto& theme_values = pledge.get("themes")->as_array();
    for (std::size_t t = 0; t < theme_values.size(); ++t) {
        const Value& theme = theme_values[t];
        Value kept = Value::object();
        kept.where = theme.where;
        kept.set("id", *theme.get("id"));
        kept.set("heading", *theme.get("heading"));
        Value promises = Value::array();
        std::optional<std::size_t> for_everyone;  // the first shown promise without a condition
        const auto& promise_values = theme.get("promises")->as_array();
        for (std::size_t p = 0; p < promise_values.size(); ++p) {
            ++total;
            const Condition& cond = content.conditions[t][p];
            if (personal && !cond.evaluate(*person, request.date)) continue;
            Value promise = Value::object();
            promise.where = promise_values[p].where;
            promise.set("id", *promise_values[p].get("id"));
            promise.set("text", *promise_values[p].get("text"));
            if (!for_everyone && cond.always()) for_everyone = promises.size();
            promises.push(std::move(promise));
            ++shown;
        }
        if (promises.size() == 0) continue;  // a theme with nothing for this person
        // For a leaflet, which has room for a theme's heading and one promise: the first that is
        // for every child (else the first), and how many more the theme has in the whole pledge
        // (a personal copy's too).
        Value first = Value::array();
        first.push(promises.as_array()[for_everyone.value_or(0)]);
        kept.set("first", std::move(first));
        kept.set("more-line", promise_values.size() > 1 ? message_value(msg, "leaflet-pledge-more",
                                                                        {{"count", std::to_string(promise_values.size() - 1)}})
                                                        : Value(""));
        kept.set("promises", std::move(promises));
        themes.push(std::move(kept));
    }
    ctx->set("themes", std::move(themes));

    Value contacts = Value::array();
    for (const auto& ref : pledge.get("contacts")->as_array()) {
        const Contact* c = authority.contact(text_of(ref, "ref"));
        if (!c) continue;
        Value v = Value::object();
        v.set("name", c->name);
        v.set("phone", c->phone);
        v.set("phone-uri", phone_uri(c->phone));
        v.set("email", c->email);
        v.set("email-uri", c->email.empty() ? std::string() : "mailto:" + c->email);
        v.set("hours", c->hours);
        contacts.push(std::move(v));
    }
    ctx->set("contacts", std::move(contacts));
    // Names, hours and providers come from the council's own files, in its own language: the
    // templates mark them with it, so a screen reader reads them in that language's voice on a
    // page in another.
    ctx->set("council-lang", authority.default_language());

    std::string review = format_long_date(*Date::parse_iso(text_of(pledge, "review-date")), request.lang);
    ctx->set("version-line", msg.format("pledge-version-line", {{"version", text_of(pledge, "version")},
                                                                  {"review-date", review}}));
    // When it was agreed (adopted is optional) and when it will be looked at again.
    const auto adopted = Date::parse_iso(text_of(pledge, "adopted"));
    ctx->set("dates-line", adopted ? message_value(msg, "leaflet-pledge-dates",
                                                   {{"adopted", format_long_date(*adopted, request.lang)}, {"review", review}})
                                   : *ctx->get("version-line"));

    // Every catalog message, for the template's own words.
    Value messages = Value::object();
    for (const auto& [id, text] : msg.resolved()) messages.set(id, message_value(msg, id));
    ctx->set("msg", std::move(messages));

    if (personal) {
        const Value* record = request.person_record;
        Value p = Value::object();
        p.set("preferred_name", record ? *record->get("preferred_name") : Value(person->preferred_name));
        p.mark(Sensitivity::Personal);
        ctx->set("person", std::move(p));
        Value note(msg.format("pledge-personal-note", {{"name", person->preferred_name},
                                                       {"date", format_long_date(request.date, request.lang)},
                                                       {"shown", std::to_string(shown)},
                                                       {"total", std::to_string(total)}}));
        note.mark(Sensitivity::Personal);
        ctx->set("personal-note", std::move(note));
        ctx->set("identity", person_identity(*person, msg, request.lang));
        // Care leavers keep the promises made to them up to 21 or 25, so a pledge in their
        // pack is right; only someone the council has never looked after is a likely mistake.
        if (text_of(pledge, "applies-to") == "looked-after" && !person->looked_after_on(request.date) &&
            person->status_on(request.date) == CareLeaverStatus::None)
            diagnostics.warning(person->where, person->id + " is not looked after on " + request.date.iso() +
                                                   " and has never been a care leaver; this pledge is to children in care, so check it is the right document");
    }

    out.template_name = "pledge";
    out.audience = personal ? Audience::YoungPerson : Audience::Public;
    out.title = plain_text(*pledge.get("title"));
    out.meta = {{"version", text_of(pledge, "version")},
                {"review-date", review},
                {"adopted", text_of(pledge, "adopted")},
                {"author", authority.name},
                {"legal-basis", text_of(pledge, "legal-basis")}};
    out.context = std::move(ctx);
    return out;
}

}  // namespace carepack
