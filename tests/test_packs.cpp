#define BOOST_TEST_MODULE packs
#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>
#include <sys/stat.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <pugixml.hpp>

#include "carepack/packs.h"
#include "carepack/pipeline.h"
#include "carepack/unicode.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

const std::string as_of = "2026-12-02";

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

std::string cli(const std::string& args) {
    return testing::quoted(carepack_command()) + " --plugin-dir " + testing::quoted(fs::path(CAREPACK_BUILD_PLUGIN_DIR)) + " " + args;
}

fs::path example_case() { return example_council() / "caseload" / "brk-lc-0001.json"; }

// A copy of the example case record under another id, with changes: `from` -> `to` pairs.
void write_case(const fs::path& file, const std::string& id,
                const std::vector<std::pair<std::string, std::string>>& changes = {}) {
    std::string text = replace_once(slurp(example_case()), "\"BRK-LC-0001\"", "\"" + id + "\"");
    for (const auto& [from, to] : changes) {
        BOOST_REQUIRE_MESSAGE(text.find(from) != std::string::npos, "the example record has " << from);
        text = replace_once(text, from, to);
    }
    spit(file, text);
}

// The case folder most tests use: Sami (Pashto) twice over, and someone who reads English.
fs::path make_cases(const TempDir& dir) {
    auto cases = dir / "cases";
    write_case(cases / "packs-a.json", "PACKS-A1");
    write_case(cases / "packs-b.json", "PACKS-B2", {{"\"preferred_language\": \"ps\"", "\"preferred_language\": \"en-GB\""}});
    return cases;
}

std::string packs_cli(const fs::path& cases, const fs::path& out, const fs::path& reg, const std::string& more = {}) {
    return cli("packs --authority " + testing::quoted(example_council()) + " --cases " + testing::quoted(cases) + " -o " + testing::quoted(out) +
               " --date " + as_of + " --register " + testing::quoted("sqlite:" + reg.string()) + " " + more);
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    BOOST_REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

Poco::JSON::Object::Ptr manifest_of(const fs::path& pack) {
    Poco::JSON::Parser parser;
    return parser.parse(slurp(pack / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
}

std::string attribute_of(const fs::path& file, const char* root, const char* name) {
    pugi::xml_document doc;
    BOOST_REQUIRE(doc.load_file(file.c_str()));
    return doc.child(root).attribute(name).value();
}

std::string pdf_text(const fs::path& pdf) {
    return fold_space(run("pdftotext -enc UTF-8 " + testing::quoted(pdf) + " -").out);
}

int pdfinfo_pages(const fs::path& pdf) {
    std::smatch m;
    std::string info = run("pdfinfo " + testing::quoted(pdf)).out;
    return std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : -1;
}

bool have_kinds(std::initializer_list<const char*> kinds) {
    for (const char* k : kinds)
        if (!env().plugins.kind(k)) return false;
    return true;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sha256_gives_the_fips_180_4_test_vectors) {
    BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    BOOST_TEST(sha256_hex(std::string(1000000, 'a')) ==
               "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(a_pack_holds_each_document_in_the_young_persons_language_and_english) {
    TempDir dir;
    auto cases = make_cases(dir);
    auto out = dir / "out";
    auto r = run(packs_cli(cases, out, dir / "register.sqlite", "--kinds pledge,local-offer --allow-draft-translations"));
    BOOST_TEST_INFO(r.out);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(r.out.find("packs: 2 made, 6 documents, 14 files") != std::string::npos);

    // Sami reads Pashto: each kind in Pashto and in English, as HTML and PDF, in that order.
    auto pack = out / "packs-a1";
    const std::vector<std::string> expected = {
        "pledge-packs-a1-ps.html",      "pledge-packs-a1-ps.pdf",      "pledge-packs-a1-en-GB.html",
        "pledge-packs-a1-en-GB.pdf",    "local-offer-packs-a1-ps.html", "local-offer-packs-a1-ps.pdf",
        "local-offer-packs-a1-en-GB.html", "local-offer-packs-a1-en-GB.pdf"};
    auto manifest = manifest_of(pack);
    BOOST_TEST(manifest->getValue<std::string>("person") == "PACKS-A1");
    BOOST_TEST(manifest->getValue<std::string>("date") == as_of);
    auto files = manifest->getArray("files");
    BOOST_REQUIRE_EQUAL(files->size(), expected.size());
    std::set<std::string> on_disk;
    for (const auto& e : fs::directory_iterator(pack)) on_disk.insert(e.path().filename().string());
    BOOST_TEST(on_disk.size() == expected.size() + 1);  // and the manifest
    BOOST_TEST(on_disk.count("manifest.json") == 1);

    const std::string pledge_version = attribute_of(example_council() / "pledge.xml", "pledge", "version");
    const std::string offer_version = attribute_of(example_council() / "offer.xml", "offer", "version");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        auto f = files->getObject(static_cast<unsigned>(i));
        const auto name = f->getValue<std::string>("name");
        BOOST_TEST(name == expected[i]);
        const std::string bytes = slurp(pack / name);
        BOOST_TEST(f->getValue<std::size_t>("bytes") == bytes.size());
        BOOST_TEST(f->getValue<std::string>("sha256") == sha256_hex(bytes));
        BOOST_TEST(f->getValue<std::string>("format") == fs::path(name).extension().string().substr(1));
        BOOST_TEST(f->getValue<std::string>("lang") == (name.find("-ps.") != std::string::npos ? "ps" : "en-GB"));
        BOOST_TEST(f->getValue<std::string>("audience") == "young-person");
        const bool pledge = name.rfind("pledge-", 0) == 0;
        BOOST_TEST(f->getValue<std::string>("kind") == (pledge ? "pledge" : "local-offer"));
        BOOST_TEST(f->getValue<std::string>("content_version") == (pledge ? pledge_version : offer_version));
        // The template named is the one on disk, by path and checksum.
        const auto tpl = f->getValue<std::string>("template");
        BOOST_TEST(tpl == (pledge ? "templates/pledge/pledge.xml" : "templates/local-offer/local-offer.xml"));
        BOOST_TEST(f->getValue<std::string>("template_from") == "carepack");
        BOOST_TEST(f->getValue<std::string>("template_sha256") == sha256_hex(slurp(source_dir() / tpl)));
        if (name.ends_with(".pdf")) BOOST_TEST(f->getValue<int>("pages") == pdfinfo_pages(pack / name));
        else BOOST_TEST(!f->has("pages"));
        BOOST_TEST(mode_of(pack / name) == 0600u);
    }
    BOOST_TEST(mode_of(pack / "manifest.json") == 0600u);
    BOOST_TEST(mode_of(pack) == 0700u);

    // What the reader sees: the pledge's own title in English, and the Pashto page marked as
    // Pashto, right to left.
    const std::string title = [] {
        pugi::xml_document doc;
        doc.load_file((example_council() / "pledge.xml").c_str());
        return fold_space(doc.child("pledge").child("title").text().get());
    }();
    BOOST_TEST(pdf_text(pack / "pledge-packs-a1-en-GB.pdf").find(title) != std::string::npos);
    const std::string ps_html = slurp(pack / "pledge-packs-a1-ps.html");
    BOOST_TEST(ps_html.find("lang=\"ps\"") != std::string::npos);
    BOOST_TEST(ps_html.find("dir=\"rtl\"") != std::string::npos);
    // The local offer is about Sami: his pack says his own preferred name.
    BOOST_TEST(slurp(pack / "local-offer-packs-a1-en-GB.html").find("Sami") != std::string::npos);

    // Someone who reads English gets English once.
    auto english = manifest_of(out / "packs-b2")->getArray("files");
    BOOST_TEST(english->size() == 4u);
    for (std::size_t i = 0; i < english->size(); ++i)
        BOOST_TEST(english->getObject(static_cast<unsigned>(i))->getValue<std::string>("lang") == "en-GB");
    // No half-written pack is left beside them.
    for (const auto& e : fs::directory_iterator(out)) BOOST_TEST(e.path().filename().string().front() != '.');
}

BOOST_AUTO_TEST_CASE(the_same_records_and_date_give_byte_identical_packs_and_zips) {
    TempDir dir;
    auto cases = make_cases(dir);
    for (const std::string zip : {"", "--zip"}) {
        auto one = dir / ("one" + zip), two = dir / ("two" + zip);
        auto a = run(packs_cli(cases, one, dir / "r.sqlite", "--kinds pledge,local-offer --jobs 2 " + zip));
        auto b = run(packs_cli(cases, two, dir / "r.sqlite", "--kinds pledge,local-offer --jobs 1 " + zip));
        BOOST_TEST_INFO(a.out << b.out);
        BOOST_REQUIRE(a.exit_code == 0 && b.exit_code == 0);
        std::size_t compared = 0;
        for (const auto& e : fs::recursive_directory_iterator(one)) {
            if (!e.is_regular_file()) continue;
            auto other = two / e.path().lexically_relative(one);
            BOOST_TEST_INFO(e.path());
            BOOST_TEST((slurp(e.path()) == slurp(other)));
            ++compared;
        }
        BOOST_TEST(compared == (zip.empty() ? 14u : 2u));  // 8 + 4 files and 2 manifests; or 2 zips
    }
    // The zip holds the same bytes as the folder, under the pack's name.
    auto zip = dir / "one--zip" / "packs-a1.zip";
    BOOST_TEST(mode_of(zip) == 0600u);
    auto listing = run("unzip -Z1 " + testing::quoted(zip));
    BOOST_TEST(listing.out.find("packs-a1/manifest.json") != std::string::npos);
    BOOST_TEST(listing.out.find("packs-a1/pledge-packs-a1-ps.pdf") != std::string::npos);
    auto extracted = run("unzip -p " + testing::quoted(zip) + " packs-a1/pledge-packs-a1-ps.pdf");
    BOOST_TEST((extracted.out == slurp(dir / "one" / "packs-a1" / "pledge-packs-a1-ps.pdf")));
    auto manifest = run("unzip -p " + testing::quoted(zip) + " packs-a1/manifest.json");
    BOOST_TEST((manifest.out == slurp(dir / "one" / "packs-a1" / "manifest.json")));
}

BOOST_AUTO_TEST_CASE(a_bad_record_is_reported_with_its_file_and_field_and_the_others_are_made) {
    TempDir dir;
    auto cases = make_cases(dir);
    write_case(cases / "packs-bad-date.json", "PACKS-C3", {{"\"date_of_birth\": \"2009-02-11\"", "\"date_of_birth\": \"2009-02-30\""}});
    write_case(cases / "packs-bad-nhs.json", "PACKS-D4");
    {
        // An NHS number whose check digit is wrong.
        std::string text = slurp(cases / "packs-bad-nhs.json");
        std::smatch m;
        BOOST_REQUIRE(std::regex_search(text, m, std::regex("\"nhs_number\": \"(\\d{3}) ?(\\d{3}) ?(\\d{3})(\\d)\"")));
        std::string wrong = m[0].str();
        char& digit = wrong[wrong.size() - 2];
        digit = digit == '9' ? '0' : static_cast<char>(digit + 1);
        spit(cases / "packs-bad-nhs.json", replace_once(text, m[0].str(), wrong));
    }
    auto out = dir / "out";
    auto r = run(packs_cli(cases, out, dir / "r.sqlite", "--kinds pledge,local-offer"));
    BOOST_TEST_INFO(r.out);
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.out.find("packs-bad-date.json: $.date_of_birth: error:") != std::string::npos);
    BOOST_TEST(r.out.find("packs-bad-nhs.json: $.health.nhs_number: error:") != std::string::npos);
    BOOST_TEST(r.out.find("packs-bad-date.json: error: no pack was made for PACKS-C3 (1 error above)") != std::string::npos);
    BOOST_TEST(r.out.find("2 made") != std::string::npos);
    BOOST_TEST(r.out.find("2 failed") != std::string::npos);
    BOOST_TEST(fs::exists(out / "packs-a1" / "manifest.json"));
    BOOST_TEST(fs::exists(out / "packs-b2" / "manifest.json"));
    BOOST_TEST(!fs::exists(out / "packs-c3"));
    BOOST_TEST(!fs::exists(out / "packs-d4"));
}

BOOST_AUTO_TEST_CASE(a_language_the_council_does_not_offer_falls_back_to_english_with_a_warning) {
    TempDir dir;
    auto cases = dir / "cases";
    write_case(cases / "packs-somali.json", "PACKS-E5", {{"\"preferred_language\": \"ps\"", "\"preferred_language\": \"so\""}});
    auto r = run(packs_cli(cases, dir / "out", dir / "r.sqlite", "--kinds pledge"));
    BOOST_TEST_INFO(r.out);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.find("packs-somali.json: $.preferred_language: warning:") != std::string::npos);
    BOOST_TEST(r.out.find("'so'") != std::string::npos);
    BOOST_TEST(fs::exists(dir / "out" / "packs-e5" / "pledge-packs-e5-en-GB.pdf"));
    BOOST_TEST(manifest_of(dir / "out" / "packs-e5")->getArray("files")->size() == 2u);
}

BOOST_AUTO_TEST_CASE(two_records_with_one_id_make_one_pack_and_an_error) {
    TempDir dir;
    auto cases = make_cases(dir);
    write_case(cases / "packs-z.json", "PACKS-A1");
    auto r = run(packs_cli(cases, dir / "out", dir / "r.sqlite", "--kinds pledge"));
    BOOST_TEST_INFO(r.out);
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.out.find("packs-z.json: $.id: error: the id 'PACKS-A1' is also the id of") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_api_counts_pages_and_reports_through_progress) {
    TempDir dir;
    auto cases = make_cases(dir);
    PacksRequest request;
    request.authority_dir = example_council();
    request.cases_dir = cases;
    request.output_dir = dir / "out";
    request.kinds = {"pledge"};
    request.date = *Date::parse_iso(as_of);
    request.jobs = 2;
    std::vector<std::string> seen;
    request.progress = [&](std::size_t done, std::size_t total, const std::string& id, bool ok) {
        BOOST_TEST(total == 2u);
        BOOST_TEST(ok);
        seen.push_back(std::to_string(done) + " " + id);
    };
    auto summary = make_packs(env(), request);
    BOOST_REQUIRE(summary.ok());
    BOOST_TEST(seen.size() == 2u);
    BOOST_TEST(summary.made == 2u);
    BOOST_TEST(summary.documents == 3u);  // Pashto and English, then English alone
    std::size_t pages = 0;
    for (const auto& p : summary.packs)
        for (const auto& f : p.files)
            if (f.format == "pdf") pages += static_cast<std::size_t>(pdfinfo_pages(p.written / f.name));
    BOOST_TEST(summary.pages == pages);
    BOOST_TEST(pages >= 3u);
}

BOOST_AUTO_TEST_CASE(a_kind_that_is_not_loaded_stops_the_batch_before_any_pack) {
    TempDir dir;
    auto cases = make_cases(dir);
    auto r = run(packs_cli(cases, dir / "out", dir / "r.sqlite", "--kinds pledge,no-such-kind"));
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.out.find("no document kind 'no-such-kind' is loaded") != std::string::npos);
    BOOST_TEST(!fs::exists(dir / "out" / "packs-a1"));
}

BOOST_AUTO_TEST_CASE(the_default_pack_has_all_four_documents_when_their_kinds_are_built) {
    if (!have_kinds({"pathway-plan", "health-passport"})) {
        BOOST_TEST_MESSAGE("pathway-plan or health-passport is not built: the default pack is tested once they are");
        BOOST_TEST(default_pack_kinds() == (std::vector<std::string>{"pathway-plan", "health-passport", "pledge", "local-offer"}));
        return;
    }
    TempDir dir;
    auto cases = dir / "cases";
    write_case(cases / "packs-a.json", "PACKS-A1");
    auto r = run(packs_cli(cases, dir / "out", dir / "r.sqlite", "--allow-draft-translations"));
    BOOST_TEST_INFO(r.out);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    auto files = manifest_of(dir / "out" / "packs-a1")->getArray("files");
    BOOST_REQUIRE_EQUAL(files->size(), 16u);
    const std::vector<std::string> kinds = default_pack_kinds();
    for (std::size_t i = 0; i < 16; ++i) {
        auto f = files->getObject(static_cast<unsigned>(i));
        BOOST_TEST(f->getValue<std::string>("kind") == kinds[i / 4]);
        BOOST_TEST(!f->getValue<std::string>("content_version").empty());
        BOOST_TEST(fs::exists(dir / "out" / "packs-a1" / f->getValue<std::string>("name")));
    }
    // The pathway plan is Sami's own: his goals, in the English copy.
    BOOST_TEST(pdf_text(dir / "out" / "packs-a1" / "pathway-plan-packs-a1-en-GB.pdf").find("Train as an electrician") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_pack_left_half_written_by_a_killed_run_is_cleared_and_an_old_pack_replaced_whole) {
    TempDir dir;
    auto cases = make_cases(dir);
    auto out = dir / "out";
    // What a run killed mid-pack leaves (no process has pid 2^22 + 1 on Linux's default limit),
    // and a pack from an earlier run with a file this run does not make.
    spit(out / ".packs-a1.partial-4194305" / "pledge-packs-a1-ps.html", "half");
    spit(out / "packs-a1" / "stale-file.html", "old");
    auto r = run(packs_cli(cases, out, dir / "r.sqlite", "--kinds pledge"));
    BOOST_TEST_INFO(r.out);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(!fs::exists(out / ".packs-a1.partial-4194305"));
    BOOST_TEST(!fs::exists(out / "packs-a1" / "stale-file.html"));
    BOOST_TEST(fs::exists(out / "packs-a1" / "pledge-packs-a1-ps.html"));
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        BOOST_TEST(e.path().filename().string().front() != '.');
        ++entries;
    }
    BOOST_TEST(entries == 2u);
}

BOOST_AUTO_TEST_CASE(a_councils_own_template_is_named_as_the_councils_in_the_manifest) {
    TempDir dir;
    auto council = copy_example_council(dir);
    // The council's own pledge template: carepack's with a line of its own.
    std::string own = slurp(source_dir() / "templates" / "pledge" / "pledge.xml");
    const std::string marker = "</document>";
    auto at = own.rfind(marker);
    BOOST_REQUIRE(at != std::string::npos);
    own.insert(at, "<p>Written by Brackenmoor for its own packs.</p>");
    spit(council / "templates" / "pledge" / "pledge.xml", own);
    auto cases = make_cases(dir);
    auto r = run(cli("packs --authority " + testing::quoted(council) + " --cases " + testing::quoted(cases) + " -o " +
                     testing::quoted(dir / "out") + " --date " + as_of + " --kinds pledge --register " +
                     testing::quoted("sqlite:" + (dir / "r.sqlite").string())));
    BOOST_TEST_INFO(r.out);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    auto f = manifest_of(dir / "out" / "packs-b2")->getArray("files")->getObject(0);
    BOOST_TEST(f->getValue<std::string>("template") == "templates/pledge/pledge.xml");
    BOOST_TEST(f->getValue<std::string>("template_from") == "council");
    BOOST_TEST(f->getValue<std::string>("template_sha256") == sha256_hex(own));
    BOOST_TEST(slurp(dir / "out" / "packs-b2" / "pledge-packs-b2-en-GB.html").find("Written by Brackenmoor for its own packs.") !=
               std::string::npos);
}
