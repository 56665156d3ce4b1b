#define BOOST_TEST_MODULE pdf_scripts
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include <hb.h>
#include <pugixml.hpp>
#include <unicode/uchar.h>

#include "extract.h"
#include "images.h"
#include "nodes.h"
#include "pdf_reader.h"
#include "pdf_renderer.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

struct Sentence {
    std::string lang, text;
};

std::vector<Sentence> sentences() {
    pugi::xml_document doc;
    auto file = source_dir() / "tests" / "fixtures" / "sentences.xml";
    BOOST_REQUIRE(doc.load_file(file.c_str()));
    std::vector<Sentence> out;
    for (auto s : doc.child("sentences").children("sentence")) out.push_back({s.attribute("lang").value(), s.text().get()});
    return out;
}

bool right_to_left(const std::string& lang) { return direction_of_language(lang) == Direction::RightToLeft; }

struct Rendered {
    fs::path file;
    Diagnostics diagnostics;
};

// One paragraph in `lang`, as a one-page PDF with no council name: what is extracted is the
// sentence and the page footer.
Rendered render(const TempDir& dir, const std::string& lang, const std::vector<Node>& body) {
    Document doc = document(body, lang);
    RenderOptions options;
    options.date = Date(2026, 11, 22);
    options.catalog = &english();
    Rendered r;
    r.file = dir / ("sentence-" + lang + ".pdf");
    spit(r.file, PdfRenderer().render(doc, options, r.diagnostics).bytes);
    // CAREPACK_TEST_KEEP=DIR keeps a copy of each PDF there, to look at.
    if (const char* keep = std::getenv("CAREPACK_TEST_KEEP"))
        fs::copy_file(r.file, fs::path(keep) / r.file.filename(), fs::copy_options::overwrite_existing);
    return r;
}

Rendered render_sentence(const TempDir& dir, const Sentence& s) { return render(dir, s.lang, {paragraph({text(s.text)})}); }

const std::string footer = "Page 1 of 1";

// `fc-list`'s PostScript names and their files, to hand hb-shape the font the PDF used.
std::map<std::string, std::string> font_files() {
    std::map<std::string, std::string> files;
    std::istringstream in(run("fc-list : postscriptname file").out);
    std::regex line(R"(^(.+): :postscriptname=(\S+)$)");
    for (std::string l; std::getline(in, l);) {
        std::smatch m;
        if (std::regex_match(l, m, line)) files.emplace(m[2], m[1]);
    }
    return files;
}

// What HarfBuzz's own hb-shape gives for `text` in `font_file`: glyph ids in visual order.
std::vector<std::uint32_t> hb_shape(const TempDir& dir, const std::string& font_file, const std::string& text,
                                    const std::string& lang, bool rtl) {
    auto text_file = dir / "run.txt";
    spit(text_file, text);
    auto r = run("hb-shape --no-glyph-names --no-positions --no-clusters --direction=" + std::string(rtl ? "rtl" : "ltr") +
                 " --language=" + lang + " --font-file=" + testing::quoted(fs::path(font_file)) + " --text-file=" + quoted(text_file));
    std::vector<std::uint32_t> ids;
    std::regex id(R"(\d+)");
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), id); it != std::sregex_iterator(); ++it)
        ids.push_back(static_cast<std::uint32_t>(std::stoul(it->str())));
    return ids;
}

// Whether glyph `g` of the font in `file` has no outline at all.
bool empty_glyph(const std::string& file, std::uint32_t g) {
    hb_blob_t* blob = hb_blob_create_from_file(file.c_str());
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(face);
    hb_glyph_extents_t e{};
    bool empty = !hb_font_get_glyph_extents(font, g, &e) || e.width == 0 || e.height == 0;
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return empty;
}

bool has_strong_rtl(const std::string& text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    for (int32_t i = 0; i < u.length(); ++i) {
        auto d = u_charDirection(u.char32At(i));
        if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) return true;
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_language_comes_back_out_exactly) {
    TempDir dir;
    const auto all = sentences();
    BOOST_TEST_REQUIRE(all.size() == 18u);
    for (const auto& s : all) {
        BOOST_TEST_CONTEXT("language " << s.lang) {
            Rendered r = render_sentence(dir, s);
            BOOST_TEST(r.diagnostics.empty(), r.diagnostics.str());
            const std::string want = normalise(s.text) + " " + footer;
            const std::string mupdf = normalise(mutool_text(r.file).out);
            BOOST_TEST(!has_replacement_character(mupdf));
            BOOST_TEST(mupdf == want);
            const std::string poppler = normalise(pdftotext(r.file).out);
            BOOST_TEST(!has_replacement_character(poppler));
            // poppler orders right-to-left text by position: only an oracle for left to right.
            if (!right_to_left(s.lang)) BOOST_TEST(poppler == want);

            auto fonts = run("pdffonts " + quoted(r.file)).out;
            std::istringstream rows(fonts);
            int embedded = 0;
            for (std::string row; std::getline(rows, row);) {
                if (row.rfind("name", 0) == 0 || row.rfind("---", 0) == 0 || row.empty()) continue;
                BOOST_TEST(std::regex_search(row, std::regex(R"(^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes)")),
                           row);
                ++embedded;
            }
            BOOST_TEST(embedded >= 1);
            auto check = run("qpdf --check " + quoted(r.file));
            BOOST_TEST(check.exit_code == 0, check.out);
            auto quiet = run("pdftotext " + quoted(r.file) + " /dev/null");
            BOOST_TEST(quiet.out.empty(), quiet.out);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_glyphs_drawn_are_the_glyphs_harfbuzz_gives) {
    TempDir dir;
    const auto files = font_files();
    for (const auto& s : sentences()) {
        BOOST_TEST_CONTEXT("language " << s.lang) {
            Rendered r = render_sentence(dir, s);
            auto runs = PdfReader(r.file).runs();
            BOOST_TEST(runs.size() >= 2u);
            std::string text;
            for (const auto& run : runs) {
                BOOST_TEST_CONTEXT("run '" << run.text << "' in " << run.font) {
                    auto file = files.find(run.font);
                    BOOST_TEST_REQUIRE((file != files.end()), "fc-list does not know " << run.font);
                    const bool rtl = has_strong_rtl(run.text);
                    auto expected = hb_shape(dir, file->second, run.text, run.lang, rtl);
                    // Glyphs that draw nothing and carry no text are not written.
                    expected.erase(std::remove_if(expected.begin(), expected.end(),
                                                  [&](std::uint32_t g) {
                                                      return std::find(run.glyphs.begin(), run.glyphs.end(), g) ==
                                                                 run.glyphs.end() &&
                                                             empty_glyph(file->second, g);
                                                  }),
                                   expected.end());
                    // Right-to-left glyphs are written in logical order: the reverse of visual.
                    if (rtl) std::reverse(expected.begin(), expected.end());
                    BOOST_TEST(run.glyphs == expected, boost::test_tools::per_element());
                    text += run.text;
                }
            }
            // Line ends drop their spaces; the words are all there, in order.
            auto squeeze = [](std::string t) {
                t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
                return t;
            };
            BOOST_TEST(squeeze(normalise(text)) == squeeze(normalise(s.text) + footer));
        }
    }
}

BOOST_AUTO_TEST_CASE(each_script_gets_its_own_font) {
    TempDir dir;
    const std::map<std::string, std::string> font_of = {
        {"en-GB", "NotoSans-Regular"},       {"ar", "NotoNaskhArabic-Regular"}, {"ps", "NotoNaskhArabic-Regular"},
        {"fa-AF", "NotoNaskhArabic-Regular"}, {"ckb", "NotoNaskhArabic-Regular"}, {"ur", "NotoNastaliqUrdu-Regular"},
        {"ti", "NotoSansEthiopic-Regular"},  {"am", "NotoSansEthiopic-Regular"}, {"bn", "NotoSansBengali-Regular"},
        {"pa", "NotoSansGurmukhi-Regular"},  {"gu", "NotoSansGujarati-Regular"}};
    for (const auto& s : sentences()) {
        auto want = font_of.find(s.lang);
        if (want == font_of.end()) continue;
        BOOST_TEST_CONTEXT("language " << s.lang) {
            auto runs = PdfReader(render_sentence(dir, s).file).runs();
            std::set<std::string> used;
            for (const auto& r : runs) used.insert(r.font);
            BOOST_TEST(used.count(want->second) == 1u);
            // The English name, the number and the address are in Noto Sans.
            BOOST_TEST(used.count("NotoSans-Regular") == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(right_to_left_paragraphs_are_right_aligned_and_numbers_keep_their_order) {
    TempDir dir;
    Sentence arabic;
    for (const auto& s : sentences())
        if (s.lang == "ar") arabic = s;
    Node list = element(NodeKind::UnorderedList, {element(NodeKind::ListItem, {text(arabic.text)}),
                                                  element(NodeKind::ListItem, {text("مرحبا")})});
    Rendered r = render(dir, "ar", {paragraph({text(arabic.text)}), list});
    std::string boxes = run("pdftotext -bbox " + quoted(r.file) + " -").out;
    struct Word {
        double x0, x1, y;
        std::string text;
    };
    std::vector<Word> words;
    std::regex word_re(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>)re");
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word_re); it != std::sregex_iterator(); ++it)
        words.push_back({std::stod((*it)[1]), std::stod((*it)[3]), std::stod((*it)[2]), (*it)[4]});
    // A word as pdftotext splits them (punctuation stays on the word it follows).
    auto find = [&](const std::string& w, std::size_t nth = 0) {
        for (const auto& word : words)
            if (word.text.rfind(w, 0) == 0 && nth-- == 0) return word;
        BOOST_FAIL("no word " << w);
        return Word{};
    };
    // The phone number reads 01632 960100 from left to right, inside right-to-left text.
    BOOST_TEST(find("01632").x1 < find("960100").x0);
    BOOST_TEST(find("Sam").x1 < find("Taylor").x0);
    // The paragraph's first line ends at the right margin (A4 less 22 mm).
    const double right_margin = 595.276 - 22 * 72 / 25.4;
    double first_line_right = 0;
    for (const auto& w : words)
        if (std::abs(w.y - find("Sam").y) < 2) first_line_right = std::max(first_line_right, w.x1);
    BOOST_TEST(std::abs(first_line_right - right_margin) < 1.0, first_line_right << " against " << right_margin);
    // The list's bullets hang on the right, outside the items' text.
    const Word bullet = find("\u2022", 1);
    double item_right = 0;
    for (const auto& w : words)
        if (std::abs(w.y - bullet.y) < 2 && w.text != "\u2022") item_right = std::max(item_right, w.x1);
    BOOST_TEST(bullet.x0 > item_right);
    // In the list's indent on the right, as far from the margin as an English bullet is from
    // the left one.
    Rendered english = render(dir, "en-GB", {element(NodeKind::UnorderedList, {element(NodeKind::ListItem, {text("Hello")})})});
    std::string english_boxes = run("pdftotext -bbox " + quoted(english.file) + " -").out;
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(english_boxes, m, std::regex("<word xMin=\"([0-9.]+)\"[^>]*>\u2022</word>")));
    const double left_margin = 22 * 72 / 25.4;
    BOOST_TEST(std::abs((right_margin - bullet.x1) - (std::stod(m[1]) - left_margin)) < 0.5);
    // And the text comes out in reading order.
    BOOST_TEST(normalise(mutool_text(r.file).out).find(normalise(arabic.text)) == 0u);
}

BOOST_AUTO_TEST_CASE(characters_a_font_lacks_fall_back_cluster_by_cluster) {
    TempDir dir;
    // Noto Naskh Arabic has no em dash and no parentheses.
    const std::string words = "اتصل بنا (Sam Taylor) — اليوم";
    Rendered r = render(dir, "ar", {paragraph({text(words)})});
    BOOST_TEST(r.diagnostics.empty(), r.diagnostics.str());
    BOOST_TEST(normalise(mutool_text(r.file).out) == normalise(words) + " " + footer);
    std::set<std::string> used;
    std::string dash_font;
    for (const auto& run : PdfReader(r.file).runs()) {
        used.insert(run.font);
        if (run.text.find("\u2014") != std::string::npos) dash_font = run.font;
    }
    BOOST_TEST(used.count("NotoNaskhArabic-Regular") == 1u);
    BOOST_TEST(dash_font == "NotoSans-Regular");
}

BOOST_AUTO_TEST_CASE(a_character_no_font_has_is_a_warning_and_a_visible_box) {
    TempDir dir;
    Node p = paragraph({text("Before \U0010FFFD after")});
    p.children[0].where = Location(std::make_shared<const std::string>("offer.xml"), 7, 12);
    Rendered r = render(dir, "en-GB", {p});
    BOOST_TEST_REQUIRE(r.diagnostics.items().size() == 1u, r.diagnostics.str());
    const auto& w = r.diagnostics.items().front();
    BOOST_TEST((w.severity == Severity::Warning));
    BOOST_TEST(w.str().find("offer.xml:7:12") == 0u, w.str());
    BOOST_TEST(w.message.find("U+10FFFD") != std::string::npos, w.message);
    BOOST_TEST(w.message.find("language en-GB") != std::string::npos, w.message);
    // The box is .notdef, glyph 0, drawn where the character is, and stands for it.
    bool box = false;
    for (const auto& run : PdfReader(r.file).runs())
        for (std::size_t i = 0; i < run.glyphs.size(); ++i) box |= run.glyphs[i] == 0;
    BOOST_TEST(box);
    BOOST_TEST(normalise(mutool_text(r.file).out).find("Before \U0010FFFD after") == 0u);
}

BOOST_AUTO_TEST_CASE(clusters_with_more_glyphs_than_characters_extract_once) {
    // Bengali কো is drawn as three glyphs (the vowel sign in two parts around ক); Nastaliq
    // draws ب ت ث as a shared body and separate dots. The glyphs beyond each cluster's
    // characters are drawn as outlines and carry no text.
    TempDir dir;
    for (const auto& [lang, words] : std::vector<std::pair<std::string, std::string>>{
             {"bn", "কোথায় কিছু আমি"}, {"ur", "بات ثابت تب"}}) {
        BOOST_TEST_CONTEXT("language " << lang) {
            Rendered r = render(dir, lang, {paragraph({text(words)})});
            BOOST_TEST(normalise(mutool_text(r.file).out) == normalise(words) + " " + footer);
            std::size_t outlines = 0;
            for (const auto& run : PdfReader(r.file).runs()) outlines += run.outlines;
            BOOST_TEST(outlines > 0u);
        }
    }
}

// ---- reference images ------------------------------------------------------------------------



// The sentences in Arabic, Pashto, Urdu, Tigrinya and Bengali, rendered by pdftoppm at 100 dpi
// (the text area of the page), against references that were looked at by eye when they were
// made: joined Arabic letters with all their dots, Nastaliq's sloping words, Pashto's own
// letters, Ethiopic syllables, Bengali conjuncts and split vowel signs, numbers and addresses
// left to right. CAREPACK_UPDATE_REFERENCES=1 writes new references instead; look at them
// before committing.
BOOST_AUTO_TEST_CASE(rendering_matches_the_references_looked_at_by_eye) {
    TempDir dir;
    const bool update = std::getenv("CAREPACK_UPDATE_REFERENCES") != nullptr;
    for (const auto& s : sentences()) {
        if (s.lang != "ar" && s.lang != "ps" && s.lang != "ur" && s.lang != "ti" && s.lang != "bn") continue;
        BOOST_TEST_CONTEXT("language " << s.lang) {
            Rendered r = render_sentence(dir, s);
            // The text area below the council's band, a little wider than the measure.
            auto png = run("pdftoppm -r 100 -gray -x 78 -y 85 -W 672 -H 130 " + quoted(r.file) + " " +
                           quoted(dir / ("image-" + s.lang)));
            BOOST_TEST_REQUIRE(png.exit_code == 0, png.out);
            fs::path made;
            for (const auto& e : fs::directory_iterator(dir.path()))
                if (e.path().filename().string().rfind("image-" + s.lang + "-", 0) == 0) made = e.path();
            const fs::path reference = source_dir() / "tests" / "reference" / ("pdf-" + s.lang + ".pgm");
            if (update) {
                fs::create_directories(reference.parent_path());
                fs::copy_file(made, reference, fs::copy_options::overwrite_existing);
                continue;
            }
            BOOST_TEST_REQUIRE(fs::exists(reference), reference << " is missing");
            Grey want = read_pgm(slurp(reference)), got = read_pgm(slurp(made));
            BOOST_TEST_REQUIRE(want.width == got.width);
            BOOST_TEST_REQUIRE(want.height == got.height);
            const Difference d = difference(want, got);
            BOOST_TEST(d.ink > 1000u);  // the reference holds text
            // Tolerant of anti-aliasing, not of a lost dot or a moved word.
            BOOST_TEST(d.mean < 1.0);
            BOOST_TEST(d.far < d.ink / 200 + 5, d.far << " pixels differ strongly; " << d.ink << " pixels of ink");
        }
    }
}
