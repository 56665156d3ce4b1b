#define BOOST_TEST_MODULE translation
#include <boost/test/unit_test.hpp>

#include "carepack/load.h"
#include "carepack/locale.h"
#include "carepack/schema.h"
#include "carepack/translation.h"
#include "support.h"

using namespace carepack;
using carepack::testing::mentions;

namespace {

// A translatable English text with one draft translation of the current English, made at `where`.
Value with_draft(const std::string& english, const std::string& lang, const std::string& translated, const Location& where) {
    Value text(english);
    text.translatable = true;
    Translation t;
    t.lang = lang;
    t.status = "draft";
    t.source_hash = source_hash(text);
    t.value = Value(translated);
    t.where = where;
    text.translations.push_back(t);
    return text;
}

const ObjectSpec& leaflet_spec() {
    static const auto item = make_spec("item", {
        text_field("id").required().attribute(),
        markup_field("text").content().required().translatable(),
    });
    static const ObjectSpec spec("leaflet", {
        text_field("title").required().translatable(),
        text_field("code"),  // not for translation
        markup_field("intro").blocks().translatable(),
        list_field("items", item).xml("item"),
        list_field("points", FieldType::Text).xml("point", "points").translatable(),
    });
    return spec;
}

Value english(const std::string& words) {
    Value v(words);
    return v;
}

std::string hash_of(const std::string& words) { return source_hash(english(words)); }

// A leaflet whose Welsh is current and reviewed, whose Arabic is a draft, and whose Polish was
// made from older English.
std::string leaflet_xml() {
    const std::string title = hash_of("Help when you leave care");
    const std::string call = source_hash(Value(Markup{"We will <strong>call you back</strong> the same day."}));
    return "<leaflet>\n"
           "  <title>Help when you leave care</title>\n"
           "  <title xml:lang=\"cy\" status=\"reviewed\" source=\"" + title + "\">Help wrth adael gofal</title>\n"
           "  <title xml:lang=\"ar\" status=\"draft\" source=\"" + title + "\">المساعدة عند مغادرة الرعاية</title>\n"
           "  <title xml:lang=\"pl\" status=\"reviewed\" source=\"0123456789abcdef\">Pomoc po opuszczeniu opieki</title>\n"
           "  <code>BRK-7</code>\n"
           "  <intro><p>First.</p><p>Second.</p></intro>\n"
           "  <item id=\"call\">We will <strong>call you back</strong> the same day.</item>\n"
           "  <item xml:lang=\"cy\" status=\"draft\" source=\"" + call + "\">Byddwn yn <strong>eich ffonio'n ôl</strong> yr un diwrnod.</item>\n"
           "  <points><point>Free bus pass</point><point xml:lang=\"cy\" status=\"reviewed\" source=\"" +
           hash_of("Free bus pass") + "\">Tocyn bws am ddim</point></points>\n"
           "</leaflet>\n";
}

Value load(const std::string& xml, Diagnostics& d) { return load_xml_text(xml, "leaflet.xml", leaflet_spec(), d); }

}  // namespace

BOOST_AUTO_TEST_CASE(translations_attach_to_the_text_before_them) {
    Diagnostics d;
    Value v = load(leaflet_xml(), d);
    BOOST_TEST_REQUIRE(!d.has_errors(), d.str());
    const Value& title = *v.get("title");
    BOOST_TEST(title.translatable);
    BOOST_TEST(title.as_string() == "Help when you leave care");
    BOOST_TEST_REQUIRE(title.translations.size() == 3u);
    BOOST_TEST(title.translations[0].lang == "cy");
    BOOST_TEST(title.translations[0].status == "reviewed");
    BOOST_TEST(title.translations[0].value.as_string() == "Help wrth adael gofal");
    BOOST_TEST(title.translations[0].where.str() == "leaflet.xml:3:3");
    BOOST_TEST(!v.get("code")->translatable);
    const Value& item = v.get("items")->as_array().at(0);
    BOOST_TEST(item.get("text")->translations.size() == 1u);
    BOOST_TEST(item.get("text")->translations[0].value.as_markup().xml ==
               "Byddwn yn <strong>eich ffonio'n ôl</strong> yr un diwrnod.");
    BOOST_TEST(v.get("items")->size() == 1u);  // the translation is not a second item
    BOOST_TEST(v.get("points")->size() == 1u);
    BOOST_TEST(v.get("points")->as_array()[0].translations[0].value.as_string() == "Tocyn bws am ddim");
}

BOOST_AUTO_TEST_CASE(states_follow_status_and_source) {
    Diagnostics d;
    Value v = load(leaflet_xml(), d);
    const Value& title = *v.get("title");
    BOOST_TEST((translation_state(title, "cy") == TranslationState::Reviewed));
    BOOST_TEST((translation_state(title, "ar") == TranslationState::Draft));
    BOOST_TEST((translation_state(title, "pl") == TranslationState::Stale));
    BOOST_TEST((translation_state(title, "ur") == TranslationState::Missing));
    // Dari is not Farsi, and tags compare without case.
    BOOST_TEST(!same_language("fa", "fa-AF"));
    BOOST_TEST(same_language("fa-af", "fa-AF"));
}

BOOST_AUTO_TEST_CASE(the_source_hash_follows_the_words_not_the_markup) {
    const std::string a = source_hash(Value(Markup{"We will <strong>call</strong> you."}));
    BOOST_TEST(a.size() == 16u);
    BOOST_TEST(a == source_hash(Value(Markup{"We will <em>call</em>   you."})));
    BOOST_TEST(a == source_hash(Value("We will call you.")));
    BOOST_TEST(a != source_hash(Value("We will phone you.")));
    // Paragraphs are separate words.
    BOOST_TEST(plain_text(Value(Markup{"<p>One</p><p>two</p>"})) == "One two");
}

BOOST_AUTO_TEST_CASE(a_document_uses_current_translations_and_marks_english_fallback) {
    Diagnostics d;
    Value v = load(leaflet_xml(), d);
    LocaliseReport welsh;
    Value cy = localise(v, {"cy", false}, welsh);
    BOOST_TEST(cy.get("title")->as_string() == "Help wrth adael gofal");
    BOOST_TEST(cy.get("points")->as_array()[0].as_string() == "Tocyn bws am ddim");
    // The item's Welsh is a draft: not used unless asked for, and the English is marked.
    BOOST_TEST(cy.get("items")->as_array()[0].get("text")->as_markup().xml ==
               "<span lang=\"en-GB\">We will <strong>call you back</strong> the same day.</span>");
    // Blocks each say they are English.
    BOOST_TEST(cy.get("intro")->as_markup().xml == "<p lang=\"en-GB\">First.</p><p lang=\"en-GB\">Second.</p>");
    BOOST_TEST(welsh.translated == 2u);
    BOOST_TEST(welsh.fell_back == 2u);
    BOOST_TEST(welsh.drafts_used == 0u);
    // Untranslatable fields pass through.
    BOOST_TEST(cy.get("code")->as_string() == "BRK-7");

    LocaliseReport with_drafts;
    Value cy_draft = localise(v, {"cy", true}, with_drafts);
    BOOST_TEST(cy_draft.get("items")->as_array()[0].get("text")->as_markup().xml.find("ffonio") != std::string::npos);
    BOOST_TEST(with_drafts.drafts_used == 1u);

    // Stale Polish is not used even though it is reviewed; text becomes marked markup.
    LocaliseReport polish;
    Value pl = localise(v, {"pl", true}, polish);
    BOOST_TEST(pl.get("title")->as_markup().xml == "<span lang=\"en-GB\">Help when you leave care</span>");
    BOOST_TEST((polish.fallbacks.front().second == TranslationState::Stale));

    // English is English.
    LocaliseReport none;
    BOOST_TEST(localise(v, {"en-GB", false}, none).get("title")->as_string() == "Help when you leave care");
    BOOST_TEST(none.fell_back == 0u);
}

BOOST_AUTO_TEST_CASE(coverage_counts_every_translatable_text) {
    Diagnostics d;
    Value v = load(leaflet_xml(), d);
    Coverage cy;
    cy.lang = "cy";
    measure_translations(v, "cy", cy);
    // title, intro, the item's text, the point
    BOOST_TEST(cy.total == 4u);
    BOOST_TEST(cy.reviewed == 2u);
    BOOST_TEST(cy.draft == 1u);
    BOOST_TEST(cy.missing == 1u);
    BOOST_TEST(cy.percent() == 75.0);
    BOOST_TEST_REQUIRE(cy.gaps.size() == 1u);
    BOOST_TEST(cy.gaps[0].where.str() == "leaflet.xml:7:10");
    BOOST_TEST(cy.gaps[0].source_hash == source_hash(*v.get("intro")));  // where the intro's English starts
}

BOOST_AUTO_TEST_CASE(bad_translations_are_errors_and_stale_ones_warnings) {
    const std::string h = hash_of("Help when you leave care");
    Diagnostics d;
    Value v = load("<leaflet>\n"
                   "  <title>Help when you leave care</title>\n"
                   "  <title xml:lang=\"pl\" status=\"draft\" source=\"" + h + "\">help when you leave care</title>\n"
                   "  <title xml:lang=\"ar\" status=\"draft\" source=\"" + h + "\">Help wrth adael gofal</title>\n"
                   "  <title xml:lang=\"cy\" status=\"draft\" source=\"0000000000000000\">Help wrth adael gofal</title>\n"
                   "  <title xml:lang=\"so\" status=\"draft\" source=\"" + h + "\">Caawimaad marka aad ka baxdo daryeelka</title>\n"
                   "</leaflet>\n",
                   d);
    BOOST_TEST_REQUIRE(!d.has_errors(), d.str());
    check_translations(v, {"en-GB", "pl", "ar", "cy"}, d);
    BOOST_TEST(mentions(d, "leaflet.xml:3:", "the pl translation is the English again"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:4:", "the ar translation is not mostly in Arab script"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:5:", "the cy translation is stale"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:6:", "authority.xml does not list"), d.str());
    BOOST_TEST(d.error_count() == 2u);
}

BOOST_AUTO_TEST_CASE(names_carried_over_from_the_english_do_not_count_against_the_script) {
    Value title = with_draft("Brackenmoor Shout, our Children in Care Council", "ar",
                             "Brackenmoor Shout، مجلس الأطفال في الرعاية", Location());
    Diagnostics d;
    check_translations(title, {"ar"}, d);
    BOOST_TEST(d.empty(), d.str());
}

BOOST_AUTO_TEST_CASE(english_words_cut_short_are_not_an_arabic_translation) {
    Location at = Location::in_file("offer.xml");
    at.line = 9;
    Value text = with_draft("We added the phone and data top-up.", "ar", "We added", at);
    Diagnostics d;
    check_translations(text, {"ar"}, d);
    BOOST_TEST(mentions(d, "offer.xml:9", "the ar translation has only words of the English in it, none in Arab script"), d.str());
    BOOST_TEST(d.error_count() == 1u);
}

BOOST_AUTO_TEST_CASE(malformed_translations_are_located) {
    Diagnostics d;
    load("<leaflet>\n"
         "  <title xml:lang=\"cy\" status=\"draft\" source=\"0123456789abcdef\">Cyn</title>\n"
         "  <title>English</title>\n"
         "  <title xml:lang=\"c\" status=\"maybe\" source=\"xyz\" id=\"t\">Ar ôl</title>\n"
         "  <title xml:lang=\"pl\">Bez statusu</title>\n"
         "  <code xml:lang=\"cy\" status=\"draft\" source=\"0123456789abcdef\">BRK</code>\n"
         "</leaflet>\n",
         d);
    BOOST_TEST(mentions(d, "leaflet.xml:2:3", "must come straight after the English <title>"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:4:", "xml:lang must be a language tag"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:4:", "status is draft or reviewed, not 'maybe'"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:4:", "source must be the 16-digit hash"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:4:", "takes only xml:lang, status and source, not 'id'"), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:5:3", "needs status="), d.str());
    BOOST_TEST(mentions(d, "leaflet.xml:6:3", "<code> cannot be translated"), d.str());
}

BOOST_AUTO_TEST_CASE(each_language_has_its_script) {
    BOOST_TEST(expected_script("ar") == "Arab");
    BOOST_TEST(expected_script("fa-AF") == "Arab");
    BOOST_TEST(expected_script("ur") == "Arab");
    BOOST_TEST(expected_script("ps") == "Arab");
    BOOST_TEST(expected_script("ckb") == "Arab");
    BOOST_TEST(expected_script("ti") == "Ethi");
    BOOST_TEST(expected_script("cy") == "Latn");
    BOOST_TEST(expected_script("pl") == "Latn");
    BOOST_TEST(expected_script("bn") == "Beng");
    BOOST_TEST(expected_script("xx").empty());
}

BOOST_AUTO_TEST_CASE(catalog_messages_use_icu_plurals_and_keep_plain_numbers_plain) {
    const Catalog english = Catalog::load(testing::source_dir() / "locales" / "en-GB.xml");
    auto note = [&](const std::string& shown) {
        return english.format("pledge-personal-note", {{"name", "Sam"}, {"date", "22 November 2026"}, {"shown", shown}, {"total", "33"}});
    };
    BOOST_TEST(note("1").find("the 1 promise that is") == std::string::npos);  // grammar beyond plurals is the message's
    BOOST_TEST(note("1").find("1 promise that") != std::string::npos, note("1"));
    BOOST_TEST(note("30").find("30 promises that") != std::string::npos, note("30"));
    BOOST_TEST(note("30").find("out of 33") != std::string::npos);
    // A year is not a quantity: no thousands separator.
    BOOST_TEST(english.format("html-date", {{"day", "22"}, {"month", "November"}, {"year", "2026"}}) == "22 November 2026");
}
