// Personal packs: for every young person in a folder of case records, their documents (the
// pathway plan, health passport, pledge and local offer) in their own language and in English,
// as HTML and PDF, with a manifest of checksums, written owner-only as a folder or a zip, each
// pack whole or not at all. The council's content, templates, catalogs and fonts are loaded once
// for the batch and shared by the worker threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/date.h"
#include "carepack/diagnostics.h"
#include "carepack/pipeline.h"

namespace carepack {

class Register;

// pathway-plan, health-passport, pledge, local-offer: the order of a pack.
std::vector<std::string> default_pack_kinds();

struct PacksRequest {
    std::filesystem::path authority_dir;
    std::filesystem::path cases_dir;   // every *.json and *.xml in it, by file name
    std::filesystem::path output_dir;  // OUT/<id>/ or OUT/<id>.zip for each
    std::vector<std::string> kinds;    // empty: default_pack_kinds()
    Date date;                         // what every document is true on
    unsigned jobs = 0;                 // worker threads; 0: one per core
    bool zip = false;
    bool allow_draft_translations = false;
    Register* register_ = nullptr;     // where each pack's documents are recorded; may be null
    std::string run_id;                // the register's run id for this batch
    // Called once per record as it finishes, from the worker that made it, one call at a time.
    std::function<void(std::size_t done, std::size_t total, const std::string& person_id, bool ok)> progress;
};

// One file of a pack, as its manifest lists it.
struct PackFile {
    std::string name, kind, lang, format;
    std::size_t bytes = 0;
    std::string sha256;
    int pages = 0;  // PDF only
    std::string template_path;    // relative to carepack's data folder or the council's folder
    std::string template_source;  // which of those: `carepack` or `council`
    std::string template_sha256;
    std::string content_version;
    std::string audience;
};

struct PackOutcome {
    std::filesystem::path record;   // the case record it was made from
    std::string person_id;          // empty when the record could not be read
    std::filesystem::path written;  // OUT/<id> or OUT/<id>.zip; empty when it failed
    std::vector<PackFile> files;
    std::size_t documents = 0;
    Diagnostics diagnostics;        // the record's own problems and warnings
    bool ok() const { return !diagnostics.has_errors() && !written.empty(); }
};

struct PacksSummary {
    std::vector<PackOutcome> packs;  // in record order
    Diagnostics diagnostics;         // problems with the batch itself (the council's content)
    std::size_t made = 0, failed = 0, documents = 0, files = 0, pages = 0;
    double seconds = 0;
    bool ok() const { return !diagnostics.has_errors() && failed == 0; }
};

// Makes every pack. One bad record is reported in its PackOutcome and the others are still
// made; a problem with the council's content stops the batch before any pack (in `diagnostics`).
PacksSummary make_packs(const Environment& env, const PacksRequest& request);

// The pack's folder and file-name form of a person id: `brk-lc-0001`.
std::string pack_name(std::string_view person_id);

// FIPS 180-4 SHA-256 of `bytes`, in lower-case hex.
std::string sha256_hex(std::string_view bytes);

// The number of pages of a PDF carepack wrote: its page tree's /Count.
int pdf_page_count(std::string_view pdf);

// manifest.json for a pack, byte for byte the same for the same pack.
std::string pack_manifest(const std::string& person_id, const Date& date, const std::vector<PackFile>& files);

}  // namespace carepack
