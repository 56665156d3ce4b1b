#include "carepack/pipeline.h"

#include <algorithm>
#include <cstdlib>

#include <unicode/numberformatter.h>
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "carepack/checks.h"
#include "carepack/output.h"
#include "carepack/template.h"

namespace carepack {

std::filesystem::path data_directory() {
    if (const char* env = std::getenv("CAREPACK_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    std::filesystem::path source = CAREPACK_SOURCE_DIR;
    if (std::filesystem::is_directory(source / "templates", ec) && std::filesystem::is_directory(CAREPACK_BUILD_PLUGIN_DIR, ec))
        return source;
    return CAREPACK_INSTALL_DATADIR;
}

std::unique_ptr<Environment> Environment::create(const std::vector<std::filesystem::path>& plugin_dirs) {
    auto env = std::make_unique<Environment>();
    for (const auto& dir : plugin_dirs.empty() ? PluginHost::default_directories() : plugin_dirs)
        env->plugins.load_directory(dir);
    auto data = data_directory();
    env->templates_dir = data / "templates";
    env->locales_dir = data / "locales";
    env->catalogs = Catalogs::load_directory(env->locales_dir);
    return env;
}

std::string output_file_name(std::string_view kind, std::string_view person_id, std::string_view lang,
                             std::string_view extension) {
    std::string name(kind);
    if (!person_id.empty()) {
        name += '-';
        for (char c : person_id) {
            bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
            name += keep ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
        }
    }
    name += '-';
    name += lang;
    name += '.';
    name += extension;
    return name;
}

std::shared_ptr<const Template> TemplateCache::load(const std::filesystem::path& file, Diagnostics& diagnostics) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(file);
    if (it == entries_.end()) {
        Entry e;
        e.parsed = std::make_shared<const Template>(Template::load(file, e.diagnostics));
        it = entries_.emplace(file, std::move(e)).first;
    }
    diagnostics.append(it->second.diagnostics);
    return it->second.parsed;
}

std::string RenderedDocument::file_name(std::size_t i) const {
    return output_file_name(kind, person_id, lang, files.at(i).extension);
}

namespace {
// The reader's locale, with Western digits: phone numbers, amounts and dates in one set of
// digits, as council documents in the UK write them in every language.
icu::Locale reader_locale(std::string_view lang) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(std::string(lang) + "-u-ca-gregory-nu-latn", status);
    return U_FAILURE(status) ? icu::Locale(std::string(lang).c_str()) : locale;
}
}  // namespace

std::string format_money(double amount, std::string_view currency, std::string_view lang) {
    UErrorCode status = U_ZERO_ERROR;
    std::u16string code(currency.begin(), currency.end());
    auto formatter = icu::number::NumberFormatter::withLocale(reader_locale(lang))
                         .unit(icu::CurrencyUnit(code.c_str(), status))
                         .precision(amount == static_cast<double>(static_cast<long long>(amount))
                                        ? icu::number::Precision::integer()
                                        : icu::number::Precision::fixedFraction(2));
    icu::UnicodeString out = formatter.formatDouble(amount, status).toString(status);
    if (U_FAILURE(status)) return std::string(currency) + " " + std::to_string(amount);
    std::string s;
    out.toUTF8String(s);
    return s;
}

std::string format_long_date(const Date& date, std::string_view lang) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = reader_locale(lang);
    std::unique_ptr<icu::DateFormat> fmt(icu::DateFormat::createDateInstance(icu::DateFormat::kLong, locale));
    std::unique_ptr<icu::TimeZone> utc(icu::TimeZone::createTimeZone("UTC"));
    if (!fmt || !utc) return date.iso();
    fmt->setTimeZone(*utc);
    // Noon UTC on the day, so no time zone can move it to another date.
    UDate when = (static_cast<double>(date.days_since_epoch()) * 86400.0 + 43200.0) * 1000.0;
    icu::UnicodeString out;
    fmt->format(when, out, status);
    if (U_FAILURE(status)) return date.iso();
    std::string s;
    out.toUTF8String(s);
    return s;
}

namespace {

const DocumentKind* find_kind(const Environment& env, const std::string& id, Diagnostics& d) {
    if (const auto* k = env.plugins.kind(id)) return k;
    std::string have;
    for (const auto& k : env.plugins.kinds()) have += (have.empty() ? "" : ", ") + k;
    d.error(Location(), "no document kind '" + id + "' is loaded (available: " + (have.empty() ? "none" : have) + ")");
    return nullptr;
}

std::vector<const Renderer*> find_renderers(const Environment& env, const RenderJob& job, Diagnostics& d) {
    std::vector<const Renderer*> out;
    std::string formats;
    for (const auto& f : env.plugins.formats()) formats += (formats.empty() ? "" : ", ") + f;
    for (const auto& f : job.formats) {
        const Renderer* r = env.plugins.renderer_for(f);
        if (!r) {
            d.error(Location(), "no renderer for the format '" + f + "' is loaded (available: " +
                                    (formats.empty() ? "none" : formats) + ")");
            continue;
        }
        if (!job.layout.empty()) {
            auto layouts = r->capabilities().layouts;
            if (std::find(layouts.begin(), layouts.end(), job.layout) == layouts.end()) {
                std::string have;
                for (const auto& l : layouts) have += (have.empty() ? "" : ", ") + l;
                d.error(Location(), "the " + f + " renderer has no layout '" + job.layout + "' (available: " + have + ")");
                continue;
            }
        }
        out.push_back(r);
    }
    return out;
}

struct Built {
    Document doc;
    std::shared_ptr<const Catalog> catalog;
    std::shared_ptr<const Authority> owned_authority;
    const Authority* authority = nullptr;
    std::string person_id;
    std::filesystem::path template_file;
};

std::optional<Document> expand_template(const Environment& env, const std::filesystem::path& authority_dir,
                                        std::string_view folder, const Composition& c, Diagnostics& d,
                                        std::string_view layout, TemplateCache* templates,
                                        std::filesystem::path* used) {
    auto file = find_template(authority_dir, env.templates_dir, folder, c.template_name, layout);
    if (used) *used = file;
    std::shared_ptr<const Template> t =
        templates ? templates->load(file, d) : std::make_shared<const Template>(Template::load(file, d));
    if (d.has_errors()) return std::nullopt;
    Document doc = t->expand(*c.context, c.audience, d);
    doc.kind = std::string(folder);
    for (const auto& [k, v] : c.meta) doc.meta[k] = v;
    if (d.has_errors()) return std::nullopt;
    check_document(doc, d);
    if (d.has_errors()) return std::nullopt;
    return doc;
}

std::optional<Built> build(const Environment& env, const RenderJob& job, Diagnostics& d) {
    const DocumentKind* kind = find_kind(env, job.kind, d);
    if (!kind) return std::nullopt;
    Built b;
    if (job.authority) {
        b.authority = job.authority;
    } else {
        b.owned_authority = std::make_shared<const Authority>(Authority::load(job.authority_dir, d));
        b.authority = b.owned_authority.get();
        if (d.has_errors()) return std::nullopt;
        kind->check_content(*b.authority, d);
        if (d.has_errors()) return std::nullopt;
    }
    const Authority& authority = *b.authority;

    std::optional<PersonRecord> loaded;
    const PersonRecord* person = job.person;
    auto use = kind->person_use();
    const bool personal = job.person_file || job.person;
    if (use == DocumentKind::PersonUse::Required && !personal) {
        d.error(Location(), "the " + job.kind + " is a personal document: give --person FILE");
        return std::nullopt;
    }
    if (use == DocumentKind::PersonUse::None && personal) {
        d.error(Location(), "the " + job.kind + " is not a personal document; leave out --person");
        return std::nullopt;
    }
    if (!person && job.person_file) {
        loaded = load_person(*job.person_file, d);
        if (d.has_errors()) return std::nullopt;
        person = &*loaded;
    }
    if (person) b.person_id = person->person.id;

    std::string lang = job.lang.empty() ? authority.default_language() : job.lang;
    if (std::find(authority.languages.begin(), authority.languages.end(), lang) == authority.languages.end()) {
        std::string have;
        for (const auto& l : authority.languages) have += (have.empty() ? "" : ", ") + l;
        d.error(authority.where, "the council does not offer its documents in '" + lang + "' (it offers: " + have + ")");
        return std::nullopt;
    }
    b.catalog = env.catalogs.find(lang);

    KindRequest request;
    request.authority = &authority;
    request.person = person ? &person->person : nullptr;
    request.person_record = person ? &person->value : nullptr;
    request.catalog = b.catalog.get();
    request.date = job.date;
    request.lang = lang;
    request.allow_draft_translations = job.allow_draft_translations;
    request.part = job.part;
    request.plugins = &env.plugins;
    request.data_dir = job.data_dir;
    request.year = job.year;
    request.audience = job.audience;
    Composition c = kind->compose(request, d);
    if (d.has_errors() || !c.context) return std::nullopt;

    auto doc = expand_template(env, job.authority_dir, kind->id(), c, d, job.layout, job.templates, &b.template_file);
    if (!doc) return std::nullopt;
    b.doc = std::move(*doc);
    return b;
}

}  // namespace

std::optional<Explanation> explain(const Environment& env, const RenderJob& job, Diagnostics& d) {
    try {
        const DocumentKind* kind = find_kind(env, job.kind, d);
        if (!kind) return std::nullopt;
        if (!job.person_file) {
            d.error(Location(), "say whose: --person FILE");
            return std::nullopt;
        }
        Authority authority = Authority::load(job.authority_dir, d);
        if (d.has_errors()) return std::nullopt;
        PersonRecord person = load_person(*job.person_file, d);
        if (d.has_errors()) return std::nullopt;
        auto catalog = env.catalogs.find(job.lang.empty() ? authority.default_language() : job.lang);
        KindRequest request;
        request.authority = &authority;
        request.person = &person.person;
        request.person_record = &person.value;
        request.catalog = catalog.get();
        request.date = job.date;
        request.lang = catalog->lang();
        Explanation e;
        e.parts = kind->applicability(request, d);
        e.person = person.person;
        if (d.has_errors()) return std::nullopt;
        return e;
    } catch (const Failure& f) {
        d.append(f.diagnostics());
        return std::nullopt;
    }
}

std::optional<Document> document_from_template(const Environment& env, const std::filesystem::path& authority_dir,
                                               std::string_view folder, const Composition& c, Diagnostics& d,
                                               std::string_view layout) {
    return expand_template(env, authority_dir, folder, c, d, layout, nullptr, nullptr);
}

std::optional<Document> build_document(const Environment& env, const RenderJob& job, Diagnostics& diagnostics) {
    try {
        auto b = build(env, job, diagnostics);
        if (!b) return std::nullopt;
        return std::move(b->doc);
    } catch (const Failure& f) {
        diagnostics.append(f.diagnostics());
        return std::nullopt;
    }
}

std::optional<RenderedDocument> render_in_memory(const Environment& env, const RenderJob& job, Diagnostics& d) {
    try {
        auto renderers = find_renderers(env, job, d);
        if (d.has_errors()) return std::nullopt;
        if (!job.second_lang.empty()) {
            for (const auto& f : job.formats)
                if (f != "pdf")
                    d.error(Location(), "a bilingual document (--second-lang) is made as PDF only; make the " + f +
                                            " once for each language");
            if (job.second_lang == job.lang) d.error(Location(), "--second-lang is the same language as --lang");
            if (d.has_errors()) return std::nullopt;
        }
        auto b = build(env, job, d);
        if (!b) return std::nullopt;
        std::optional<Built> second;
        if (!job.second_lang.empty()) {
            RenderJob other = job;
            other.lang = job.second_lang;
            second = build(env, other, d);
            if (!second) return std::nullopt;
        }
        RenderOptions options;
        options.layout = job.layout;
        options.date = job.date;
        options.catalog = b->catalog.get();
        options.branding = &b->authority->branding;
        if (second) {
            options.parallel = &second->doc;
            options.parallel_catalog = second->catalog.get();
        }
        RenderedDocument out;
        for (const auto* r : renderers) out.files.push_back(r->render(b->doc, options, d));
        if (d.has_errors()) return std::nullopt;
        out.formats = job.formats;
        out.kind = job.part.empty() ? job.kind : job.kind + "-" + job.part;
        out.person_id = b->person_id;
        out.lang = second ? b->doc.lang + "+" + second->doc.lang : b->doc.lang;
        out.audience = b->doc.audience;
        out.template_file = b->template_file;
        if (auto v = b->doc.meta.find("version"); v != b->doc.meta.end()) out.content_version = v->second;
        return out;
    } catch (const Failure& f) {
        d.append(f.diagnostics());
        return std::nullopt;
    }
}

RenderOutcome render_document(const Environment& env, const RenderJob& job) {
    RenderOutcome out;
    auto& d = out.diagnostics;
    auto rendered = render_in_memory(env, job, d);
    if (!rendered) return out;
    try {
        Privacy privacy = rendered->audience == Audience::Public ? Privacy::Shared : Privacy::OwnerOnly;
        for (std::size_t i = 0; i < rendered->files.size(); ++i) {
            auto path = job.output_dir / rendered->file_name(i);
            write_file_atomically(path, rendered->files[i].bytes, privacy);
            out.files.push_back(path);
        }
        out.document = std::move(rendered);
    } catch (const Failure& f) {
        d.append(f.diagnostics());
    }
    return out;
}

namespace {
// The layouts of the loaded renderers for which the kind has a template of its own
// (`<name>-<layout>.xml`, the council's or carepack's), so that `check` reads those too.
std::vector<std::string> layouts_with_own_templates(const Environment& env, const std::filesystem::path& authority_dir,
                                                    const std::string& kind) {
    std::vector<std::string> out;
    for (const auto& format : env.plugins.formats()) {
        const Renderer* r = env.plugins.renderer_for(format);
        if (!r) continue;
        for (const auto& layout : r->capabilities().layouts) {
            if (std::find(out.begin(), out.end(), layout) != out.end()) continue;
            const std::string suffix = "-" + layout + ".xml";
            bool found = false;
            for (const auto& dir : {authority_dir / "templates" / kind, env.templates_dir / kind}) {
                std::error_code ec;
                for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end && !found; it.increment(ec)) {
                    const std::string name = it->path().filename().string();
                    found = name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
                }
            }
            if (found) out.push_back(layout);
        }
    }
    return out;
}
}  // namespace

Diagnostics check_authority(const Environment& env, const std::filesystem::path& authority_dir) {
    Diagnostics d;
    try {
        Authority authority = Authority::load(authority_dir, d);
        if (d.has_errors()) return d;
        for (const auto& id : env.plugins.kinds()) {
            const DocumentKind* kind = env.plugins.kind(id);
            if (!kind->has_content(authority)) continue;
            {
                Diagnostics loading;  // reported by the builds below
                for (const auto& file : kind->content(authority, loading))
                    if (!loading.has_errors()) check_translations(*file.value, authority.languages, d);
            }
            if (kind->person_use() == DocumentKind::PersonUse::Required) {
                kind->check_content(authority, d);
                continue;
            }
            auto parts = kind->parts(authority);
            if (parts.empty()) parts.emplace_back();
            // The base template, and each layout's own where there is one (a leaflet).
            std::vector<std::string> layouts{""};
            for (const auto& layout : layouts_with_own_templates(env, authority_dir, id)) layouts.push_back(layout);
            for (const auto& layout : layouts)
                for (const auto& part : parts)
                    for (const auto& lang : authority.languages) {
                        RenderJob job;
                        job.kind = id;
                        job.authority_dir = authority_dir;
                        job.lang = lang;
                        job.part = part;
                        job.layout = layout;
                        job.date = Date::today();
                        Diagnostics one;
                        build_document(env, job, one);
                        if (layout.empty()) {
                            d.append(one);
                            continue;
                        }
                        // A layout's own template reads the same content: say only what is new.
                        for (const auto& item : one.items())
                            if (std::none_of(d.items().begin(), d.items().end(),
                                             [&](const Diagnostic& seen) { return seen.str() == item.str(); }))
                                d.add(item);
                    }
        }
    } catch (const Failure& f) {
        d.append(f.diagnostics());
    }
    return d;
}

std::vector<Coverage> translation_coverage(const Environment& env, const std::filesystem::path& authority_dir,
                                           Diagnostics& diagnostics) {
    std::vector<Coverage> out;
    try {
        Authority authority = Authority::load(authority_dir, diagnostics);
        if (diagnostics.has_errors()) return out;
        for (const auto& lang : authority.languages) {
            if (same_language(lang, source_language)) continue;
            Coverage c;
            c.lang = lang;
            out.push_back(std::move(c));
        }
        for (const auto& id : env.plugins.kinds()) {
            const DocumentKind* kind = env.plugins.kind(id);
            if (!kind->has_content(authority)) continue;
            for (const auto& file : kind->content(authority, diagnostics))
                for (auto& c : out) measure_translations(*file.value, c.lang, c);
        }
    } catch (const Failure& f) {
        diagnostics.append(f.diagnostics());
    }
    return out;
}

}  // namespace carepack
