// The plugin interfaces. A plugin is a shared library built as a CMake MODULE and loaded at run
// time with Poco::ClassLoader. It exports its classes through a Poco manifest and, before that,
// one C function the host reads first:
//
//   extern "C" const carepack_plugin_declaration* carepack_plugin();
//
// so a library built for another API version is refused by name before any of its classes is
// touched. Use CAREPACK_DECLARE_PLUGIN below rather than writing that function by hand.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"
#include "carepack/document.h"

namespace carepack {

// Bump when any interface below changes in a way that breaks built plugins.
inline constexpr int plugin_api_version = 5;  // 2: translations, content(), applicability(); 3: site chrome,
                                              // PublishRequest; 4: print logo, the council's folder, bilingual;
                                              // 5: KindRequest's data folder, year, audience, plugin host

class Catalog;
class PluginHost;
class Value;
struct Authority;
struct Person;

// What a plugin says about itself so the host can list and choose without guessing.
struct Capabilities {
    std::vector<std::string> formats;  // renderers: `html`, `pdf`
    std::vector<std::string> layouts;  // renderers: `a4`, `large-print` ...; `screen` for html
    std::vector<std::string> scripts;  // renderers: ISO 15924 codes they can set (`Latn`, `Arab`)
    std::vector<std::string> kinds;    // document kinds: `pledge`
};

class Plugin {
public:
    virtual ~Plugin();
    virtual std::string id() const = 0;       // `html`, `pledge`
    virtual std::string summary() const = 0;  // one line for `carepack plugins`
    virtual Capabilities capabilities() const = 0;
};

// The council's look, the only part of its configuration a renderer sees.
struct Branding {
    std::string council_name;
    std::string primary_colour = "#1d4f91";  // banner background, links
    std::string on_primary_colour = "#ffffff";  // text on the banner
    std::string accent_colour = "#ffdd00";  // focus ring
    std::filesystem::path logo;  // may be empty
    std::string logo_alt;
    std::filesystem::path print_logo;  // PNG or JPEG for PDFs; may be empty
    // The council's folder: a document's relative image sources are read from here, never from
    // outside it.
    std::filesystem::path folder;
    std::string website;
};

// A link the site publisher asks a page to carry: in the navigation, the language switcher or
// the footer. `lang` is the language of the label (the switcher names each language in itself).
struct SiteLink {
    std::string href;
    std::string label;
    std::string lang;      // empty: the page's own
    bool current = false;  // this page: aria-current="page"
};

// What a page of a website has around its Document. Given by the site publisher; a renderer
// draws it (HTML) or ignores it (PDF). Labels are already in the page's language.
struct SiteChrome {
    std::string home_href;                // the banner's council name links here
    std::string navigation_label;         // "This site"
    std::vector<SiteLink> navigation;     // the site's pages
    std::string languages_label;          // "Other languages"
    std::vector<SiteLink> languages;      // this page in every language, named in itself
    std::vector<SiteLink> alternates;     // <link rel="alternate" hreflang>: absolute URLs, lang = hreflang
    std::string canonical;                // this page's absolute URL
    std::string search_action;            // the search page; empty: no search box
    std::string search_label, search_button;
    std::string footer_label;             // "About this site"
    std::vector<SiteLink> footer_links;   // the accessibility statement ...
    std::optional<Date> reviewed;         // "Page last reviewed" in the footer
    std::string reviewed_message;         // message id for that line, with a {date}
    std::vector<std::string> scripts;     // deferred scripts (only to enhance: pages read without them)
};

struct RenderOptions {
    std::string layout;                      // empty: the renderer's default
    Date date;                               // the as-of date, for "made on" lines and metadata
    const Catalog* catalog = nullptr;        // the document's language
    const Branding* branding = nullptr;
    const SiteChrome* site = nullptr;        // a page of a website; nullptr for a standalone page
    // A bilingual document: the same kind's Document in a second language, set beside this one
    // in two columns (PDF). Its own catalog gives its generated words.
    const Document* parallel = nullptr;
    const Catalog* parallel_catalog = nullptr;
};

struct RenderedFile {
    std::string extension;  // `html`, `pdf`
    std::string bytes;
};

class Renderer : public Plugin {
public:
    // Draws the Document. Problems it can recover from go in `diagnostics` as warnings; ones
    // it cannot throw Failure. A renderer never reads case data: all it has is the Document.
    virtual RenderedFile render(const Document& doc, const RenderOptions& options,
                                Diagnostics& diagnostics) const = 0;
};

// What a document kind hands to the template stage.
struct Composition {
    std::string template_name;  // `public` finds templates/<kind>/public.xml
    Audience audience = Audience::Public;
    std::string title;                          // for the file name and the register
    std::map<std::string, std::string> meta;    // author, version, review-date: copied to the Document
    std::shared_ptr<const Value> context;       // the template's data
};

struct KindRequest {
    const Authority* authority = nullptr;
    const Person* person = nullptr;        // personal documents only: the typed view
    const Value* person_record = nullptr;  // and the record as read, with its sensitivities
    const Catalog* catalog = nullptr;
    Date date;
    std::string lang;
    bool allow_draft_translations = false;  // see RenderJob
    std::string part;  // which of the kind's documents, when the council has several (RenderJob::part)
    // For kinds computed from data rather than a case record (the IRO report): the loaded
    // plugins, whose data sources read it; the folder it is in; the reporting year (`2025-26`);
    // and the audience asked for, when the kind offers more than one (empty: its default).
    const PluginHost* plugins = nullptr;
    std::filesystem::path data_dir;
    std::string year;
    std::optional<Audience> audience;
};

class DocumentKind : public Plugin {
public:
    // Loads and validates what the kind needs from the council's folder; every problem goes in
    // `diagnostics` with its file and line. Used by `carepack check` and before each render.
    virtual void check_content(const Authority& authority, Diagnostics& diagnostics) const = 0;
    // Derives the facts as of the request's date and returns the template's data.
    virtual Composition compose(const KindRequest& request, Diagnostics& diagnostics) const = 0;
    // Whether the council's folder has this kind's content at all (`carepack check` skips it
    // when not).
    virtual bool has_content(const Authority& authority) const = 0;
    // Whether `--person` is needed, optional or refused.
    enum class PersonUse { None, Optional, Required };
    virtual PersonUse person_use() const = 0;
    // The council's content files this kind reads, as loaded (with their translations), for
    // `carepack check --translations`. Empty for kinds with no translatable content.
    struct ContentFile {
        std::filesystem::path file;
        std::shared_ptr<const Value> value;
    };
    virtual std::vector<ContentFile> content(const Authority& authority, Diagnostics& diagnostics) const;
    // For a person: each conditional part of the document (an offer item, a promise), whether
    // it applies to them on the request's date, and why, in plain words. `carepack offer`.
    struct Applicability {
        std::string id, title, group;  // group: the category or theme
        bool statutory = false;
        bool applies = false;
        std::string reason;  // the condition in words, or why it always applies
        std::string rule;    // the condition as written
        Location where;      // where it is written (a shared file, for a shared offer item)
        std::string shared_by;  // who shares it, when it comes from a shared offer
    };
    virtual std::vector<Applicability> applicability(const KindRequest& request, Diagnostics& diagnostics) const;
    // The documents of this kind the council has, when it has more than one (a pledge to the
    // children it looks after and one to children placed in its area): their ids, the first
    // the default. Empty when there is only one.
    virtual std::vector<std::string> parts(const Authority& authority) const;
};

class DataSource : public Plugin {
public:
    virtual std::shared_ptr<const Value> read(const std::filesystem::path& input,
                                              Diagnostics& diagnostics) const = 0;
};

struct Environment;

struct PublishRequest {
    const Environment* env = nullptr;       // to compose and render through the core pipeline
    const Authority* authority = nullptr;
    std::filesystem::path output;           // the folder the site is written to
    Date date;
    bool allow_draft_translations = false;
    bool pdf = true;                        // also the downloadable PDFs
    std::string base_url;                   // where it will be published; empty: the council's setting
    std::function<void(const std::string&)> progress;  // one line per step, may be empty
};

struct PublishOutcome {
    std::size_t pages = 0;                  // HTML pages written
    std::vector<std::filesystem::path> files;  // every file, relative to the output folder
};

class Publisher : public Plugin {
public:
    // Writes the whole publication into a fresh folder beside `output` and swaps it in only when
    // everything succeeded. Errors in the content refuse it, listed in `diagnostics`.
    virtual PublishOutcome publish(const PublishRequest& request, Diagnostics& diagnostics) const = 0;
};

}  // namespace carepack

extern "C" {
struct carepack_plugin_declaration {
    int api_version;
    const char* id;
};
}

// In exactly one source file of a plugin, after the Poco manifest.
#define CAREPACK_DECLARE_PLUGIN(plugin_id)                                           \
    extern "C" __attribute__((visibility("default"))) const carepack_plugin_declaration* \
    carepack_plugin() {                                                              \
        static const carepack_plugin_declaration d{CAREPACK_PLUGIN_API_VERSION_FOR_BUILD, \
                                                   plugin_id};                       \
        return &d;                                                                   \
    }

// A test overrides this to build a plugin for another API version.
#ifndef CAREPACK_PLUGIN_API_VERSION_FOR_BUILD
#define CAREPACK_PLUGIN_API_VERSION_FOR_BUILD (::carepack::plugin_api_version)
#endif
