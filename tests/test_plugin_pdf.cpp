#define BOOST_TEST_MODULE pdf_renderer
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <set>

#include "carepack/pipeline.h"
#include "carepack/rules.h"
#include "extract.h"
#include "fonts.h"
#include "layout.h"
#include "nodes.h"
#include "pdf_renderer.h"
#include "text.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

const Date as_of(2026, 11, 22);

Environment& env() {
    static auto e = Environment::create({CAREPACK_BUILD_PLUGIN_DIR});
    return *e;
}

// The pledge as a PDF through the whole pipeline, written into `dir`.
fs::path render_pledge(const TempDir& dir, const std::optional<std::string>& person = std::nullopt,
                       const std::string& sub = "out") {
    RenderJob job;
    job.kind = "pledge";
    job.authority_dir = example_council();
    if (person) job.person_file = example_person(*person);
    job.formats = {"pdf"};
    job.date = as_of;
    job.output_dir = dir / sub;
    RenderOutcome outcome = render_document(env(), job);
    BOOST_TEST_REQUIRE(outcome.ok(), outcome.diagnostics.str());
    BOOST_TEST_REQUIRE(outcome.files.size() == 1u);
    return outcome.files.front();
}

std::string render_bytes(const Document& doc) {
    static const Branding branding = brackenmoor();
    RenderOptions options;
    options.date = as_of;
    options.catalog = &english();
    options.branding = &branding;
    Diagnostics d;
    return PdfRenderer().render(doc, options, d).bytes;
}

fs::path write_pdf(const TempDir& dir, const std::string& name, const Document& doc) {
    fs::path p = dir / name;
    spit(p, render_bytes(doc));
    return p;
}

pdf::ParagraphText paragraph_text(const std::string& s, double size = 11) {
    pdf::ParagraphText t;
    pdf::TextStyle style;
    style.size = size;
    t.append(s, style, "en-GB", Direction::LeftToRight, Location());
    return t;
}

std::string line_text(const pdf::Line& line) {
    std::string s;
    for (const auto& piece : line.pieces)
        for (const auto& g : piece.glyphs) s += g.text;
    return s;
}

const char* long_text =
    "Your personal adviser will keep in touch with you at least every eight weeks, and more often if you "
    "want. They will help you plan where you will live, how you will manage your money, and what you want "
    "to do next in education, training or work. If you are not sure who your personal adviser is, call the "
    "leaving care team and we will tell you the same day.";

}  // namespace

// ---- the pledge, end to end ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_pledge_pdf_extracts_every_promise_exactly_with_two_tools) {
    TempDir dir;
    fs::path pdf = render_pledge(dir);
    auto poppler = pdftotext(pdf);
    auto mupdf = mutool_text(pdf);
    BOOST_TEST_REQUIRE(poppler.exit_code == 0, poppler.out);
    BOOST_TEST_REQUIRE(mupdf.exit_code == 0, mupdf.out);
    const std::string a = normalise(poppler.out), b = normalise(mupdf.out);
    BOOST_TEST(!has_replacement_character(a));
    BOOST_TEST(!has_replacement_character(b));
    std::size_t after_a = 0, after_b = 0;
    auto promises = promises_in_file();
    BOOST_TEST_REQUIRE(promises.size() >= 25u);
    for (const auto& p : promises) {
        const std::string want = normalise(p.text);
        auto at_a = a.find(want, after_a), at_b = b.find(want, after_b);
        BOOST_TEST(at_a != std::string::npos, "pdftotext lost or reordered promise " << p.id << ": " << want);
        BOOST_TEST(at_b != std::string::npos, "mutool lost or reordered promise " << p.id << ": " << want);
        if (at_a != std::string::npos) after_a = at_a + want.size();
        if (at_b != std::string::npos) after_b = at_b + want.size();
    }
    BOOST_TEST(a.find("Our pledge to you") != std::string::npos);
    BOOST_TEST(a.find("Page 1 of ") != std::string::npos);
    BOOST_TEST(a.find("01632 960100") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_personal_pledge_pdf_leaves_out_exactly_the_promises_that_do_not_apply) {
    TempDir dir;
    // Sam: 16, unaccompanied, eligible.
    fs::path pdf = render_pledge(dir, std::string("brk-ex-0003"));
    const std::string text = normalise(mutool_text(pdf).out);
    Diagnostics d;
    const Person sam = load_person(example_person("brk-ex-0003"), d).person;
    BOOST_TEST_REQUIRE(!d.has_errors(), d.str());
    int shown = 0, left_out = 0;
    for (const auto& p : promises_in_file()) {
        bool applies = p.when.empty() || Condition::parse(p.when, Location()).evaluate(sam, as_of);
        bool present = text.find(normalise(p.text)) != std::string::npos;
        BOOST_TEST(present == applies, p.id << (applies ? " should be in " : " should not be in ") << "Sam's pledge");
        (applies ? shown : left_out)++;
    }
    BOOST_TEST(shown > 0);
    BOOST_TEST(left_out > 0);
    BOOST_TEST(text.find("for Sam") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(qpdf_finds_nothing_wrong_and_poppler_says_nothing) {
    TempDir dir;
    fs::path pdf = render_pledge(dir);
    auto check = run("qpdf --check " + quoted(pdf));
    BOOST_TEST(check.exit_code == 0, check.out);
    BOOST_TEST(check.out.find("No syntax or stream encoding errors found") != std::string::npos, check.out);
    BOOST_TEST(check.out.find("WARNING") == std::string::npos, check.out);
    // Text to nowhere: anything printed is a warning or an error.
    auto quiet = run("pdftotext " + quoted(pdf) + " /dev/null");
    BOOST_TEST(quiet.exit_code == 0);
    BOOST_TEST(quiet.out.empty(), quiet.out);
    auto render = run("pdftoppm -r 20 -png " + quoted(pdf) + " " + quoted(dir / "page"));
    BOOST_TEST(render.exit_code == 0);
    BOOST_TEST(render.out.empty(), render.out);
}

BOOST_AUTO_TEST_CASE(every_font_is_embedded_subset_and_mapped_to_unicode) {
    TempDir dir;
    fs::path pdf = render_pledge(dir);
    auto fonts = run("pdffonts " + quoted(pdf));
    BOOST_TEST_REQUIRE(fonts.exit_code == 0, fonts.out);
    std::istringstream lines(fonts.out);
    std::string line;
    int rows = 0;
    std::regex row(R"(^([A-Z]{6})\+(\S+)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$)");
    std::set<std::string> names;
    while (std::getline(lines, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++rows;
        std::smatch m;
        BOOST_TEST(std::regex_match(line, m, row), "not embedded, subset and mapped: " << line);
        if (!m.empty()) names.insert(m[2]);
    }
    BOOST_TEST(rows >= 2);  // regular and bold at least
    BOOST_TEST(names.count("NotoSans-Regular") == 1u);
    BOOST_TEST(names.count("NotoSans-Bold") == 1u);
}

BOOST_AUTO_TEST_CASE(the_same_inputs_and_date_give_the_same_bytes) {
    TempDir dir;
    fs::path one = render_pledge(dir, std::nullopt, "one");
    fs::path two = render_pledge(dir, std::nullopt, "two");
    const std::string a = slurp(one), b = slurp(two);
    BOOST_TEST(a.size() > 1000u);
    BOOST_TEST((a == b), "two renders differ");
    // The date is the as-of date, not the clock.
    BOOST_TEST(a.find("/CreationDate (D:20261122000000Z") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(document_properties_are_set) {
    TempDir dir;
    fs::path pdf = render_pledge(dir);
    auto info = run("pdfinfo " + quoted(pdf));
    BOOST_TEST(info.out.find("Title:           Our pledge to you") != std::string::npos, info.out);
    BOOST_TEST(info.out.find("Author:          Brackenmoor Borough Council") != std::string::npos, info.out);
    BOOST_TEST(info.out.find("Page size:       595.276 x 841.89 pts (A4)") != std::string::npos, info.out);
    BOOST_TEST(slurp(pdf).find("/Lang (en-GB)") != std::string::npos);
}

// ---- scripts ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(greek_cyrillic_and_ligatures_come_back_out_as_written) {
    TempDir dir;
    const std::string greek = "Η υπόσχεσή μας σε εσένα: ένα ασφαλές σπίτι.";
    const std::string russian = "Наше обещание тебе: безопасный дом.";
    const std::string latin = "The office will find fifty flats — naïve café déjà vu, 25 ½ ffi";
    Node g = paragraph({text(greek)});
    g.attributes["lang"] = "el";
    Node r = paragraph({text(russian)});
    r.attributes["lang"] = "ru";
    Document doc = document({heading(1, "Scripts"), g, r, paragraph({text(latin)})});
    fs::path pdf = write_pdf(dir, "scripts.pdf", doc);
    for (const std::string& out : {pdftotext(pdf).out, mutool_text(pdf).out}) {
        const std::string t = normalise(out);
        BOOST_TEST(!has_replacement_character(t));
        BOOST_TEST(t.find(normalise(greek)) != std::string::npos, t);
        BOOST_TEST(t.find(normalise(russian)) != std::string::npos, t);
        BOOST_TEST(t.find(normalise(latin)) != std::string::npos, t);
    }
}

BOOST_AUTO_TEST_CASE(text_in_a_script_the_renderer_does_not_set_is_a_clear_error) {
    Node p = paragraph({text("Welcome: "), text("உங்கள் புதிய வீட்டுக்கு வரவேற்கிறோம்")});
    p.children[1].where = Location(std::make_shared<const std::string>("offer.xml"), 14, 9);
    p.children[1].attributes["lang"] = "ta";
    Document doc = document({heading(1, "Welcome"), p});
    try {
        render_bytes(doc);
        BOOST_FAIL("Tamil text was set without an error");
    } catch (const Failure& f) {
        const std::string m = f.what();
        BOOST_TEST(m.find("offer.xml:14:9") != std::string::npos, m);
        BOOST_TEST(m.find("Tamil script (Taml)") != std::string::npos, m);
        BOOST_TEST(m.find("Latn") != std::string::npos, m);
    }
    auto caps = PdfRenderer().capabilities();
    BOOST_TEST((std::set<std::string>(caps.scripts.begin(), caps.scripts.end()) ==
                std::set<std::string>{"Latn", "Grek", "Cyrl", "Arab", "Ethi", "Beng", "Guru", "Gujr", "Deva"}));
}

// ---- paragraphs and pages --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(lines_fill_the_measure_by_shaped_width_and_justify_exactly) {
    pdf::FontChooser fonts;
    pdf::LineSettings ragged;
    ragged.width = 300;
    auto lines = pdf::set_paragraph(paragraph_text(long_text), ragged, fonts);
    BOOST_TEST_REQUIRE(lines.size() >= 4u);
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        BOOST_TEST(lines[i].width <= 300.0 + 1e-6);
        // Each line is full: the next line's first word would not have fitted.
        if (i + 1 < lines.size()) {
            std::string next = line_text(lines[i + 1]);
            auto paragraph_of_two = pdf::set_paragraph(
                paragraph_text(line_text(lines[i]) + " " + next.substr(0, next.find(' '))), ragged, fonts);
            BOOST_TEST(paragraph_of_two.size() == 2u, "line " << i << " could have taken another word");
        }
        joined += (i ? " " : "") + line_text(lines[i]);
    }
    BOOST_TEST(joined == long_text);

    pdf::LineSettings justified = ragged;
    justified.align = pdf::Alignment::Justify;
    auto just = pdf::set_paragraph(paragraph_text(long_text), justified, fonts);
    BOOST_TEST_REQUIRE(just.size() == lines.size());
    for (std::size_t i = 0; i + 1 < just.size(); ++i) BOOST_TEST(std::abs(just[i].width - 300.0) < 0.01);
    BOOST_TEST(just.back().width == lines.back().width);
}

BOOST_AUTO_TEST_CASE(a_word_wider_than_the_measure_is_broken_not_overflowed) {
    pdf::FontChooser fonts;
    pdf::LineSettings narrow;
    narrow.width = 120;
    std::string url = "https://www.brackenmoor.example.org/children-and-families/leaving-care/local-offer";
    auto lines = pdf::set_paragraph(paragraph_text("See " + url + " for more."), narrow, fonts);
    BOOST_TEST(lines.size() >= 3u);
    std::string joined;
    for (const auto& l : lines) {
        BOOST_TEST(l.width <= 120.0 + 1e-6);
        joined += line_text(l);
    }
    BOOST_TEST(joined.find(url) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(forced_breaks_and_white_space_follow_the_document) {
    pdf::FontChooser fonts;
    pdf::ParagraphText t;
    pdf::TextStyle style;
    t.append("  Phone:\n   01632 960100  ", style, "en-GB", Direction::LeftToRight, Location());
    t.line_break(style, "en-GB", Location());
    t.append(" Email:   hello@example.org ", style, "en-GB", Direction::LeftToRight, Location());
    t.trim_end();
    BOOST_TEST(t.text() == "Phone: 01632 960100\nEmail: hello@example.org");
    pdf::LineSettings wide;
    wide.width = 500;
    auto lines = pdf::set_paragraph(t, wide, fonts);
    BOOST_TEST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(line_text(lines[0]) == "Phone: 01632 960100");
    BOOST_TEST(line_text(lines[1]) == "Email: hello@example.org");
}

BOOST_AUTO_TEST_CASE(a_heading_is_never_left_at_the_foot_of_a_page) {
    // Headings after paragraphs of every length, so that some fall near a page foot.
    std::vector<Node> body{heading(1, "Keeping titles with their text")};
    const std::string sentence = "This sentence is here to fill the page with ordinary words. ";
    for (int i = 1; i <= 40; ++i) {
        body.push_back(heading(2, "Section " + std::to_string(i) + " heading"));
        std::string words;
        for (int k = 0; k < 1 + (i * 7) % 9; ++k) words += sentence;
        body.push_back(paragraph({text(words)}));
    }
    TempDir dir;
    fs::path pdf = write_pdf(dir, "headings.pdf", document(std::move(body)));
    auto info = run("pdfinfo " + quoted(pdf)).out;
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")));
    const int pages = std::stoi(m[1]);
    BOOST_TEST_REQUIRE(pages >= 3);
    int headings_seen = 0;
    for (int p = 1; p <= pages; ++p) {
        std::string text = pdftotext(pdf, p, p).out;
        std::istringstream in(text);
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);)
            if (!l.empty() && l != "\f") lines.push_back(l);
        BOOST_TEST_REQUIRE(lines.size() >= 2u);
        BOOST_TEST(lines.back() == "Page " + std::to_string(p) + " of " + std::to_string(pages));
        const std::string& last = lines[lines.size() - 2];  // the last line of text above the footer
        BOOST_TEST(last.find("heading") == std::string::npos, "page " << p << " ends with a heading: " << last);
        for (const auto& l : lines) headings_seen += l.find(" heading") != std::string::npos;
    }
    BOOST_TEST(headings_seen == 40);
}

BOOST_AUTO_TEST_CASE(list_markers_hang_outside_the_text) {
    Document doc = document({heading(1, "Lists"),
                             element(NodeKind::UnorderedList,
                                     {element(NodeKind::ListItem, {text(long_text)}),
                                      element(NodeKind::ListItem, {text("A short item")})}),
                             element(NodeKind::OrderedList,
                                     {element(NodeKind::ListItem, {text("First step")}),
                                      element(NodeKind::ListItem, {text("Second step")})},
                                     {{"start", "4"}})});
    TempDir dir;
    fs::path pdf = write_pdf(dir, "lists.pdf", doc);
    // pdftotext -bbox gives each word's position: a wrapped line starts where the item's first
    // word starts, to the right of the marker.
    std::string boxes = run("pdftotext -bbox " + quoted(pdf) + " -").out;
    auto x_of = [&](const std::string& word) {
        std::smatch m;
        std::regex re("<word xMin=\"([0-9.]+)\"[^>]*>" + word + "</word>");
        BOOST_TEST_REQUIRE(std::regex_search(boxes, m, re), word << " not found");
        return std::stod(m[1]);
    };
    const double bullet = x_of("\u2022"), first_word = x_of("Your");
    BOOST_TEST(bullet < first_word - 5);
    BOOST_TEST(x_of("4\\.") < x_of("First") - 5);
    BOOST_TEST(boxes.find(">5.</word>") != std::string::npos);
    BOOST_TEST(std::abs(x_of("First") - first_word) < 0.5);
    // Every line of the items, wrapped ones too, starts at the same x; only markers stand left of it.
    std::map<std::string, double> line_start;  // yMin -> leftmost word that is not a marker
    std::regex word_re("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\"[^>]*>([^<]*)</word>");
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word_re); it != std::sregex_iterator(); ++it) {
        const std::string word = (*it)[3];
        if (word == "\u2022" || word == "4." || word == "5." || word == "Lists" || word == "Page" ||
            word == "of" || word == "1")
            continue;
        double x = std::stod((*it)[1]);
        if (std::stod((*it)[2]) < 50) continue;  // the council's band across the top
        auto [slot, fresh] = line_start.emplace((*it)[2], x);
        if (!fresh) slot->second = std::min(slot->second, x);
    }
    BOOST_TEST(line_start.size() >= 5u);  // the long item wraps
    for (const auto& [y, x] : line_start) BOOST_TEST(std::abs(x - first_word) < 0.5, "line at y " << y << " starts at " << x);
}

BOOST_AUTO_TEST_CASE(fonts_are_read_once_per_process) {
    auto& library = pdf::FontLibrary::shared();
    auto a = library.find("Noto Sans", {});
    auto b = library.find("Noto Sans", {});
    auto bold = library.find("Noto Sans", {true, false});
    BOOST_TEST(a.get() == b.get());
    BOOST_TEST(a.get() != bold.get());
    BOOST_TEST(a->postscript_name() == "NotoSans-Regular");
    BOOST_CHECK_THROW(library.find("No Such Family Anywhere", {}), Failure);
}

BOOST_AUTO_TEST_CASE(a_one_page_document_is_small) {
    Document doc = document({heading(1, "Our promises in short"),
                             element(NodeKind::UnorderedList,
                                     {element(NodeKind::ListItem, {text("A safe, caring home where you belong")}),
                                      element(NodeKind::ListItem, {text("Your voice counts, and we will act on what you say")}),
                                      element(NodeKind::ListItem, {text("Keeping close to the people who matter to you")})}),
                             paragraph({text(long_text)})});
    const std::string bytes = render_bytes(doc);
    BOOST_TEST(bytes.size() < 40u * 1024u, bytes.size() << " bytes");
}
