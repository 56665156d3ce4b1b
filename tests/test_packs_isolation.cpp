// The acceptance test for batch packs: a seeded caseload of 50 young people in mixed languages
// and the example council's own caseload, packed by the built command, and every file of every pack read back as its reader gets it
// (HTML without its tags, PDF through MuPDF): each shows its own young person's name, date of
// birth and NHS number, and nobody else's name or NHS number. Also: the example caseload and
// the generated records load cleanly and are fictional.
#define BOOST_TEST_MODULE packs_isolation
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "carepack/person_record.h"
#include "carepack/pipeline.h"
#include "extract.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* as_of = "2026-12-02";
// The kinds a pack holds by default, in pack order.
const std::vector<std::string> default_kinds = {"pathway-plan", "health-passport", "pledge", "local-offer"};

std::string cli(const std::string& args) {
    return quoted(carepack_command()) + " --plugin-dir " + quoted(CAREPACK_BUILD_PLUGIN_DIR) + " " + args;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The default kinds the built plugins provide (`carepack plugins` lists each plugin's kinds).
std::vector<std::string> loaded_pack_kinds() {
    auto r = run(cli("plugins"));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.out);
    std::vector<std::string> out;
    for (const auto& kind : default_kinds)
        if (r.out.find("kinds: " + kind + "\n") != std::string::npos) out.push_back(kind);
    return out;
}

// The languages the example council offers (authority.xml), read here, not through carepack.
std::set<std::string> council_languages() {
    pugi::xml_document doc;
    BOOST_REQUIRE(doc.load_file((example_council() / "authority.xml").c_str()));
    std::set<std::string> out;
    for (auto l : doc.child("authority").child("languages").children("language")) out.insert(l.attribute("tag").value());
    BOOST_REQUIRE(!out.empty());
    return out;
}

// Arabic-Indic (U+0660..0669) and Persian (U+06F0..06F9) digits as ASCII, so a date or a number
// compares whichever digits a language's formatter chose.
std::string ascii_digits(const std::string& utf8) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    for (int32_t i = 0; i < u.length(); ++i) {
        UChar c = u.charAt(i);
        if (c >= 0x0660 && c <= 0x0669) u.setCharAt(i, static_cast<UChar>(u'0' + (c - 0x0660)));
        else if (c >= 0x06F0 && c <= 0x06F9) u.setCharAt(i, static_cast<UChar>(u'0' + (c - 0x06F0)));
    }
    std::string out;
    u.toUTF8String(out);
    return out;
}

std::string comparable(const std::string& text) { return normalise(ascii_digits(text)); }

// A character reference or one of XML's five entities, as UTF-8.
std::string decode_entity(const std::string& name) {
    static const std::map<std::string, std::string> named = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
    if (auto it = named.find(name); it != named.end()) return it->second;
    if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const UChar32 c = static_cast<UChar32>(std::stoul(name.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10));
        std::string out;
        icu::UnicodeString(c).toUTF8String(out);
        return out;
    }
    return "&" + name + ";";
}

// A web page's text as a reader gets it: without the style sheet, the tags (each a space, since
// a tag can end a word) and with entities decoded.
std::string html_text(const std::string& html) {
    std::string out;
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] == '<') {
            for (const char* hidden : {"<style", "<script"}) {
                if (html.compare(i, std::strlen(hidden), hidden) == 0) {
                    const std::string close = std::string("</") + (hidden + 1) + ">";
                    const auto end = html.find(close, i);
                    i = end == std::string::npos ? html.size() : end;
                    break;
                }
            }
            const auto gt = html.find('>', i);
            i = gt == std::string::npos ? html.size() : gt + 1;
            out += ' ';
        } else if (html[i] == '&') {
            const auto semi = html.find(';', i);
            if (semi == std::string::npos || semi - i > 10) {
                out += html[i++];
                continue;
            }
            out += decode_entity(html.substr(i + 1, semi - i - 1));
            i = semi + 1;
        } else {
            out += html[i++];
        }
    }
    return out;
}

// Whether `neighbour` continues the word whose letter at that edge is `edge`: a letter or digit
// of the same script. A name in Latin letters may be joined to a word of another script, as
// Tigrinya's ን ("for") and Arabic's لـ are written straight before a name.
bool continues_word(UChar32 neighbour, UChar32 edge) {
    if (!u_isalnum(neighbour)) return false;
    UErrorCode err = U_ZERO_ERROR;
    return uscript_getScript(neighbour, &err) == uscript_getScript(edge, &err);
}

// Where `name` stands as a word of `text`: not inside a longer word ("Ali" in "Alison" or
// "quality").
bool has_word(const icu::UnicodeString& text, const icu::UnicodeString& name) {
    if (name.isEmpty()) return false;
    const UChar32 first = name.char32At(0), last = name.char32At(name.length() - 1);
    for (int32_t at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        const bool starts = at == 0 || !continues_word(text.char32At(at - 1), first);
        const int32_t after = at + name.length();
        const bool ends = after >= text.length() || !continues_word(text.char32At(after), last);
        if (starts && ends) return true;
    }
    return false;
}

bool has_word(const std::string& text, const std::string& name) {
    return has_word(icu::UnicodeString::fromUTF8(text), icu::UnicodeString::fromUTF8(name));
}

// The digit runs of `text`, a space or hyphen between two digits joining them ("999 000 0018"
// is one run, 9990000018), so an NHS number is found however it is grouped.
std::vector<std::string> digit_runs(const std::string& text) {
    std::vector<std::string> runs;
    std::string run;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            run += c;
        } else if ((c == ' ' || c == '-') && !run.empty() && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
            continue;
        } else if (!run.empty()) {
            runs.push_back(run);
            run.clear();
        }
    }
    if (!run.empty()) runs.push_back(run);
    return runs;
}

bool shows_number(const std::vector<std::string>& runs, const std::string& digits) {
    return std::any_of(runs.begin(), runs.end(), [&](const std::string& r) { return r.find(digits) != std::string::npos; });
}

std::string digits_of(const std::string& s) {
    std::string d;
    for (char c : s)
        if (c >= '0' && c <= '9') d += c;
    return d;
}

struct YoungPerson {
    std::string id, name, nhs_digits, language, record_text;
    Date date_of_birth;
    fs::path file;
};

std::vector<YoungPerson> load_caseload(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".json" || e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<YoungPerson> people;
    for (const auto& f : files) {
        Diagnostics d;
        PersonRecord r = load_person(f, d);
        BOOST_TEST_REQUIRE(!d.has_errors(), f.string() << ":\n" << d.str());
        people.push_back({r.person.id, r.person.preferred_name, digits_of(r.person.nhs_number), r.person.preferred_language,
                          slurp(f), r.person.date_of_birth, f});
    }
    return people;
}

// Every word a document may show besides the case record: carepack's catalogs and templates,
// the law's data, and the council's own content. A name that is one of these words is not
// evidence of a leak when it turns up.
std::string shared_vocabulary() {
    std::string all;
    for (const auto& dir : {source_dir() / "locales", source_dir() / "templates", source_dir() / "data"})
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file() && e.path().extension() == ".xml") all += slurp(e.path()) + "\n";
    for (const auto& e : fs::directory_iterator(example_council()))
        if (e.is_regular_file() && e.path().extension() == ".xml") all += slurp(e.path()) + "\n";
    return all;
}

fs::path generator() { return source_dir() / "scripts" / "generate-caseload"; }

CommandResult generate(const fs::path& out, int count, const std::string& seed) {
    return run("python3 " + quoted(generator()) + " --count " + std::to_string(count) + " --seed " + seed + " --date " +
               as_of + " -o " + quoted(out));
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_pack_shows_its_own_young_person_and_nobody_else) {
    TempDir dir;
    const fs::path cases = dir / "cases";
    const fs::path out = dir / "packs";
    auto g = generate(cases, 50, "isolation-2026");
    BOOST_TEST_REQUIRE(g.exit_code == 0, g.out);
    // The hand-written example records too: XML as well as JSON, and the richest free text.
    std::size_t examples = 0;
    for (const auto& e : fs::directory_iterator(example_council() / "caseload")) {
        fs::copy_file(e.path(), cases / e.path().filename());
        ++examples;
    }
    const auto people = load_caseload(cases);
    BOOST_TEST_REQUIRE(people.size() == 50u + examples);
    std::set<std::string> numbers;
    for (const auto& p : people) BOOST_TEST_REQUIRE(numbers.insert(p.nhs_digits).second, p.id << "'s NHS number is another's");

    std::set<std::string> languages_seen;
    for (const auto& p : people) languages_seen.insert(p.language);
    BOOST_TEST_REQUIRE(languages_seen.size() >= 5u, "the batch should mix languages");

    // All four documents of a pack: a kind whose plugin did not build is a failure, not a
    // smaller pack.
    const auto pack_kinds = loaded_pack_kinds();
    BOOST_TEST_REQUIRE(pack_kinds == default_kinds);
    std::string kinds;
    for (const auto& k : pack_kinds) kinds += (kinds.empty() ? "" : ",") + k;

    auto r = run(cli("packs --authority " + quoted(example_council()) + " --cases " + quoted(cases) + " -o " +
                     quoted(out) + " --date " + as_of + " --allow-draft-translations --jobs 2 --kinds " + kinds +
                     " --register " + quoted(fs::path("sqlite:" + (dir / "register.sqlite").string()))));
    BOOST_TEST(r.exit_code == 0, r.out);

    // A name that is another young person's too, or a word of the shared content, proves nothing
    // by turning up; the rest must appear only in their owner's pack.
    std::map<std::string, int> name_count;
    for (const auto& p : people) ++name_count[p.name];
    const std::string vocabulary = shared_vocabulary();
    std::vector<const YoungPerson*> telling;  // names that would show a leak
    for (const auto& p : people)
        if (name_count[p.name] == 1 && !has_word(vocabulary, p.name)) telling.push_back(&p);
    BOOST_TEST_REQUIRE(telling.size() >= 25u, "too few distinctive names to test isolation with");

    const std::set<std::string> offered = council_languages();
    std::size_t files_checked = 0;
    for (const auto& p : people) {
        BOOST_TEST_CONTEXT(p.id << " (" << p.file.filename().string() << ", " << p.name << ", " << p.language << ")") {
            const fs::path pack = out / lower(p.id);
            BOOST_TEST_REQUIRE(fs::is_directory(pack), "no pack folder " << pack);
            BOOST_TEST_REQUIRE(fs::exists(pack / "manifest.json"));

            std::set<std::string> langs = {"en-GB"};
            if (!p.language.empty() && offered.count(p.language)) langs.insert(p.language);
            std::set<std::string> expected;
            for (const auto& kind : pack_kinds)
                for (const auto& lang : langs)
                    for (const char* ext : {"html", "pdf"})
                        expected.insert(output_file_name(kind, p.id, lang, ext));

            std::set<std::string> present;
            for (const auto& e : fs::directory_iterator(pack))
                if (e.path().filename() != "manifest.json") present.insert(e.path().filename().string());
            BOOST_TEST(present == expected, "the pack's files differ from the kinds and languages it should hold");

            // The manifest names each of them.
            Poco::JSON::Parser parser;
            auto manifest = parser.parse(slurp(pack / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
            std::set<std::string> listed;
            if (auto files = manifest->getArray("files"))
                for (std::size_t i = 0; i < files->size(); ++i) listed.insert(files->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
            BOOST_TEST(listed == present, "manifest.json does not list the pack's files");

            for (const auto& name : present) {
                const fs::path file = pack / name;
                const std::string lang = [&] {
                    for (const auto& l : langs)
                        if (name.find("-" + l + ".") != std::string::npos) return l;
                    return std::string("en-GB");
                }();
                std::string text;
                if (file.extension() == ".pdf") {
                    auto t = mutool_text(file);
                    BOOST_TEST_REQUIRE(t.exit_code == 0, name << ": " << t.out);
                    text = t.out;
                } else {
                    text = html_text(slurp(file));
                }
                text = comparable(text);
                ++files_checked;
                BOOST_TEST_CONTEXT(name) {
                    BOOST_TEST(has_word(text, comparable(p.name)), "the young person's name is missing");
                    const std::string born = comparable(format_long_date(p.date_of_birth, lang));
                    BOOST_TEST(text.find(born) != std::string::npos, "the date of birth '" << born << "' is missing");
                    const auto runs = digit_runs(text);
                    BOOST_TEST(shows_number(runs, p.nhs_digits), "the NHS number " << p.nhs_digits << " is missing");
                    for (const auto& other : people) {
                        if (other.id == p.id) continue;
                        BOOST_TEST(!shows_number(runs, other.nhs_digits),
                                   "shows " << other.id << "'s NHS number " << other.nhs_digits);
                    }
                    for (const YoungPerson* other : telling) {
                        if (other->id == p.id || has_word(p.record_text, other->name)) continue;
                        BOOST_TEST(!has_word(text, comparable(other->name)), "shows " << other->id << "'s name " << other->name);
                    }
                }
            }
        }
    }
    BOOST_TEST(files_checked >= people.size() * pack_kinds.size() * 2);
}

BOOST_AUTO_TEST_CASE(the_generator_is_seeded_fictional_and_loads_cleanly) {
    TempDir dir;
    auto a = generate(dir / "a", 300, "7");
    auto b = generate(dir / "b", 300, "7");
    auto c = generate(dir / "c", 300, "8");
    BOOST_TEST_REQUIRE(a.exit_code == 0, a.out);
    BOOST_TEST_REQUIRE(b.exit_code == 0, b.out);
    BOOST_TEST_REQUIRE(c.exit_code == 0, c.out);
    std::size_t same_as_other_seed = 0;
    for (const auto& e : fs::directory_iterator(dir / "a")) {
        const auto name = e.path().filename();
        BOOST_TEST(slurp(e.path()) == slurp(dir / "b" / name), name << " differs for the same seed and date");
        same_as_other_seed += slurp(e.path()) == slurp(dir / "c" / name) ? 1 : 0;
    }
    BOOST_TEST(same_as_other_seed == 0u, "another seed should give other records");

    const Date on = *Date::parse_iso(as_of);
    const auto people = load_caseload(dir / "a");
    BOOST_TEST_REQUIRE(people.size() == 300u);
    std::set<std::string> numbers;
    std::map<std::string, int> statuses, groups, languages;
    for (const auto& p : people) {
        BOOST_TEST_CONTEXT(p.file.filename().string()) {
            Diagnostics d;
            const PersonRecord r = load_person(p.file, d);
            BOOST_TEST(valid_nhs_number(r.person.nhs_number));
            BOOST_TEST(is_fictional_nhs_number(r.person.nhs_number));
            BOOST_TEST(numbers.insert(p.nhs_digits).second, "NHS number " << p.nhs_digits << " used twice");
            const int age = r.person.age_on(on);
            BOOST_TEST((age >= 15 && age <= 24), "aged " << age);
            ++statuses[std::string(status_name(r.person.status_on(on)))];
            for (const auto& g : r.person.groups) ++groups[g];
            ++languages[p.language];
            // Phones only from Ofcom's drama ranges, emails only at example.org.
            for (const auto& run : digit_runs(p.record_text)) {
                if (run.size() != 11 || run[0] != '0') continue;
                BOOST_TEST((run.rfind("01632960", 0) == 0 || run.rfind("07700900", 0) == 0), "phone " << run);
            }
            for (auto at = p.record_text.find('@'); at != std::string::npos; at = p.record_text.find('@', at + 1)) {
                const auto end = p.record_text.find('"', at);
                const std::string domain = p.record_text.substr(at + 1, end - at - 1);
                BOOST_TEST((domain == "example.org" || (domain.size() > 12 && domain.substr(domain.size() - 12) == ".example.org")),
                           "email domain " << domain);
            }
        }
    }
    for (const char* s : {"looked-after", "eligible", "relevant", "former-relevant", "qualifying"})
        BOOST_TEST(statuses[s] > 0, "no " << s << " young person among 300");
    BOOST_TEST(statuses["none"] == 0);
    // About a fifth arrived unaccompanied.
    BOOST_TEST(groups["uasc"] >= 30);
    BOOST_TEST(groups["uasc"] <= 100);
    for (const char* g : {"disabled", "young-parent", "in-higher-education", "in-custody", "out-of-area"})
        BOOST_TEST(groups[g] > 0, "no one in group " << g);
    // Only languages carepack has catalogs for, by default, and a mix of them.
    for (const auto& [lang, n] : languages) BOOST_TEST(fs::exists(source_dir() / "locales" / (lang + ".xml")), lang);
    BOOST_TEST(languages.size() >= 6u);
}

BOOST_AUTO_TEST_CASE(the_example_caseload_loads_and_covers_every_status) {
    const Date on = *Date::parse_iso(as_of);
    const auto people = load_caseload(example_council() / "caseload");
    BOOST_TEST_REQUIRE(people.size() >= 10u);
    std::set<std::string> statuses, languages, numbers, groups;
    std::size_t xml = 0;
    for (const auto& p : people) {
        Diagnostics d;
        const PersonRecord r = load_person(p.file, d);
        BOOST_TEST(d.empty(), p.file.string() << ":\n" << d.str());
        BOOST_TEST(is_fictional_nhs_number(r.person.nhs_number), p.id);
        BOOST_TEST(numbers.insert(p.nhs_digits).second, p.id << " has another record's NHS number");
        statuses.insert(std::string(status_name(r.person.status_on(on))));
        languages.insert(p.language);
        groups.insert(r.person.groups.begin(), r.person.groups.end());
        xml += p.file.extension() == ".xml" ? 1 : 0;
    }
    BOOST_TEST(xml >= 3u);
    BOOST_TEST(statuses == (std::set<std::string>{"looked-after", "eligible", "relevant", "former-relevant", "qualifying"}));
    for (const char* lang : {"en-GB", "cy", "pl", "ar", "fa", "ur", "ps", "ti"}) BOOST_TEST(languages.count(lang), lang);
    for (const char* g : {"uasc", "disabled", "young-parent", "in-higher-education", "in-apprenticeship", "in-custody",
                          "out-of-area"})
        BOOST_TEST(groups.count(g), g);
}
