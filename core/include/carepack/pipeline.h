// The pipeline, end to end: council content and a case record in, checked documents out.
//
//   load + validate -> document kind composes the data as of a date -> template (council's
//   own first) -> Document -> checks -> renderer per format -> atomic write
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "carepack/authority.h"
#include "carepack/date.h"
#include "carepack/diagnostics.h"
#include "carepack/document.h"
#include "carepack/locale.h"
#include "carepack/person_record.h"
#include "carepack/plugin_host.h"
#include "carepack/translation.h"

namespace carepack {

// Where carepack's own templates, locales and examples are: $CAREPACK_DATA_DIR, else the source
// tree when running from a build, else the installed share/carepack.
std::filesystem::path data_directory();

struct Environment {
    PluginHost plugins;
    std::filesystem::path templates_dir;
    std::filesystem::path locales_dir;
    Catalogs catalogs;

    // Plugins from the default folders (or `plugin_dirs`), templates and locales from
    // data_directory(). Plugins that fail to load are in plugins.problems().
    static std::unique_ptr<Environment> create(const std::vector<std::filesystem::path>& plugin_dirs = {});
};

class Template;

// Templates read once and then shared, read-only, by every document of a batch and every thread
// making them (`carepack packs`). A render on its own reads its template afresh.
class TemplateCache {
public:
    // The template in `file`, read and checked the first time; its warnings are given again to
    // each caller. Throws Failure as Template::load does (and caches nothing then).
    std::shared_ptr<const Template> load(const std::filesystem::path& file, Diagnostics& diagnostics);

private:
    struct Entry {
        std::shared_ptr<const Template> parsed;
        Diagnostics diagnostics;
    };
    std::mutex mutex_;
    std::map<std::filesystem::path, Entry> entries_;
};

struct RenderJob {
    std::string kind;
    std::filesystem::path authority_dir;
    std::optional<std::filesystem::path> person_file;
    std::string lang;  // empty: the council's first language
    std::vector<std::string> formats{"html"};
    std::string layout;  // empty: each renderer's default; also picks <template>-<layout>.xml where there is one
    Date date;
    std::filesystem::path output_dir;
    // Use translations still marked draft; the document then says, in its language and in
    // English, that the translation awaits the council's review.
    bool allow_draft_translations = false;
    // Which of the kind's documents, when the council has several (`carepack render pledge
    // --part placed-here`); empty for the default, or for a personal copy the one that fits.
    std::string part;
    // A bilingual PDF: this language beside `lang`, a column each (`pledge-cy+en-GB.pdf`).
    std::string second_lang;
    // A report computed from data (`carepack iro-report`): the data folder, the reporting year
    // and the audience (see KindRequest); empty for the other kinds.
    std::filesystem::path data_dir;
    std::string year;
    std::optional<Audience> audience;
    // A batch loads these once and shares them, read-only, between threads. With `authority`,
    // the council's content is taken as checked already (check_content ran once for the batch);
    // with `person`, person_file is not read again. nullptr: loaded by the render itself.
    const Authority* authority = nullptr;
    const PersonRecord* person = nullptr;
    TemplateCache* templates = nullptr;
};

// One document made in every format asked for, not yet written: what `carepack packs` puts in a
// pack and what the register records.
struct RenderedDocument {
    std::string kind;       // with its part, as the file is named: `pledge`, `pledge-placed-here`
    std::string person_id;  // empty for a public document
    std::string lang;       // `cy`, or `cy+en-GB` for a bilingual PDF
    Audience audience = Audience::Public;
    std::filesystem::path template_file;  // the template it was made from
    std::string content_version;          // the kind's `version` meta (the pledge's version)
    std::vector<RenderedFile> files;      // in format order
    std::vector<std::string> formats;     // the format of each file

    // `pledge-brk-ex-0003-en-GB.pdf` for files[i]
    std::string file_name(std::size_t i) const;
};

struct RenderOutcome {
    std::vector<std::filesystem::path> files;  // written, in format order
    std::optional<RenderedDocument> document;  // what was written, when it was
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.has_errors(); }
};

// Builds and checks the Document without rendering it. nullopt when errors stop it (they are in
// `diagnostics`).
std::optional<Document> build_document(const Environment& env, const RenderJob& job, Diagnostics& diagnostics);

// The template stage on its own, for a publisher that composes once and makes many pages:
// expands templates/<folder>/<c.template_name>.xml (the council's own first) with the
// composition's data, copies its meta, and checks the Document. nullopt when errors stop it.
// With a layout, the layout's own template <c.template_name>-<layout>.xml is used where there
// is one (find_template): the leaflet's shorter text for `leaflet`.
std::optional<Document> document_from_template(const Environment& env, const std::filesystem::path& authority_dir,
                                               std::string_view folder, const Composition& c, Diagnostics& diagnostics,
                                               std::string_view layout = {});

// Builds, checks and renders every format, in memory. nullopt when errors stop it.
std::optional<RenderedDocument> render_in_memory(const Environment& env, const RenderJob& job, Diagnostics& diagnostics);

// Builds, checks, renders every format, and only then writes the files. Nothing is written if
// anything fails.
RenderOutcome render_document(const Environment& env, const RenderJob& job);

// `carepack offer`: what of a document kind applies to the job's person on its date, and why.
struct Explanation {
    Person person;
    std::vector<DocumentKind::Applicability> parts;
};
std::optional<Explanation> explain(const Environment& env, const RenderJob& job, Diagnostics& diagnostics);

// `carepack check`: the council's folder, every kind's content, and each kind's public document
// through the check stage, in every language, from its base template and from each layout's
// own template (a leaflet) for the layouts the loaded renderers offer.
Diagnostics check_authority(const Environment& env, const std::filesystem::path& authority_dir);

// `carepack check --translations`: for each language the council offers other than English,
// how much of its content is translated (over every kind's content files), and what is missing
// or stale. Problems loading the content go in `diagnostics`.
std::vector<Coverage> translation_coverage(const Environment& env, const std::filesystem::path& authority_dir,
                                           Diagnostics& diagnostics);

// `pledge-en-GB.html`, `pledge-brk-ex-0003-en-GB.pdf`
std::string output_file_name(std::string_view kind, std::string_view person_id, std::string_view lang,
                             std::string_view extension);

// A date written out in full for a reader in `lang` (en-GB: "22 November 2026"), by ICU.
std::string format_long_date(const Date& date, std::string_view lang);

// An amount of money as a reader in `lang` writes it (en-GB: "£2,000", "£12.50"), by ICU.
std::string format_money(double amount, std::string_view currency, std::string_view lang);

}  // namespace carepack
