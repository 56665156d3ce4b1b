// The carepack command: parses arguments and calls the library. Nothing else lives here.
#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "carepack/json.h"
#include "carepack/date.h"
#include "carepack/authority.h"
#include "carepack/packs.h"
#include "carepack/pipeline.h"
#include "carepack/output.h"
#include "carepack/register.h"
#include "carepack/reviews.h"
#include "carepack/serve.h"

namespace fs = std::filesystem;
using namespace carepack;

namespace {

constexpr int exit_ok = 0, exit_failed = 1, exit_usage = 2;

const char* main_help = R"(carepack: the documents a council owes to children in care and care leavers

Usage: carepack COMMAND [OPTIONS]

Commands:
  render KIND   make a document (the pledge ...) as HTML or PDF
  check         check a council's content without writing anything
  plugins       list the loaded plugins and what they can do
  offer         what in the local offer applies to one young person, and why
  packs         every young person's documents, in their language and English, as packs
  register      list the personal documents carepack has made, newest first
  publish       write the council's local offer website, in every language it offers
  serve SITE    show a built site on this computer before it is published
  iro-report    the annual IRO report, computed from the SSDA903 return and the IRO records
  demo          check and render the bundled example council

Options for every command:
  --plugin-dir DIR   load plugins from DIR instead of the default folder (repeatable)
  -h, --help         help for the command
  --version          print the version

Run `carepack COMMAND --help` for a command's options.
)";

const char* render_help = R"(Usage: carepack render KIND --authority DIR [OPTIONS]

Makes one document of the given kind (see `carepack plugins` for the kinds) from a council's
folder, checks it, and writes it in each format. Nothing is written when anything fails.

Options:
  --authority DIR     the council's folder (authority.xml and its content)
  --person FILE       a young person's record (.json or .xml), for a personal copy
  --lang TAG          the language (default: the council's first language)
  --format LIST       formats, comma-separated (default: html)
  --layout NAME       a page layout the renderer offers (default: its own); the pdf renderer
                      has a4, a5, large-print (16 pt and up) and leaflet (an A4 sheet folded
                      in three); a kind's own template for the layout is used where it has one
  --second-lang TAG   a bilingual PDF: TAG in a second column beside --lang (the
                      right-to-left language on the right); written as KIND-LANG+TAG.pdf
  --date YYYY-MM-DD   the date the document is true on (default: today, or SOURCE_DATE_EPOCH)
  -o, --output DIR    where to write (default: the current folder)
  --part ID           which document, when the council has several of the kind (a second pledge,
                      to children placed in its area: --part placed-here); the file is then
                      named KIND-ID-LANG.EXT. A personal copy otherwise gets the one that fits.
  --allow-draft-translations
                      use translations the council has not reviewed yet; the document then
                      says so, in its language and in English (without this, their English is
                      shown, marked as English)
  --register CONN     where a personal copy is recorded (see `carepack register --help`)
)";

const char* packs_help = R"(Usage: carepack packs --authority DIR --cases DIR -o OUT [OPTIONS]

Makes a pack for every young person whose case record (.json or .xml) is in --cases, in file
name order: their pathway plan, health passport, the pledge and the local offer, each in their
preferred language and in English (once when that is English; a language the council does not
offer falls back to English, with a warning naming the record), as HTML and PDF. OUT/<id>/
holds a pack's files and manifest.json (each file's kind, language, format, size, SHA-256,
pages, template and content version). Files are readable by their owner only; a pack is
written under a temporary name and renamed into place whole. Every document is recorded in
the register.

A record with errors is reported (file and field) and the other packs are still made; the
exit code is then 1. The same records, content and --date give byte-identical packs.

Options:
  --authority DIR     the council's folder
  --cases DIR         the folder of case records
  -o, --output OUT    where the packs go
  --jobs N            packs made at once (default: one per core)
  --zip               write OUT/<id>.zip instead of a folder
  --date YYYY-MM-DD   the date the documents are true on (default: today, or SOURCE_DATE_EPOCH)
  --kinds LIST        which documents, comma-separated, in pack order (default:
                      pathway-plan,health-passport,pledge,local-offer)
  --register CONN     where to record them (see `carepack register --help`)
  --allow-draft-translations
                      use translations the council has not reviewed yet; each document then
                      says so, in its language and in English
)";

const char* register_help = R"(Usage: carepack register [--register CONN] [--person ID] [--kind K] [--since DATE]
                         [--until DATE] [--format table|csv|json]

Lists the personal documents carepack has made (by `carepack packs` and `carepack render
--person`), newest first: when (UTC), who ran it, the council, the young person, the kind,
language and format, the file, its SHA-256, the template and content version it came from.

Options:
  --register CONN     sqlite:PATH or postgresql:host=... dbname=... (default: $CAREPACK_REGISTER,
                      else sqlite:$XDG_DATA_HOME/carepack/register.sqlite, which is
                      ~/.local/share/carepack/register.sqlite when XDG_DATA_HOME is not set)
  --person ID         only this young person's documents
  --kind K            only this kind (pathway-plan, pledge ...)
  --since DATE        only those made on or after this day (YYYY-MM-DD, UTC)
  --until DATE        only those made on or before this day
  --format F          table (default), csv or json
)";

const char* check_help = R"(Usage: carepack check --authority DIR

Checks a council's folder: authority.xml, each document kind's content (for example
pledge.xml), and each public document through the check stage (unfinished placeholders,
headings, alt text, table headers, what the audience may see). Prints each problem as
file:line:col and exits non-zero if there is an error.

Options:
  --authority DIR     the council's folder
  --translations      instead, report translation coverage: for each language the council
                      offers, the share of its content translated (reviewed and draft), and
                      each text whose translation is missing or stale, by file and line
)";

const char* offer_help = R"(Usage: carepack offer --authority DIR --person FILE [--date YYYY-MM-DD] [--lang TAG]

Lists what in the council's local offer applies to one young person on a date, and why: each
item, statutory or not, with who it is for in plain words. Nothing is written.

Options:
  --authority DIR     the council's folder (with offer.xml)
  --person FILE       the young person's record (.json or .xml)
  --date YYYY-MM-DD   the date (default: today, or SOURCE_DATE_EPOCH)
  --lang TAG          the language of the reasons (default: the council's first language)
)";

const char* publish_help = R"(Usage: carepack publish --authority DIR -o SITE [OPTIONS]

Writes the council's local offer website into SITE, in every language authority.xml lists: for
each language a home page, a page per category (every item linkable as category.html#item-id),
other places that can help, who can help, the pledges, an accessibility statement and search
(no server needed), with a language switcher and the date each page was last checked. At the
top: a page naming every language in itself, sitemap.xml with hreflang alternates, robots.txt
and open-referral/services.json (Open Referral UK). Each language also gets the offer as an A4
PDF, linked with its size.

Content with errors is refused, with each error listed, and nothing is written. The site is
built beside SITE and put in its place only when complete. No case record is ever read.

Options:
  --authority DIR     the council's folder
  -o, --output SITE   the folder to write (replaced as a whole)
  --base-url URL      where the site will be published (default: authority.xml <site url>)
  --date YYYY-MM-DD   the date pages are made on (default: today, or SOURCE_DATE_EPOCH)
  --allow-draft-translations
                      publish translations the council has not reviewed yet; every page with
                      one says so, in its language and in English
  --no-pdf            leave out the PDFs (quicker, for trying out the pages)
)";

const char* serve_help = R"(Usage: carepack serve SITE [--port N] [--host ADDRESS]

Serves a site built by `carepack publish` at http://127.0.0.1:8080/ so that a person can look at
it, in a browser, before it is published. Static files only. Stop it with Ctrl+C.

Options:
  --port N            the port (default: 8080; 0 picks a free one)
  --host ADDRESS      the address to listen on (default: 127.0.0.1, this computer only). Give
                      another only on a network you trust: the site is not published yet
)";

const char* plugins_help = R"(Usage: carepack plugins

Lists every plugin loaded, with its kind, formats, layouts and scripts, and any plugin that
could not be loaded with the reason.
)";

const char* iro_report_help = R"(Usage: carepack iro-report --authority DIR --data DIR --year 2025-26 [OPTIONS]

Makes the annual report of the Independent Reviewing Officer service to the corporate parenting
board: children looked after, reviews and their timeliness under regulation 33, participation,
midway checks and visits, caseloads against the IRO Handbook's 50 to 70, and escalations, for
the year beside the year before, every figure computed from the data. The narrative (good
practice, areas for development, resources, priorities) and the optional committee cover sheet
come from the council's iro-report.xml; unfinished placeholders in it are refused.

Rows of the data that cannot be used are left out, counted in the report, and listed here with
their file and line; they do not stop the report. Errors that do (a missing file or folder, a
narrative with placeholders) exit 1 and write nothing.

Options:
  --authority DIR     the council's folder (authority.xml and iro-report.xml)
  --data DIR          a folder holding the SSDA903 returns, one folder a year (2024-25/,
                      2025-26/), and iro/ (the IRO service's records; docs/iro-records.md)
                      (default: DIR/data in the council's folder)
  --year YYYY-YY      the reporting year, 1 April to 31 March (default: the narrative's year)
  --audience A        professional (default: for the board; names the IROs and lists the rows
                      left out) or public (for publication: counts below the threshold are
                      hidden, with secondary suppression, and nobody is named)
  --format LIST       formats, comma-separated (default: html,pdf)
  --layout NAME       a page layout the renderer offers (default: its own)
  --date YYYY-MM-DD   the date the report is made on (default: today, or SOURCE_DATE_EPOCH)
  -o, --output DIR    where to write (default: the current folder); the files are
                      iro-report-YEAR.html and .pdf, or iro-report-YEAR-public.*
)";

const char* demo_help = R"(Usage: carepack demo [-o DIR] [--date YYYY-MM-DD]

Checks the bundled example council (Brackenmoor, fictional), renders every document it has
content for (public copies, a personal copy for each example young person, and each language the
council offers, drafts marked as drafts) in every format a loaded renderer offers, the public
documents in every other PDF layout (DIR/print/LAYOUT) and as bilingual PDFs (Welsh with
English, English with Arabic, in A4 and as the folded leaflet: DIR/print/bilingual),
publishes its local offer website into DIR/site, makes a pack for every young person in its
example caseload (DIR/packs, recorded in DIR/register.sqlite), and makes the annual IRO report
from its example returns, professional and public (DIR/iro-report).

Options:
  -o, --output DIR    where to write (default: ./demo-output)
  --date YYYY-MM-DD   the date (default: today, or SOURCE_DATE_EPOCH)
)";

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::vector<fs::path> plugin_dirs;
    bool help = false;
};

class UsageError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

Args parse(int argc, char** argv) {
    static const std::map<std::string, std::string> takes_value = {
        {"--authority", "--authority"}, {"--person", "--person"}, {"--lang", "--lang"}, {"--format", "--format"},
        {"--layout", "--layout"},       {"--date", "--date"},     {"-o", "--output"},   {"--output", "--output"},
        {"--part", "--part"},           {"--base-url", "--base-url"}, {"--port", "--port"},
        {"--second-lang", "--second-lang"},
        {"--host", "--host"},           {"--cases", "--cases"},   {"--jobs", "--jobs"},
        {"--kinds", "--kinds"},         {"--register", "--register"}, {"--kind", "--kind"},
        {"--since", "--since"},         {"--until", "--until"},   {"--data", "--data"},
        {"--year", "--year"},           {"--audience", "--audience"}};
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        std::string value;
        if (auto eq = s.find('='); s.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = s.substr(eq + 1);
            s = s.substr(0, eq);
            if (auto it = takes_value.find(s); it != takes_value.end()) {
                a.options[it->second] = value;
                continue;
            }
            if (s == "--plugin-dir") {
                a.plugin_dirs.emplace_back(value);
                continue;
            }
            throw UsageError("unknown option " + s);
        }
        if (s == "-h" || s == "--help") { a.help = true; continue; }
        if (s == "--allow-draft-translations" || s == "--translations" || s == "--no-pdf" || s == "--zip") {
            a.options[s] = "yes";
            continue;
        }
        if (s == "--version") { a.command = "version"; continue; }
        if (s == "--plugin-dir") {
            if (i + 1 >= argc) throw UsageError("--plugin-dir needs a folder");
            a.plugin_dirs.emplace_back(argv[++i]);
            continue;
        }
        if (auto it = takes_value.find(s); it != takes_value.end()) {
            if (i + 1 >= argc) throw UsageError(s + " needs a value");
            a.options[it->second] = argv[++i];
            continue;
        }
        if (s.size() > 1 && s[0] == '-') throw UsageError("unknown option " + s);
        if (a.command.empty()) a.command = s;
        else a.positional.push_back(s);
    }
    return a;
}

void allow_only(const Args& a, std::initializer_list<const char*> names) {
    for (const auto& [k, v] : a.options)
        if (std::find_if(names.begin(), names.end(), [&](const char* n) { return k == n; }) == names.end())
            throw UsageError("carepack " + a.command + " does not take " + k);
}

std::string option(const Args& a, const std::string& name, const std::string& fallback = {}) {
    auto it = a.options.find(name);
    return it == a.options.end() ? fallback : it->second;
}

Date parse_date_option(const Args& a) {
    auto s = option(a, "--date");
    if (s.empty()) return Date::today();
    auto d = Date::parse_iso(s);
    if (!d) throw UsageError("--date must be a real date written YYYY-MM-DD, not '" + s + "'");
    return *d;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

void print(const Diagnostics& d) {
    for (const auto& item : d.items()) std::cerr << item.str() << '\n';
}

std::unique_ptr<Environment> environment(const Args& a) {
    auto env = Environment::create(a.plugin_dirs);
    for (const auto& p : env->plugins.problems())
        std::cerr << p.file.string() << ": warning: plugin not loaded: " << p.reason << '\n';
    return env;
}

int render_command(const Args& a) {
    allow_only(a, {"--authority", "--person", "--lang", "--format", "--layout", "--date", "--output",
                   "--allow-draft-translations", "--part", "--second-lang", "--register"});
    if (a.positional.size() != 1) throw UsageError("render needs one document kind, e.g. `carepack render pledge`");
    if (option(a, "--authority").empty()) throw UsageError("render needs --authority DIR");
    // Opened before anything is made: a personal document that cannot be recorded is not written.
    std::unique_ptr<Register> reg;
    if (!option(a, "--person").empty()) reg = std::make_unique<Register>(Register::default_connection(option(a, "--register")));
    auto env = environment(a);
    RenderJob job;
    job.kind = a.positional[0];
    job.authority_dir = option(a, "--authority");
    if (auto p = option(a, "--person"); !p.empty()) job.person_file = p;
    job.lang = option(a, "--lang");
    if (auto f = option(a, "--format"); !f.empty()) job.formats = split_list(f);
    job.layout = option(a, "--layout");
    job.date = parse_date_option(a);
    job.output_dir = option(a, "--output", ".");
    job.allow_draft_translations = !option(a, "--allow-draft-translations").empty();
    job.part = option(a, "--part");
    job.second_lang = option(a, "--second-lang");
    auto out = render_document(*env, job);
    print(out.diagnostics);
    if (!out.ok()) {
        std::cerr << "carepack: nothing written (" << out.diagnostics.error_count() << " error"
                  << (out.diagnostics.error_count() == 1 ? "" : "s") << ")\n";
        return exit_failed;
    }
    if (reg && out.document && out.document->audience != Audience::Public) {
        Diagnostics d;
        Authority authority = Authority::load(job.authority_dir, d);
        std::vector<RegisterEntry> rows;
        const std::string run = Register::new_run_id(), user = Register::current_user();
        const fs::path templates = env->templates_dir;
        fs::path tpl = out.document->template_file.lexically_relative(job.authority_dir);
        if (tpl.empty() || *tpl.begin() == "..") tpl = out.document->template_file.lexically_relative(templates.parent_path());
        std::ifstream template_in(out.document->template_file, std::ios::binary);
        const std::string tpl_sha = sha256_hex(std::string(std::istreambuf_iterator<char>(template_in), {}));
        for (std::size_t i = 0; i < out.files.size(); ++i) {
            RegisterEntry e;
            e.run_id = run;
            e.user = user;
            e.council = authority.id;
            e.person_id = out.document->person_id;
            e.kind = out.document->kind;
            e.lang = out.document->lang;
            e.format = out.document->formats[i];
            e.file = fs::absolute(out.files[i]).lexically_normal().string();
            e.sha256 = sha256_hex(out.document->files[i].bytes);
            e.template_path = tpl.generic_string();
            e.template_sha256 = tpl_sha;
            e.content_version = out.document->content_version;
            e.audience = std::string(audience_name(out.document->audience));
            rows.push_back(std::move(e));
        }
        reg->record(std::move(rows));
    }
    for (const auto& f : out.files) std::cout << "wrote " << f.string() << '\n';
    return exit_ok;
}

// A one-line bar redrawn in place on a terminal; plain lines otherwise (a log, a CI job).
class PacksProgress {
public:
    PacksProgress() : terminal_(::isatty(STDERR_FILENO) == 1) {}
    void operator()(std::size_t done, std::size_t total, const std::string& id, bool ok) {
        if (!terminal_) {
            std::cerr << "packs: " << done << '/' << total << ' ' << id << (ok ? " done" : " FAILED") << '\n';
            return;
        }
        if (!ok) failed_ += 1;
        const int width = 30;
        int filled = total ? static_cast<int>(width * done / total) : width;
        std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '-') << "] " << done << '/' << total
                  << (failed_ ? " (" + std::to_string(failed_) + " failed) " : " ") << id << "\x1b[K" << std::flush;
        if (done == total) std::cerr << '\n';
    }

private:
    bool terminal_;
    std::size_t failed_ = 0;
};

int packs_command(const Args& a) {
    allow_only(a, {"--authority", "--cases", "--output", "--jobs", "--zip", "--date", "--kinds", "--register",
                   "--allow-draft-translations"});
    if (!a.positional.empty()) throw UsageError("packs takes no words after it; give --authority DIR --cases DIR -o OUT");
    if (option(a, "--authority").empty()) throw UsageError("packs needs --authority DIR");
    if (option(a, "--cases").empty()) throw UsageError("packs needs --cases DIR, the folder of case records");
    if (option(a, "--output").empty()) throw UsageError("packs needs -o OUT, the folder to write the packs to");
    PacksRequest request;
    request.authority_dir = option(a, "--authority");
    request.cases_dir = option(a, "--cases");
    request.output_dir = option(a, "--output");
    request.date = parse_date_option(a);
    request.zip = !option(a, "--zip").empty();
    request.allow_draft_translations = !option(a, "--allow-draft-translations").empty();
    request.kinds = split_list(option(a, "--kinds"));
    if (auto j = option(a, "--jobs"); !j.empty()) {
        try {
            std::size_t used = 0;
            long n = std::stol(j, &used);
            if (used != j.size() || n < 1 || n > 1024) throw std::out_of_range("jobs");
            request.jobs = static_cast<unsigned>(n);
        } catch (const std::exception&) {
            throw UsageError("--jobs must be a number from 1 to 1024, not '" + j + "'");
        }
    }
    Register reg(Register::default_connection(option(a, "--register")));
    request.register_ = &reg;
    request.run_id = Register::new_run_id();
    auto env = environment(a);
    PacksProgress progress;
    request.progress = [&](std::size_t done, std::size_t total, const std::string& id, bool ok) {
        progress(done, total, id, ok);
    };
    PacksSummary summary = make_packs(*env, request);
    print(summary.diagnostics);
    // The same warning about the council's content comes with every pack: said once.
    std::set<std::string> said;
    if (!summary.diagnostics.has_errors())
        for (const auto& p : summary.packs)
            for (const auto& item : p.diagnostics.items())
                if (item.severity == Severity::Error || said.insert(item.str()).second) std::cerr << item.str() << '\n';
    if (summary.diagnostics.has_errors()) {
        std::cerr << "carepack: no packs made (" << summary.diagnostics.error_count() << " error"
                  << (summary.diagnostics.error_count() == 1 ? "" : "s") << ")\n";
        return exit_failed;
    }
    char rates[128];
    const double secs = summary.seconds > 0 ? summary.seconds : 1e-9;
    std::snprintf(rates, sizeof rates, "%.1f s, %.1f packs/s, %.0f pages/s", summary.seconds, summary.made / secs,
                  summary.pages / secs);
    std::cout << "packs: " << summary.made << " made, " << summary.documents << " documents, " << summary.files
              << " files, " << summary.pages << " PDF pages, " << summary.failed << " failed; " << rates << '\n';
    std::cout << "packs are in " << request.output_dir.string() << '\n';
    return summary.failed ? exit_failed : exit_ok;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int register_command(const Args& a) {
    allow_only(a, {"--register", "--person", "--kind", "--since", "--until", "--format"});
    if (!a.positional.empty()) throw UsageError("register takes no words after it");
    RegisterFilter filter;
    filter.person_id = option(a, "--person");
    filter.kind = option(a, "--kind");
    for (const char* name : {"--since", "--until"}) {
        auto s = option(a, name);
        if (s.empty()) continue;
        auto d = Date::parse_iso(s);
        if (!d) throw UsageError(std::string(name) + " must be a real date written YYYY-MM-DD, not '" + s + "'");
        (std::string(name) == "--since" ? filter.since : filter.until) = d;
    }
    const std::string format = option(a, "--format", "table");
    if (format != "table" && format != "csv" && format != "json")
        throw UsageError("--format must be table, csv or json, not '" + format + "'");
    Register reg(Register::default_connection(option(a, "--register")));
    auto rows = reg.list(filter);
    const std::vector<std::pair<std::string, std::string RegisterEntry::*>> fields = {
        {"when", &RegisterEntry::when},         {"user", &RegisterEntry::user},
        {"council", &RegisterEntry::council},   {"person", &RegisterEntry::person_id},
        {"kind", &RegisterEntry::kind},         {"lang", &RegisterEntry::lang},
        {"format", &RegisterEntry::format},     {"audience", &RegisterEntry::audience},
        {"content_version", &RegisterEntry::content_version}, {"sha256", &RegisterEntry::sha256},
        {"file", &RegisterEntry::file},         {"template", &RegisterEntry::template_path},
        {"template_sha256", &RegisterEntry::template_sha256}, {"run", &RegisterEntry::run_id}};
    if (format == "csv") {
        for (std::size_t i = 0; i < fields.size(); ++i) std::cout << (i ? "," : "") << fields[i].first;
        std::cout << '\n';
        for (const auto& r : rows) {
            for (std::size_t i = 0; i < fields.size(); ++i) std::cout << (i ? "," : "") << csv_field(r.*fields[i].second);
            std::cout << '\n';
        }
    } else if (format == "json") {
        std::cout << "[";
        for (std::size_t n = 0; n < rows.size(); ++n) {
            std::cout << (n ? ",\n " : "\n ") << "{";
            for (std::size_t i = 0; i < fields.size(); ++i)
                std::cout << (i ? ", " : "") << json_string(fields[i].first) << ": " << json_string(rows[n].*fields[i].second);
            std::cout << "}";
        }
        std::cout << (rows.empty() ? "]\n" : "\n]\n");
    } else {
        // The columns a person reads; the checksums and templates are in csv and json.
        const std::vector<std::size_t> shown = {0, 1, 3, 4, 5, 6, 8, 10};
        std::vector<std::size_t> width(fields.size());
        for (auto i : shown) width[i] = fields[i].first.size();
        for (const auto& r : rows)
            for (auto i : shown) width[i] = std::max(width[i], (r.*fields[i].second).size());
        auto line = [&](auto cell) {
            std::string out;
            for (std::size_t k = 0; k < shown.size(); ++k) {
                std::string c = cell(shown[k]);
                out += c;
                if (k + 1 < shown.size()) out += std::string(width[shown[k]] - c.size() + 2, ' ');
            }
            std::cout << out << '\n';
        };
        line([&](std::size_t i) { return fields[i].first; });
        for (const auto& r : rows) line([&](std::size_t i) { return r.*fields[i].second; });
        std::cerr << rows.size() << " document" << (rows.size() == 1 ? "" : "s") << " in " << reg.connection() << '\n';
    }
    return exit_ok;
}

int translations_report(const Environment& env, const fs::path& dir) {
    Diagnostics d;
    auto coverage = translation_coverage(env, dir, d);
    print(d);
    if (d.has_errors()) return exit_failed;
    if (coverage.empty()) std::cout << "the council offers no language but English (authority.xml <languages>)\n";
    for (const auto& c : coverage) {
        std::string name = c.lang;
        try {
            name = env.catalogs.find(c.lang)->english_name() + " (" + c.lang + ")";
        } catch (const Failure&) {
        }
        char percent[16];
        // Rounded down, so that 100% means every text: 228 of 229 is 99%.
        std::snprintf(percent, sizeof percent, "%d%%", static_cast<int>(std::floor(c.percent())));
        std::cout << name << ": " << percent << " translated (" << c.reviewed + c.draft << " of " << c.total << "; "
                  << c.reviewed << " reviewed, " << c.draft << " draft, " << c.stale << " stale, " << c.missing
                  << " missing)\n";
        for (const auto& gap : c.gaps)
            std::cout << "  " << gap.where.str() << ": " << state_name(gap.state) << " (source=\"" << gap.source_hash
                      << "\")\n";
    }
    return exit_ok;
}

int check_command(const Args& a) {
    allow_only(a, {"--authority", "--translations"});
    if (option(a, "--authority").empty()) throw UsageError("check needs --authority DIR");
    auto env = environment(a);
    if (!option(a, "--translations").empty()) return translations_report(*env, option(a, "--authority"));
    auto d = check_authority(*env, option(a, "--authority"));
    print(d);
    std::cerr << option(a, "--authority") << ": " << d.error_count() << " error" << (d.error_count() == 1 ? "" : "s")
              << ", " << d.warning_count() << " warning" << (d.warning_count() == 1 ? "" : "s") << '\n';
    return d.has_errors() ? exit_failed : exit_ok;
}

int offer_command(const Args& a) {
    allow_only(a, {"--authority", "--person", "--date", "--lang"});
    if (option(a, "--authority").empty()) throw UsageError("offer needs --authority DIR");
    if (option(a, "--person").empty()) throw UsageError("offer needs --person FILE");
    auto env = environment(a);
    RenderJob job;
    job.kind = "local-offer";
    job.authority_dir = option(a, "--authority");
    job.person_file = option(a, "--person");
    job.lang = option(a, "--lang");
    job.date = parse_date_option(a);
    Diagnostics d;
    auto e = explain(*env, job, d);
    print(d);
    if (!e) return exit_failed;
    const Person& p = e->person;
    std::size_t applies = 0;
    for (const auto& part : e->parts) applies += part.applies;
    std::cout << "The local offer for " << p.id << " on " << job.date.iso() << ": aged " << p.age_on(job.date) << ", "
              << status_name(p.status_on(job.date)) << (p.looked_after_on(job.date) ? ", in care now" : "");
    for (const auto& g : p.groups) std::cout << ", " << g;
    std::cout << "\n\nFor them (" << applies << " of " << e->parts.size() << "):\n";
    for (const auto& part : e->parts)
        if (part.applies)
            std::cout << "  " << (part.statutory ? "[by law] " : "") << part.title << " (" << part.group << "): "
                      << part.reason
                      << (part.shared_by.empty() ? "" : "  [shared by " + part.shared_by + ": " + part.where.str() + "]")
                      << '\n';
    std::cout << "\nNot for them now (" << e->parts.size() - applies << "):\n";
    for (const auto& part : e->parts)
        if (!part.applies)
            std::cout << "  " << part.title << " (" << part.group << "): " << part.reason << "  [" << part.rule << "]\n";
    return exit_ok;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? "-" : s;
}

int plugins_command(const Args& a) {
    allow_only(a, {});
    auto env = Environment::create(a.plugin_dirs);
    for (const auto* p : env->plugins.plugins()) {
        auto c = p->capabilities();
        std::string role = dynamic_cast<const Renderer*>(p)       ? "renderer"
                           : dynamic_cast<const DocumentKind*>(p) ? "document kind"
                           : dynamic_cast<const DataSource*>(p)   ? "data source"
                           : dynamic_cast<const Publisher*>(p)    ? "publisher"
                                                                  : "plugin";
        std::cout << p->id() << " (" << role << "): " << p->summary() << '\n';
        if (!c.formats.empty()) std::cout << "  formats: " << joined(c.formats) << '\n';
        if (!c.layouts.empty()) std::cout << "  layouts: " << joined(c.layouts) << '\n';
        if (!c.scripts.empty()) std::cout << "  scripts: " << joined(c.scripts) << '\n';
        if (!c.kinds.empty()) std::cout << "  kinds: " << joined(c.kinds) << '\n';
        std::cout << "  file: " << env->plugins.file_of(p) << '\n';
    }
    for (const auto& p : env->plugins.problems())
        std::cout << "not loaded: " << p.file.string() << ": " << p.reason << '\n';
    return env->plugins.problems().empty() ? exit_ok : exit_failed;
}

int publish_command(const Args& a) {
    allow_only(a, {"--authority", "--output", "--base-url", "--date", "--allow-draft-translations", "--no-pdf"});
    if (!a.positional.empty()) throw UsageError("publish takes no words after it; give --authority DIR -o SITE");
    if (option(a, "--authority").empty()) throw UsageError("publish needs --authority DIR");
    if (option(a, "--output").empty()) throw UsageError("publish needs -o SITE, the folder to write the site to");
    auto env = environment(a);
    const Publisher* site = env->plugins.publisher("site");
    if (!site) {
        std::cerr << "carepack: error: the site publisher plugin is not loaded (see `carepack plugins`)\n";
        return exit_failed;
    }
    Diagnostics d;
    Authority authority = Authority::load(option(a, "--authority"), d);
    if (d.has_errors()) {
        print(d);
        return exit_failed;
    }
    PublishRequest request;
    request.env = env.get();
    request.authority = &authority;
    request.output = option(a, "--output");
    request.date = parse_date_option(a);
    request.allow_draft_translations = !option(a, "--allow-draft-translations").empty();
    request.pdf = option(a, "--no-pdf").empty();
    request.base_url = option(a, "--base-url");
    request.progress = [](const std::string& line) { std::cerr << "carepack publish: " << line << '\n'; };
    PublishOutcome out = site->publish(request, d);
    print(d);
    if (d.has_errors()) {
        std::cerr << "carepack: the site was not written (" << d.error_count() << " error" << (d.error_count() == 1 ? "" : "s")
                  << "); fix them and publish again\n";
        return exit_failed;
    }
    std::cout << "wrote " << out.pages << " pages (" << out.files.size() << " files) in " << authority.languages.size()
              << " languages to " << request.output.string() << '\n';
    std::cout << "look at it with: carepack serve " << request.output.string() << '\n';
    return exit_ok;
}

volatile std::sig_atomic_t stop_serving = 0;

int serve_command(const Args& a) {
    allow_only(a, {"--port", "--host"});
    if (a.positional.size() != 1) throw UsageError("serve needs the site's folder, e.g. `carepack serve site`");
    const std::string host = option(a, "--host", "127.0.0.1");
    const std::string port_text = option(a, "--port", "8080");
    unsigned long port = 0;
    try {
        std::size_t used = 0;
        port = std::stoul(port_text, &used);
        if (used != port_text.size() || port > 65535) throw std::out_of_range("port");
    } catch (const std::exception&) {
        throw UsageError("--port must be a number from 0 to 65535, not '" + port_text + "'");
    }
    if (host != "127.0.0.1" && host != "localhost" && host != "::1")
        std::cerr << "carepack serve: warning: listening on " << host << ", not only this computer; the site is not published yet\n";
    SiteServer server(a.positional[0], host, static_cast<unsigned short>(port));
    std::cout << "serving " << a.positional[0] << " at " << server.url() << " (Ctrl+C stops it)" << std::endl;
    std::signal(SIGINT, [](int) { stop_serving = 1; });
    std::signal(SIGTERM, [](int) { stop_serving = 1; });
    while (!stop_serving) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    server.stop();
    std::cout << "stopped" << std::endl;
    return exit_ok;
}

int make_iro_report(const Environment& env, const RenderJob& job, const fs::path& out_dir);

int iro_report_command(const Args& a) {
    allow_only(a, {"--authority", "--data", "--year", "--audience", "--format", "--layout", "--date", "--output"});
    if (!a.positional.empty()) throw UsageError("iro-report takes no words after it; give --authority DIR --data DIR --year 2025-26");
    if (option(a, "--authority").empty()) throw UsageError("iro-report needs --authority DIR");
    RenderJob job;
    job.kind = "iro-report";
    job.authority_dir = option(a, "--authority");
    job.data_dir = option(a, "--data");
    job.year = option(a, "--year");
    if (!job.year.empty() && !ReportingYear::parse(job.year))
        throw UsageError("--year must be a reporting year written like 2025-26, not '" + job.year + "'");
    const std::string audience = option(a, "--audience", "professional");
    if (audience != "professional" && audience != "public")
        throw UsageError("--audience must be professional or public, not '" + audience + "'");
    job.audience = audience == "public" ? Audience::Public : Audience::Professional;
    job.formats = split_list(option(a, "--format", "html,pdf"));
    job.layout = option(a, "--layout");
    job.date = parse_date_option(a);
    job.lang = "en-GB";
    auto env = environment(a);
    return make_iro_report(*env, job, option(a, "--output", "."));
}

// Both the command and the demo: the report in each format, named for its year and audience.
int make_iro_report(const Environment& env, const RenderJob& job, const fs::path& out_dir) {
    Diagnostics d;
    auto report = render_in_memory(env, job, d);
    print(d);
    if (!report) {
        std::cerr << "carepack: no report written (" << d.error_count() << " error" << (d.error_count() == 1 ? "" : "s") << ")\n";
        return exit_failed;
    }
    // The professional report names IROs and lists rows about children: its owner only.
    const Privacy privacy = report->audience == Audience::Public ? Privacy::Shared : Privacy::OwnerOnly;
    for (const auto& file : report->files) {
        const fs::path path = out_dir / ("iro-report-" + report->content_version + "." + file.extension);
        write_file_atomically(path, file.bytes, privacy);
        std::cout << "wrote " << path.string() << '\n';
    }
    return exit_ok;
}

int demo_command(const Args& a) {
    allow_only(a, {"--output", "--date"});
    auto env = environment(a);
    fs::path council = data_directory() / "examples" / "brackenmoor";
    fs::path out_dir = option(a, "--output", "demo-output");
    Date date = parse_date_option(a);
    std::cout << "carepack demo: the fictional council in " << council.string() << ", as of " << date.iso() << '\n';

    auto checked = check_authority(*env, council);
    print(checked);
    if (checked.has_errors()) return exit_failed;
    std::cout << "checked: " << checked.error_count() << " errors, " << checked.warning_count() << " warnings\n";

    std::vector<std::string> formats;
    for (const auto& f : {"html", "pdf"})
        if (env->plugins.renderer_for(f)) formats.emplace_back(f);

    std::vector<std::optional<fs::path>> people{std::nullopt};
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(council / "people"))
        if (e.path().extension() == ".json" || e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) people.emplace_back(f);

    // Every kind the council has content for: public and personal copies in English, and the
    // public documents in each other language the council offers (with draft translations,
    // which the documents then say they are).
    Diagnostics loading;
    Authority authority = Authority::load(council, loading);
    int failures = 0;
    auto render = [&](RenderJob job) {
        auto r = render_document(*env, job);
        print(r.diagnostics);
        if (!r.ok()) ++failures;
        for (const auto& f : r.files) std::cout << "  wrote " << f.string() << '\n';
    };
    auto job_for = [&](const std::string& kind, const fs::path& output) {
        RenderJob job;
        job.kind = kind;
        job.authority_dir = council;
        job.formats = formats;
        job.date = date;
        job.output_dir = output;
        return job;
    };
    for (const auto& kind : env->plugins.kinds()) {
        const DocumentKind* k = env->plugins.kind(kind);
        if (!k->has_content(authority)) continue;
        for (const auto& person : people) {
            if (person && k->person_use() == DocumentKind::PersonUse::None) continue;
            // Personal-only kinds (the pathway plan, the health passport) are made below, in the
            // packs of the example caseload, whose records hold a plan and a health history.
            if (k->person_use() == DocumentKind::PersonUse::Required) continue;
            RenderJob job = job_for(kind, person ? out_dir / "personal" : out_dir / "public");
            job.person_file = person;
            render(job);
        }
        // The kind's other documents (a second pledge), public.
        auto parts = k->parts(authority);
        for (std::size_t i = 1; i < parts.size(); ++i) {
            RenderJob job = job_for(kind, out_dir / "public");
            job.part = parts[i];
            render(job);
        }
        if (k->person_use() == DocumentKind::PersonUse::Required) continue;
        // The print layouts of the public document, and bilingual copies: Welsh beside English
        // (Welsh first), English beside Arabic (Arabic on the right).
        if (const Renderer* pdf = env->plugins.renderer_for("pdf")) {
            for (const auto& layout : pdf->capabilities().layouts) {
                if (layout == "a4") continue;
                RenderJob job = job_for(kind, out_dir / "print" / layout);
                job.formats = {"pdf"};
                job.layout = layout;
                render(job);
            }
            const std::vector<std::pair<std::string, std::string>> pairs{{"cy", "en-GB"}, {"en-GB", "ar"}};
            for (const auto& [first, second] : pairs) {
                if (std::find(authority.languages.begin(), authority.languages.end(), first) == authority.languages.end() ||
                    std::find(authority.languages.begin(), authority.languages.end(), second) == authority.languages.end())
                    continue;
                for (const std::string layout : {"a4", "leaflet"}) {
                    RenderJob job = job_for(kind, out_dir / "print" / "bilingual" / layout);
                    job.formats = {"pdf"};
                    job.lang = first;
                    job.second_lang = second;
                    job.layout = layout;
                    job.allow_draft_translations = true;
                    render(job);
                }
            }
        }
        for (const auto& lang : authority.languages) {
            if (lang == authority.default_language()) continue;
            RenderJob job = job_for(kind, out_dir / "languages");
            job.lang = lang;
            job.allow_draft_translations = true;
            render(job);
        }
    }
    // The council's local offer website, every language, with its drafts marked as drafts.
    if (const Publisher* site = env->plugins.publisher("site")) {
        Diagnostics published;
        PublishRequest request;
        request.env = env.get();
        request.authority = &authority;
        request.output = out_dir / "site";
        request.date = date;
        request.allow_draft_translations = true;
        PublishOutcome out = site->publish(request, published);
        if (published.has_errors()) {
            print(published);
            ++failures;
        } else {
            std::cout << "  wrote the local offer website: " << out.pages << " pages in " << authority.languages.size()
                      << " languages, in " << request.output.string() << '\n';
        }
    }
    // A pack for every young person in the example caseload: the pathway plan, health passport,
    // pledge and local offer in their language and English, recorded in a register of the
    // demo's own (not the user's).
    if (fs::is_directory(council / "caseload")) {
        PacksRequest request;
        request.authority_dir = council;
        request.cases_dir = council / "caseload";
        request.output_dir = out_dir / "packs";
        request.date = date;
        request.allow_draft_translations = true;
        fs::create_directories(out_dir);
        Register reg("sqlite:" + (out_dir / "register.sqlite").string());
        request.register_ = &reg;
        request.run_id = Register::new_run_id();
        PacksSummary summary = make_packs(*env, request);
        print(summary.diagnostics);
        // A record's warning comes once for each language of its documents: said once.
        std::set<std::string> said;
        for (const auto& pack : summary.packs) {
            for (const auto& item : pack.diagnostics.items())
                if (item.severity == Severity::Error || said.insert(item.str()).second) std::cerr << item.str() << '\n';
            if (!pack.ok()) ++failures;
        }
        std::cout << "  wrote " << summary.made << " packs (" << summary.files << " files, " << summary.pages
                  << " PDF pages) in " << request.output_dir.string() << ", recorded in " << reg.connection() << '\n';
    }
    // The IRO service's annual report from the example returns and records (data/), for the
    // board and for publication.
    if (env->plugins.kind("iro-report") && fs::exists(council / "iro-report.xml"))
        for (auto audience : {Audience::Professional, Audience::Public}) {
            RenderJob job = job_for("iro-report", out_dir / "iro-report");
            job.audience = audience;
            job.lang = "en-GB";
            if (make_iro_report(*env, job, job.output_dir) != exit_ok) ++failures;
        }
    std::cout << "outputs are in " << fs::absolute(out_dir).lexically_normal().string() << '\n';
    std::cout << "open " << fs::absolute(out_dir / "public" / output_file_name("pledge", "", "en-GB", "html")).lexically_normal().string()
              << " in a browser to see the public pledge,\n"
              << "or run `carepack serve " << (out_dir / "site").string() << "` to look at the local offer website\n";
    return failures ? exit_failed : exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Args a = parse(argc, argv);
        if (a.command == "version") {
            std::cout << "carepack " << CAREPACK_VERSION << '\n';
            return exit_ok;
        }
        if (a.command.empty()) {
            std::cout << main_help;
            return a.help ? exit_ok : exit_usage;
        }
        static const std::map<std::string, std::pair<const char*, int (*)(const Args&)>> commands = {
            {"render", {render_help, render_command}},
            {"check", {check_help, check_command}},
            {"plugins", {plugins_help, plugins_command}},
            {"offer", {offer_help, offer_command}},
            {"packs", {packs_help, packs_command}},
            {"register", {register_help, register_command}},
            {"publish", {publish_help, publish_command}},
            {"serve", {serve_help, serve_command}},
            {"iro-report", {iro_report_help, iro_report_command}},
            {"demo", {demo_help, demo_command}},
        };
        auto it = commands.find(a.command);
        if (it == commands.end()) throw UsageError("unknown command '" + a.command + "'");
        if (a.help) {
            std::cout << it->second.first;
            return exit_ok;
        }
        return it->second.second(a);
    } catch (const UsageError& e) {
        std::cerr << "carepack: " << e.what() << "\nRun `carepack --help` for usage.\n";
        return exit_usage;
    } catch (const Failure& f) {
        print(f.diagnostics());
        return exit_failed;
    } catch (const std::exception& e) {
        std::cerr << "carepack: error: " << e.what() << '\n';
        return exit_failed;
    }
}
