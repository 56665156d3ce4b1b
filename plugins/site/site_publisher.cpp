#include "site_publisher.h"

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <set>

#include "carepack/authority.h"
#include "carepack/locale.h"
#include "carepack/output.h"
#include "carepack/pipeline.h"
#include "carepack/template.h"
#include "carepack/translation.h"
#include "carepack/unicode.h"

namespace carepack {

std::string SitePublisher::summary() const {
    return "the local offer website: every language, pledges, accessibility statement, search, sitemap, PDFs (A4 and a folded leaflet), Open Referral UK";
}

Capabilities SitePublisher::capabilities() const {
    Capabilities c;
    c.formats = {"site"};
    return c;
}

namespace {

using site::json_string;

// One page of the site in one language.
struct Page {
    std::string id;      // `index`, a category id, `pledge-placed-here` ...
    std::string file;    // `index.html`
    std::string folder;  // template folder: `site` or a kind's
    Composition composition;
    std::string nav_label;  // empty: not in the navigation
    std::optional<Date> reviewed;
    Document doc;
};

std::optional<Date> latest(std::optional<Date> a, std::optional<Date> b) {
    if (!a) return b;
    if (!b) return a;
    return *a < *b ? b : a;
}

// A node's words with a space between blocks, so a heading and the paragraph after it do not
// run together into one word ("Savings boostIf you save").
std::string words_with_block_breaks(const Node& n) {
    if (n.kind == NodeKind::Text) return n.text;
    if (n.kind == NodeKind::LineBreak) return " ";
    std::string s;
    for (const auto& c : n.children) {
        if (is_inline(c.kind)) {
            s += words_with_block_breaks(c);
        } else {
            s += ' ';
            s += words_with_block_breaks(c);
            s += ' ';
        }
    }
    return s;
}

// The text a search should find for a section, short enough to keep the index small.
std::string search_text(const Node& n, std::size_t limit = 600) {
    std::string s = fold_space(words_with_block_breaks(n));
    if (s.size() <= limit) return s;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole code points
    return s.substr(0, cut);
}

std::string heading_text(const Node& section) {
    for (const auto& c : section.children)
        if (c.kind == NodeKind::Heading) return fold_space(c.plain_text());
    return {};
}

std::string page_heading(const Document& doc) {
    std::string title;
    walk(doc.body, [&](const Node& n, int) {
        if (title.empty() && n.kind == NodeKind::Heading && n.level == 1) title = fold_space(n.plain_text());
    });
    return title.empty() ? doc.title : title;
}

// Every file of a site is written inside the staging folder, which nothing reads until it is
// complete and flushed; see StagedFolder.
void write_text_file(const std::filesystem::path& file, std::string_view bytes) {
    std::filesystem::create_directories(file.parent_path());
    write_staged_file(file, bytes);
}

// A folder written in full beside the target and put in its place only when complete, so a
// failed or interrupted publish never leaves half a site where the old one was.
class StagedFolder {
public:
    explicit StagedFolder(std::filesystem::path target) : target_(target.lexically_normal()) {
        // `-o site/` names the folder `site`: without this its empty last name would put the
        // staging folder inside the target, and the final rename would fail.
        if (!target_.has_filename() && target_.has_parent_path()) target_ = target_.parent_path();
        const auto parent = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
        std::filesystem::create_directories(parent);
        staging_ = parent / ("." + target_.filename().string() + ".partial");
        std::filesystem::remove_all(staging_);
        std::filesystem::create_directories(staging_);
    }
    ~StagedFolder() {
        std::error_code ec;
        if (!committed_) std::filesystem::remove_all(staging_, ec);
    }
    const std::filesystem::path& path() const { return staging_; }
    // Flushes the new site to disk once, then swaps it with the old one in a single step
    // (renameat2 RENAME_EXCHANGE), so that at every moment SITE is one whole site, old or new.
    // Where the file system cannot exchange, the old site is moved aside first.
    void commit() {
        flush_folder(staging_);
        std::error_code ec;
        if (std::filesystem::exists(target_)) {
            if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
                committed_ = true;
                std::filesystem::remove_all(staging_, ec);  // now the old site
                return;
            }
            const auto old = target_.parent_path() / ("." + target_.filename().string() + ".old");
            std::filesystem::remove_all(old, ec);
            std::filesystem::rename(target_, old);
            std::filesystem::rename(staging_, target_);
            std::filesystem::remove_all(old, ec);
        } else {
            std::filesystem::rename(staging_, target_);
        }
        committed_ = true;
    }

private:
    std::filesystem::path target_, staging_;
    bool committed_ = false;
};

class SiteBuilder {
public:
    SiteBuilder(const PublishRequest& request, Diagnostics& diagnostics)
        : r_(request), env_(*request.env), authority_(*request.authority), d_(diagnostics) {}

    PublishOutcome run() {
        PublishOutcome out;
        offer_kind_ = env_.plugins.kind("local-offer");
        pledge_kind_ = env_.plugins.kind("pledge");
        html_ = env_.plugins.renderer_for("html");
        pdf_ = r_.pdf ? env_.plugins.renderer_for("pdf") : nullptr;
        for (const auto& l : authority_.languages) {
            language_names_[l] = l;
            try {
                language_names_[l] = env_.catalogs.find(l)->name();
            } catch (const Failure&) {
            }
        }
        if (!offer_kind_ || !offer_kind_->has_content(authority_)) {
            d_.error(authority_.where, "the site is the council's local offer, and there is no offer.xml here (or the local-offer plugin is not loaded)");
            return out;
        }
        if (!html_) {
            d_.error(Location(), "the html renderer is not loaded; the site cannot be written");
            return out;
        }
        if (r_.pdf && !pdf_) {
            d_.error(Location(), "the pdf renderer is not loaded; publish with --no-pdf, or install it");
            return out;
        }
        if (pdf_) {
            const auto layouts = pdf_->capabilities().layouts;
            for (const char* layout : {"a4", "leaflet"})
                if (std::find(layouts.begin(), layouts.end(), layout) == layouts.end()) {
                    d_.error(Location(), std::string("the pdf renderer loaded has no ") + layout +
                                             " layout, which the site's PDFs need; publish with --no-pdf, or install carepack's own");
                    return out;
                }
        }
        base_url_ = r_.base_url.empty() ? authority_.site.url : r_.base_url;
        if (base_url_.empty() && !authority_.website.empty()) base_url_ = authority_.website + "/local-offer/";
        if (base_url_.empty()) {
            d_.error(authority_.where, "the site needs the address it will be published at: <site url=\"...\"> in authority.xml, or --base-url");
            return out;
        }
        if (base_url_.back() != '/') base_url_ += '/';
        if (authority_.site.contact.empty())
            d_.error(authority_.where, "the site needs <site contact=\"...\"> in authority.xml: who to ask for other formats and about accessibility problems (Accessibility Regulations 2018)");

        // Refuse content with errors before writing anything.
        for (const auto& kind_id : env_.plugins.kinds()) {
            const DocumentKind* kind = env_.plugins.kind(kind_id);
            if (!kind->has_content(authority_) || kind->person_use() == DocumentKind::PersonUse::Required) continue;
            kind->check_content(authority_, d_);
            Diagnostics loading;
            for (const auto& file : kind->content(authority_, loading))
                if (!loading.has_errors()) check_translations(*file.value, authority_.languages, d_);
            d_.append(loading);
        }
        if (d_.has_errors()) return out;

        StagedFolder staged(r_.output);
        root_ = staged.path();
        for (const auto& lang : authority_.languages) {
            if (r_.progress) r_.progress("building the " + lang + " pages");
            if (!build_language(lang, out)) return PublishOutcome{};
        }
        write_front_door(out);
        write_sitemap(out);
        write_text_file(root_ / "robots.txt", "User-agent: *\nAllow: /\nSitemap: " + base_url_ + "sitemap.xml\n");
        out.files.emplace_back("robots.txt");
        write_text_file(root_ / "assets" / "search.js", site::search_js);
        out.files.emplace_back("assets/search.js");
        if (d_.has_errors()) return PublishOutcome{};
        staged.commit();
        std::sort(out.files.begin(), out.files.end());
        return out;
    }

private:
    const PublishRequest& r_;
    const Environment& env_;
    const Authority& authority_;
    Diagnostics& d_;
    const DocumentKind* offer_kind_ = nullptr;
    const DocumentKind* pledge_kind_ = nullptr;
    const Renderer* html_ = nullptr;
    const Renderer* pdf_ = nullptr;
    std::string base_url_;
    std::filesystem::path root_;
    // Page files in the order of the first language; every language has the same pages.
    std::vector<std::string> page_files_;
    std::map<std::string, std::vector<std::string>> files_by_lang_;
    std::string front_title_;
    // Each language the council offers named in itself (its tag where carepack has no catalog),
    // for every page's language switcher and the front door.
    std::map<std::string, std::string> language_names_;

    KindRequest request_for(const std::string& lang, const Catalog& catalog) const {
        KindRequest k;
        k.authority = &authority_;
        k.catalog = &catalog;
        k.date = r_.date;
        k.lang = lang;
        k.allow_draft_translations = r_.allow_draft_translations;
        return k;
    }

    // A page of the site sees the offer's context without its two item lists: a category page
    // carries its own items in site.page, and building every item into the template data of
    // every page would make each page cost the whole offer.
    Composition site_page(const Composition& offer, std::string title, Value site) const {
        auto ctx = std::make_shared<Value>(Value::object());
        ctx->where = offer.context->where;
        ctx->sensitivity = offer.context->sensitivity;
        for (const auto& [key, value] : offer.context->as_object())
            if (key != "statutory" && key != "discretionary") ctx->set(key, value);
        site.set("title", title);  // plain text, for <title>
        ctx->set("site", std::move(site));
        Composition c;
        c.audience = Audience::Public;
        c.title = std::move(title);
        c.meta = offer.meta;
        c.context = std::move(ctx);
        return c;
    }

    bool build_language(const std::string& lang, PublishOutcome& out) {
        std::shared_ptr<const Catalog> catalog;
        try {
            catalog = env_.catalogs.find(lang);
        } catch (const Failure& f) {
            d_.append(f.diagnostics());
            return false;
        }
        const Catalog& msg = *catalog;
        const KindRequest request = request_for(lang, msg);
        Composition offer = offer_kind_->compose(request, d_);
        if (d_.has_errors() || !offer.context) return false;
        const Value& ctx = *offer.context;
        std::optional<Date> published = Date::parse_iso(text_of(*ctx.get("offer"), "published"));
        std::optional<Date> offer_reviewed = published;

        std::vector<Page> pages;
        // The PDFs first: the home page gives their sizes. The A4 offer, and the folded leaflet
        // from the offer's leaflet template (local-offer-leaflet.xml).
        struct Download {
            std::string file, size;
        };
        auto render_pdf = [&](std::string_view layout, std::string_view name) -> std::optional<Download> {
            auto doc = document_from_template(env_, authority_.dir, "local-offer", offer, d_, layout);
            if (!doc) return std::nullopt;
            RenderOptions options;
            options.layout = std::string(layout);
            options.date = r_.date;
            options.catalog = &msg;
            options.branding = &authority_.branding;
            RenderedFile pdf = pdf_->render(*doc, options, d_);
            if (d_.has_errors()) return std::nullopt;
            Download made{output_file_name(name, "", lang, "pdf"),
                          msg.format("site-size-kb", {{"kb", std::to_string((pdf.bytes.size() + 1023) / 1024)}})};
            write_text_file(root_ / lang / made.file, pdf.bytes);
            out.files.push_back(std::filesystem::path(lang) / made.file);
            return made;
        };
        Download a4, leaflet;  // empty with --no-pdf
        if (pdf_) {
            auto made = render_pdf("a4", "local-offer");
            if (!made) return false;
            a4 = *made;
            made = render_pdf("leaflet", "local-offer-leaflet");
            if (!made) return false;
            leaflet = *made;
        }

        // Categories that have items, in the law's order (the offer lists them so).
        struct Category {
            std::string id, name;
            const Value* statutory = nullptr;
            const Value* discretionary = nullptr;
            std::optional<Date> reviewed;
        };
        std::vector<Category> categories;
        for (const char* list : {"statutory", "discretionary"})
            for (const auto& g : ctx.get(list)->as_array()) {
                std::string id = text_of(g, "id");
                id = id.substr(id.find('-') + 1);  // law-housing, more-housing
                auto it = std::find_if(categories.begin(), categories.end(), [&](const Category& c) { return c.id == id; });
                if (it == categories.end()) {
                    categories.push_back({id, plain_text(*g.get("name")), nullptr, nullptr, std::nullopt});
                    it = categories.end() - 1;
                }
                (std::string(list) == "statutory" ? it->statutory : it->discretionary) = g.get("items");
                for (const auto& item : g.get("items")->as_array())
                    it->reviewed = latest(it->reviewed, Date::parse_iso(text_of(item, "reviewed")));
            }
        // Keep the law's order: the order of the statutory list, then any only discretionary.
        std::vector<Category> ordered;
        for (const auto& g : ctx.get("statutory")->as_array()) {
            std::string id = text_of(g, "id").substr(text_of(g, "id").find('-') + 1);
            for (const auto& c : categories)
                if (c.id == id) ordered.push_back(c);
        }
        for (const auto& c : categories)
            if (std::none_of(ordered.begin(), ordered.end(), [&](const Category& o) { return o.id == c.id; }))
                ordered.push_back(c);
        for (const auto& c : ordered) offer_reviewed = latest(offer_reviewed, c.reviewed);

        // Pledges.
        struct PledgePage {
            std::string file, title;
            Composition composition;
        };
        std::vector<PledgePage> pledges;
        if (pledge_kind_ && pledge_kind_->has_content(authority_)) {
            auto parts = pledge_kind_->parts(authority_);
            if (parts.empty()) parts.emplace_back();
            for (std::size_t i = 0; i < parts.size(); ++i) {
                KindRequest pr = request;
                pr.part = parts[i];
                Composition c = pledge_kind_->compose(pr, d_);
                if (d_.has_errors() || !c.context) return false;
                const std::string file = i == 0 ? "pledge.html" : "pledge-" + parts[i] + ".html";
                pledges.push_back({file, c.title, std::move(c)});
            }
        }

        // The navigation, the same on every page of this language.
        const std::string title_text = text_of(*ctx.get("offer"), "title-text");
        Value site_common = Value::object();
        Value category_links = Value::array();
        for (const auto& c : ordered) {
            std::size_t count = (c.statutory ? c.statutory->size() : 0) + (c.discretionary ? c.discretionary->size() : 0);
            Value v = Value::object();
            v.set("href", c.id + ".html");
            v.set("name", c.name);
            v.set("count-line", message_value(msg, "site-category-count", {{"count", std::to_string(count)}}));
            category_links.push(std::move(v));
        }
        Value pledge_links = Value::array();
        for (const auto& p : pledges) {
            Value v = Value::object();
            v.set("href", p.file);
            v.set("title", p.title);
            pledge_links.push(std::move(v));
        }

        // Home.
        {
            Value site = Value::object();
            site.set("categories", category_links);
            site.set("pledges", pledge_links);
            site.set("has-pledges", !pledges.empty());
            if (pdf_) {
                Value pdf = Value::object();
                pdf.set("href", a4.file);
                pdf.set("link", message_value(msg, "site-pdf-link", {{"title", title_text}, {"size", a4.size}}));
                site.set("pdf", std::move(pdf));
                Value folded = Value::object();
                folded.set("href", leaflet.file);
                folded.set("link", message_value(msg, "site-leaflet-link", {{"title", title_text}, {"size", leaflet.size}}));
                site.set("leaflet", std::move(folded));
            } else {
                site.set("pdf", false);
                site.set("leaflet", false);
            }
            Page p{"index", "index.html", "site", site_page(offer, title_text, std::move(site)), msg.get("site-home"), offer_reviewed, {}};
            p.composition.template_name = "home";
            pages.push_back(std::move(p));
        }
        for (const auto& c : ordered) {
            Value page = Value::object();
            page.set("name", c.name);
            page.set("statutory", c.statutory ? *c.statutory : Value::array());
            page.set("discretionary", c.discretionary ? *c.discretionary : Value::array());
            page.set("has-statutory", c.statutory && c.statutory->size() > 0);
            page.set("has-discretionary", c.discretionary && c.discretionary->size() > 0);
            Value site = Value::object();
            site.set("page", std::move(page));
            Page p{c.id, c.id + ".html", "site", site_page(offer, c.name + " | " + title_text, std::move(site)), c.name, c.reviewed, {}};
            p.composition.template_name = "category";
            pages.push_back(std::move(p));
        }
        for (const auto& [id, label] : std::vector<std::pair<std::string, std::string>>{
                 {"other-help", "offer-signposts-heading"}, {"who-can-help", "offer-contacts-heading"}}) {
            Page p{id, id + ".html", "site", site_page(offer, msg.get(label), Value::object()), msg.get(label), published, {}};
            p.composition.template_name = id;
            pages.push_back(std::move(p));
        }
        for (auto& pl : pledges) {
            Page p{pl.file.substr(0, pl.file.size() - 5), pl.file, "pledge", std::move(pl.composition), pl.title, std::nullopt, {}};
            if (auto it = p.composition.meta.find("adopted"); it != p.composition.meta.end()) p.reviewed = Date::parse_iso(it->second);
            pages.push_back(std::move(p));
        }
        {
            const Contact* contact = authority_.contact(authority_.site.contact);
            Value site = Value::object();
            Value a11y = Value::object();
            const std::string contact_name = contact ? contact->name : authority_.name;
            a11y.set("intro", message_value(msg, "site-a11y-intro", {{"council", authority_.name}}));
            const bool partial = authority_.site.compliance != "full";
            // What keeps a translated site from full compliance: drafts, when they are published,
            // and English in place of a missing translation.
            const bool drafts = partial && r_.allow_draft_translations;
            const bool fallback = partial && authority_.languages.size() > 1;
            a11y.set("partial", partial);
            a11y.set("drafts", drafts);
            a11y.set("fallback", fallback);
            a11y.set("problems", drafts || fallback);
            a11y.set("status", message_value(msg, partial ? "site-a11y-status-partial" : "site-a11y-status-full"));
            a11y.set("formats", message_value(msg, "site-a11y-formats", {{"contact", contact_name}}));
            a11y.set("report", message_value(msg, "site-a11y-report", {{"contact", contact_name}}));
            const Date prepared = authority_.site.statement_prepared.value_or(r_.date);
            const Date reviewed = authority_.site.statement_reviewed.value_or(prepared);
            a11y.set("prepared", message_value(msg, "site-a11y-prepared", {{"prepared", format_long_date(prepared, lang)},
                                                                            {"reviewed", format_long_date(reviewed, lang)}}));
            site.set("a11y", std::move(a11y));
            Value c = Value::object();
            c.set("name", contact_name);
            c.set("phone", contact ? contact->phone : "");
            c.set("phone-uri", contact && !contact->phone.empty() ? phone_uri(contact->phone) : "");
            c.set("email", contact ? contact->email : "");
            c.set("email-uri", contact && !contact->email.empty() ? "mailto:" + contact->email : "");
            c.set("hours", contact ? contact->hours : "");
            site.set("contact", std::move(c));
            Page p{"accessibility", "accessibility.html", "site", site_page(offer, msg.get("site-a11y-title"), std::move(site)), "", reviewed, {}};
            p.composition.template_name = "accessibility";
            pages.push_back(std::move(p));
        }
        {
            Page p{"search", "search.html", "site", site_page(offer, msg.get("site-search-title"), Value::object()), "", published, {}};
            p.composition.template_name = "search";
            pages.push_back(std::move(p));
        }
        // The search page lists every page, so it is built last with the others' titles.
        for (auto& p : pages) {
            if (p.id == "search") {
                Value list = Value::array();
                for (const auto& other : pages) {
                    if (other.id == "search") continue;
                    Value v = Value::object();
                    v.set("href", other.file);
                    v.set("title", other.nav_label.empty() ? other.composition.title : other.nav_label);
                    list.push(std::move(v));
                }
                auto ctx2 = std::make_shared<Value>(*p.composition.context);
                ctx2->get("site")->set("pages", std::move(list));
                p.composition.context = std::move(ctx2);
            }
            auto doc = document_from_template(env_, authority_.dir, p.folder, p.composition, d_);
            if (!doc) {
                d_.error(Location::in_file((r_.output / lang / p.file).lexically_normal().string()), "the " + lang + " page " + p.file + " could not be built");
                return false;
            }
            if (doc->audience != Audience::Public) {
                d_.error(doc->where, "the " + p.file + " page is not for the public; the site publishes public documents only");
                return false;
            }
            p.doc = std::move(*doc);
        }

        std::vector<std::string> files;
        for (const auto& p : pages) files.push_back(p.file);
        if (page_files_.empty()) page_files_ = files;
        files_by_lang_[lang] = files;
        if (front_title_.empty()) front_title_ = title_text;

        // Render every page with the site around it.
        std::string index = "window.carepackSearchIndex = [\n";
        bool first_entry = true;
        auto add_entry = [&](const std::string& url, const std::string& title, const std::string& page, const std::string& text) {
            index += std::string(first_entry ? "" : ",\n") + "{\"u\":" + json_string(url) + ",\"t\":" + json_string(title) +
                     ",\"p\":" + json_string(page) + ",\"x\":" + json_string(text) + "}";
            first_entry = false;
        };
        for (const auto& p : pages) {
            SiteChrome chrome;
            chrome.home_href = "index.html";
            chrome.navigation_label = msg.get("site-navigation");
            for (const auto& other : pages)
                if (!other.nav_label.empty()) chrome.navigation.push_back({other.file, other.nav_label, "", other.id == p.id});
            chrome.languages_label = msg.get("site-languages");
            for (const auto& other_lang : authority_.languages) {
                chrome.languages.push_back({"../" + other_lang + "/" + p.file, language_names_.at(other_lang), other_lang, other_lang == lang});
                chrome.alternates.push_back({base_url_ + other_lang + "/" + p.file, "", other_lang, false});
            }
            chrome.alternates.push_back({base_url_ + authority_.default_language() + "/" + p.file, "", "x-default", false});
            chrome.canonical = base_url_ + lang + "/" + p.file;
            chrome.search_action = "search.html";
            chrome.search_label = msg.get("site-search-label");
            chrome.search_button = msg.get("site-search-button");
            chrome.footer_label = msg.get("site-footer");
            chrome.footer_links = {{"accessibility.html", msg.get("site-a11y-title"), "", p.id == "accessibility"},
                                   {"search.html", msg.get("site-search-title"), "", p.id == "search"}};
            if (!a4.file.empty()) chrome.footer_links.push_back({a4.file, msg.format("site-pdf-link", {{"title", title_text}, {"size", a4.size}}), "", false});
            if (!leaflet.file.empty())
                chrome.footer_links.push_back({leaflet.file, msg.format("site-leaflet-link", {{"title", title_text}, {"size", leaflet.size}}), "", false});
            chrome.reviewed = p.reviewed;
            chrome.reviewed_message = "site-reviewed";
            if (p.id == "search") chrome.scripts = {"search-index.js", "../assets/search.js"};

            RenderOptions options;
            options.date = r_.date;
            options.catalog = &msg;
            options.branding = &authority_.branding;
            options.site = &chrome;
            RenderedFile html = html_->render(p.doc, options, d_);
            if (d_.has_errors()) return false;
            write_text_file(root_ / lang / p.file, html.bytes);
            out.files.push_back(std::filesystem::path(lang) / p.file);
            ++out.pages;

            if (p.id == "search") continue;
            const std::string page_title = page_heading(p.doc);
            add_entry(p.file, page_title, page_title, "");
            walk(p.doc.body, [&](const Node& n, int) {
                if (n.kind != NodeKind::Section) return;
                const std::string* id = n.attribute("id");
                const std::string heading = heading_text(n);
                if (!id || id->empty() || heading.empty()) return;
                add_entry(p.file + "#" + *id, heading, page_title, search_text(n));
            });
        }
        index += "\n];\n";
        write_text_file(root_ / lang / "search-index.js", index);
        out.files.push_back(std::filesystem::path(lang) / "search-index.js");

        if (lang == authority_.default_language()) {
            write_text_file(root_ / "open-referral" / "services.json", site::oruk_export(authority_, ctx, base_url_ + lang + "/"));
            out.files.emplace_back("open-referral/services.json");
        }
        return true;
    }

    void write_front_door(PublishOutcome& out) {
        const std::string lang = authority_.default_language();
        std::shared_ptr<const Catalog> catalog = env_.catalogs.find(lang);
        const Catalog& msg = *catalog;
        Value site = Value::object();
        site.set("title", front_title_.empty() ? authority_.name : front_title_);
        site.set("note", message_value(msg, "site-other-languages-note", {{"count", std::to_string(authority_.languages.size())}}));
        Value langs = Value::array();
        SiteChrome chrome;
        for (const auto& l : authority_.languages) {
            Value v = Value::object();
            v.set("href", l + "/index.html");
            v.set("name", language_names_.at(l));
            v.set("lang", l);
            v.set("dir", std::string(direction_name(language_direction(l))));
            langs.push(std::move(v));
            chrome.alternates.push_back({base_url_ + l + "/index.html", "", l, false});
        }
        chrome.alternates.push_back({base_url_, "", "x-default", false});
        chrome.canonical = base_url_;
        chrome.footer_label = msg.get("site-footer");
        chrome.footer_links = {{lang + "/accessibility.html", msg.get("site-a11y-title"), "", false}};
        site.set("languages", std::move(langs));
        auto ctx = std::make_shared<Value>(Value::object());
        ctx->set("lang", lang);
        Value messages = Value::object();
        for (const auto& [id, text] : msg.resolved()) messages.set(id, message_value(msg, id));
        ctx->set("msg", std::move(messages));
        ctx->set("site", std::move(site));
        Composition c;
        c.template_name = "languages";
        c.audience = Audience::Public;
        c.context = ctx;
        auto doc = document_from_template(env_, authority_.dir, "site", c, d_);
        if (!doc) return;
        RenderOptions options;
        options.date = r_.date;
        options.catalog = &msg;
        options.branding = &authority_.branding;
        options.site = &chrome;
        RenderedFile html = html_->render(*doc, options, d_);
        if (d_.has_errors()) return;
        write_text_file(root_ / "index.html", html.bytes);
        out.files.emplace_back("index.html");
        ++out.pages;
    }

    // sitemap.xml with every page and, for each, its versions in the other languages.
    void write_sitemap(PublishOutcome& out) {
        std::string xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
        const std::string day = r_.date.iso();
        for (const auto& lang : authority_.languages)
            for (const auto& file : files_by_lang_[lang]) {
                xml += "  <url>\n    <loc>" + xml_escape(base_url_ + lang + "/" + file) + "</loc>\n    <lastmod>" + day + "</lastmod>\n";
                for (const auto& other : authority_.languages)
                    xml += "    <xhtml:link rel=\"alternate\" hreflang=\"" + xml_escape(other) + "\" href=\"" +
                           xml_escape(base_url_ + other + "/" + file) + "\"/>\n";
                xml += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"" +
                       xml_escape(base_url_ + authority_.default_language() + "/" + file) + "\"/>\n  </url>\n";
            }
        xml += "  <url>\n    <loc>" + xml_escape(base_url_) + "</loc>\n    <lastmod>" + day + "</lastmod>\n  </url>\n</urlset>\n";
        write_text_file(root_ / "sitemap.xml", xml);
        out.files.emplace_back("sitemap.xml");
    }
};

}  // namespace

PublishOutcome SitePublisher::publish(const PublishRequest& request, Diagnostics& diagnostics) const {
    if (!request.env || !request.authority) throw Failure(Location(), "the site publisher needs the environment and the council");
    try {
        SiteBuilder builder(request, diagnostics);
        return builder.run();
    } catch (const Failure& f) {
        diagnostics.append(f.diagnostics());
    } catch (const std::filesystem::filesystem_error& e) {
        diagnostics.error(Location::in_file(e.path1().string()), std::string("cannot write the site: ") + e.code().message());
    }
    return {};
}

}  // namespace carepack
