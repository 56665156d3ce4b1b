#include "carepack/authority.h"

#include <iomanip>
#include <sstream>

#include "carepack/colour.h"
#include "carepack/load.h"

namespace carepack {

const ObjectSpec& authority_schema() {
    static const auto branding = make_spec("branding", {
        text_field("primary").required().describe("banner colour, #rrggbb"),
        text_field("on-primary").required().describe("text colour on the banner"),
        text_field("accent").describe("focus colour"),
        text_field("logo").describe("a file in the council's folder"),
        text_field("logo-alt"),
        text_field("print-logo").describe("a PNG or JPEG in the council's folder, for PDFs (which cannot draw SVG)"),
    });
    static const auto language = make_spec("language", {text_field("tag").required().attribute()});
    static const auto contact = make_spec("contact", {
        text_field("id").required().attribute(),
        text_field("name").required(),
        text_field("phone"),
        text_field("email"),
        text_field("hours"),
        text_field("website"),
    });
    static const auto threshold = make_spec("threshold", {
        text_field("id").required().attribute(),
        integer_field("age").required(),
        date_field("from"),
        text_field("note"),
    });
    static const auto site = make_spec("site", {
        text_field("url").required().describe("where the local offer website is published, https://..."),
        text_field("contact").required().describe("the contact for other formats and accessibility problems"),
        text_field("compliance").one_of({"full", "partial"}).describe("WCAG 2.2 AA, as the council has assessed it"),
        date_field("statement-prepared").required(),
        date_field("statement-reviewed"),
    });
    static const ObjectSpec spec("authority", {
        text_field("id").required().attribute(),
        text_field("jurisdiction").required().attribute().one_of({"england", "wales"}),
        text_field("name").required(),
        text_field("short-name"),
        text_field("website"),
        object_field("branding", branding).required(),
        list_field("languages", language).xml("language", "languages").required(),
        list_field("contacts", contact).xml("contact", "contacts"),
        list_field("thresholds", threshold).xml("threshold", "age-thresholds"),
        object_field("site", site),
    });
    return spec;
}

namespace {
std::string str(const Value& v, std::string_view key) {
    const Value* f = v.get(key);
    return f ? f->text() : std::string();
}

std::string ratio_text(double r) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << r;
    return s.str();
}

void check_colours(const Authority& a, const Value& branding, Diagnostics& d) {
    auto colour = [&](std::string_view key) -> std::optional<Rgb> {
        const Value* v = branding.get(key);
        if (!v) return std::nullopt;
        auto c = parse_hex_colour(v->text());
        if (!c) d.error(v->where, "`" + std::string(key) + "` must be a colour written #rrggbb, not '" + v->text() + "'");
        return c;
    };
    auto primary = colour("primary");
    auto on_primary = colour("on-primary");
    colour("accent");
    // WCAG 2.2 1.4.3: text needs 4.5:1. The banner's text sits on the primary colour, and the
    // primary colour is also used for links on a white page.
    if (primary && on_primary) {
        double r = contrast_ratio(*primary, *on_primary);
        if (r < 4.5)
            d.error(branding.where, "the brand colours " + a.branding.primary_colour + " and " + a.branding.on_primary_colour +
                                        " have a contrast ratio of " + ratio_text(r) +
                                        ":1; text needs at least 4.5:1 (WCAG 2.2, 1.4.3). Choose a darker or lighter pair; carepack does not change brand colours itself");
        double on_white = contrast_ratio(*primary, Rgb{1, 1, 1});
        if (on_white < 4.5)
            d.error(branding.where, "the primary colour " + a.branding.primary_colour + " has a contrast ratio of " +
                                        ratio_text(on_white) + ":1 on white, where it colours links; it needs at least 4.5:1");
    }
}
}  // namespace

Authority Authority::load(const std::filesystem::path& dir, Diagnostics& diagnostics) {
    auto file = dir / "authority.xml";
    Authority a;
    a.dir = dir;
    a.value = load_xml(file, authority_schema(), diagnostics);
    a.where = a.value.where;
    const Value& v = a.value;
    a.id = str(v, "id");
    a.name = str(v, "name");
    a.short_name = str(v, "short-name");
    if (a.short_name.empty()) a.short_name = a.name;
    a.jurisdiction = str(v, "jurisdiction");
    a.website = str(v, "website");
    if (a.jurisdiction == "wales")
        diagnostics.error(v.get("jurisdiction")->where,
                          "jurisdiction 'wales': carepack builds English law only so far (the Social Services and "
                          "Well-being (Wales) Act 2014 is not built yet); it will not apply English rules to a Welsh council");
    if (const Value* b = v.get("branding")) {
        a.branding.council_name = a.name;
        a.branding.folder = dir;
        a.branding.website = a.website;
        if (auto s = str(*b, "primary"); !s.empty()) a.branding.primary_colour = s;
        if (auto s = str(*b, "on-primary"); !s.empty()) a.branding.on_primary_colour = s;
        if (auto s = str(*b, "accent"); !s.empty()) a.branding.accent_colour = s;
        if (auto s = str(*b, "logo"); !s.empty()) {
            a.branding.logo = dir / s;
            if (!std::filesystem::exists(a.branding.logo))
                diagnostics.error(b->get("logo")->where, "the logo file " + a.branding.logo.string() + " does not exist");
        }
        if (auto s = str(*b, "print-logo"); !s.empty()) {
            a.branding.print_logo = dir / s;
            if (!std::filesystem::exists(a.branding.print_logo))
                diagnostics.error(b->get("print-logo")->where,
                                  "the print logo file " + a.branding.print_logo.string() + " does not exist");
        }
        a.branding.logo_alt = str(*b, "logo-alt");
        if (!a.branding.logo.empty() && a.branding.logo_alt.empty())
            diagnostics.error(b->where, "the logo needs logo-alt text (usually the council's name)");
        check_colours(a, *b, diagnostics);
    }
    if (const Value* site = v.get("site")) {
        a.site.url = str(*site, "url");
        a.site.contact = str(*site, "contact");
        a.site.compliance = str(*site, "compliance");
        if (a.site.compliance.empty()) a.site.compliance = "partial";
        if (const Value* p = site->get("statement-prepared")) a.site.statement_prepared = Date::parse_iso(p->text());
        if (const Value* r = site->get("statement-reviewed")) a.site.statement_reviewed = Date::parse_iso(r->text());
        a.site.where = site->where;
        if (a.site.url.rfind("https://", 0) != 0 && a.site.url.rfind("http://", 0) != 0)
            diagnostics.error(site->get("url")->where, "the site's url must be a web address starting https://, not '" + a.site.url + "'");
        else if (a.site.url.back() != '/')
            a.site.url += '/';
    }
    if (const Value* langs = v.get("languages"))
        for (const auto& l : langs->as_array()) a.languages.push_back(str(l, "tag"));
    if (const Value* cs = v.get("contacts"))
        for (const auto& c : cs->as_array())
            a.contacts.push_back({str(c, "id"), str(c, "name"), str(c, "phone"), str(c, "email"), str(c, "hours"),
                                  str(c, "website")});
    if (const Value* ts = v.get("thresholds"))
        for (const auto& t : ts->as_array()) {
            AgeThreshold th;
            th.id = str(t, "id");
            if (const Value* age = t.get("age"); age && age->is_integer()) th.age = static_cast<int>(age->as_integer());
            if (const Value* from = t.get("from")) th.from = Date::parse_iso(from->text());
            th.note = str(t, "note");
            a.thresholds.push_back(th);
        }
    if (v.get("site") && !a.contact(a.site.contact))
        diagnostics.error(v.get("site")->get("contact")->where,
                          "the site's contact '" + a.site.contact + "' is not one of the council's <contacts>");
    return a;
}

std::optional<int> Authority::threshold_on(std::string_view threshold_id, const Date& on) const {
    const AgeThreshold* best = nullptr;
    for (const auto& t : thresholds) {
        if (t.id != threshold_id || (t.from && *t.from > on)) continue;
        if (!best || (t.from && (!best->from || *t.from > *best->from))) best = &t;
    }
    return best ? std::optional<int>(best->age) : std::nullopt;
}

const Contact* Authority::contact(std::string_view contact_id) const {
    for (const auto& c : contacts)
        if (c.id == contact_id) return &c;
    return nullptr;
}

const std::string& Authority::default_language() const {
    static const std::string english = "en-GB";
    return languages.empty() ? english : languages.front();
}

}  // namespace carepack
