#define BOOST_TEST_MODULE person_record
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>

#include "carepack/person_record.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;

namespace {

PersonRecord load(const TempDir& dir, const std::string& json, Diagnostics& d) {
    const auto file = dir / "record.json";
    std::ofstream(file) << json;
    return load_person(file, d);
}

const std::string base = R"({"id": "T-0001", "preferred_name": "Test", "date_of_birth": "2009-03-01", )";

}  // namespace

BOOST_AUTO_TEST_CASE(nhs_numbers_need_their_modulus_11_check_digit) {
    BOOST_TEST(valid_nhs_number("999 000 0018"));
    BOOST_TEST(valid_nhs_number("9990000018"));
    BOOST_TEST(!valid_nhs_number("999 000 0019"));  // the check digit is 8
    BOOST_TEST(!valid_nhs_number("999 000 001"));   // nine digits
    BOOST_TEST(!valid_nhs_number("999 000 001X"));
    // 999 000 000: the weighted sum (243) leaves a check digit of 10, which no NHS number has.
    for (char last = '0'; last <= '9'; ++last) BOOST_TEST(!valid_nhs_number(std::string("999000000") + last));
    BOOST_TEST(is_fictional_nhs_number("999 000 0018"));
    BOOST_TEST(!is_fictional_nhs_number("401 023 2137"));

    TempDir dir;
    Diagnostics d;
    auto r = load(dir, base + R"("health": {"nhs_number": "999 000 0019"}})", d);
    BOOST_TEST(d.has_errors());
    BOOST_TEST(d.str().find("$.health.nhs_number") != std::string::npos, d.str());
    BOOST_TEST(d.str().find("modulus 11") != std::string::npos, d.str());
}

BOOST_AUTO_TEST_CASE(each_flag_reaches_only_its_audiences) {
    TempDir dir;
    Diagnostics d;
    auto r = load(dir, base + R"("flags": [
        {"id": "asylum-claim", "note": "Interview in March.", "audiences": ["professional"]},
        {"id": "young-carer", "note": "Looks after a younger brother at weekends.", "audiences": ["young-person", "professional"]},
        {"id": "no-audience", "note": "Nobody said."}
    ]})", d);
    BOOST_TEST(!d.has_errors(), d.str());
    const auto& flags = r.value.get("flags")->as_array();
    BOOST_TEST(flags[0].get("note")->sensitivity == Sensitivity::Professional);
    BOOST_TEST(flags[1].get("note")->sensitivity == Sensitivity::Personal);
    BOOST_TEST(flags[2].get("note")->sensitivity == Sensitivity::Professional);  // unsaid: the narrowest
    BOOST_TEST(!audience_may_see(Audience::YoungPerson, flags[0].get("note")->sensitivity));
    BOOST_TEST(audience_may_see(Audience::YoungPerson, flags[1].get("note")->sensitivity));
    BOOST_TEST(!audience_may_see(Audience::Public, flags[1].get("note")->sensitivity));
    BOOST_TEST((r.person.flags == std::vector<std::string>{"asylum-claim", "young-carer", "no-audience"}));

    Diagnostics public_flag;
    load(dir, base + R"("flags": [{"id": "x", "audiences": ["public"]}]})", public_flag);
    BOOST_TEST(public_flag.has_errors());
    BOOST_TEST(public_flag.str().find("never public") != std::string::npos, public_flag.str());
}

BOOST_AUTO_TEST_CASE(family_health_history_goes_to_the_young_person_only_with_their_consent) {
    TempDir dir;
    const std::string health = R"("health": {"family_history": {"text": "Asthma on the mother's side."}})";
    Diagnostics d;
    auto without = load(dir, base + health + "}", d);
    BOOST_TEST(without.value.find("health.family_history.text")->sensitivity == Sensitivity::Professional);
    auto refused = load(dir, base + health + R"(, "consents": [{"about": "family-health-history", "given": false, "date": "2026-01-05"}]})", d);
    BOOST_TEST(refused.value.find("health.family_history.text")->sensitivity == Sensitivity::Professional);
    auto agreed = load(dir, base + health + R"(, "consents": [{"about": "family-health-history", "given": true, "date": "2026-01-05"}]})", d);
    BOOST_TEST(agreed.value.find("health.family_history.text")->sensitivity == Sensitivity::Personal);
    BOOST_TEST(!d.has_errors(), d.str());
}

BOOST_AUTO_TEST_CASE(every_example_case_record_loads_without_errors) {
    std::size_t records = 0;
    for (const auto& entry : std::filesystem::directory_iterator(example_council() / "caseload")) {
        Diagnostics d;
        auto r = load_person(entry.path(), d);
        BOOST_TEST(!d.has_errors(), entry.path().string() << ": " << d.str());
        BOOST_TEST(is_fictional_nhs_number(r.person.nhs_number), entry.path().string());
        ++records;
    }
    BOOST_TEST(records == 10u);
}

BOOST_AUTO_TEST_CASE(an_xml_flag_says_its_audiences_beside_its_note) {
    TempDir dir;
    const auto file = dir / "record.xml";
    std::ofstream(file) << R"(<?xml version="1.0" encoding="UTF-8"?>
<person id="T-0002">
  <preferred_name>Test</preferred_name>
  <date_of_birth>2009-03-01</date_of_birth>
  <flags>
    <flag id="young-carer"><note>Looks after a brother.</note><audiences><audience>young-person</audience></audiences></flag>
    <flag id="asylum-claim"><note>Interview in March.</note></flag>
  </flags>
</person>
)";
    Diagnostics d;
    auto r = load_person(file, d);
    BOOST_TEST(!d.has_errors(), d.str());
    const auto& flags = r.value.get("flags")->as_array();
    BOOST_TEST(flags[0].get("note")->sensitivity == Sensitivity::Personal);
    BOOST_TEST(flags[1].get("note")->sensitivity == Sensitivity::Professional);

    // An element beside text that is the field would be lost without a word: it is an error.
    std::ofstream(file) << R"(<?xml version="1.0" encoding="UTF-8"?>
<person id="T-0002">
  <preferred_name>Test</preferred_name>
  <date_of_birth>2009-03-01</date_of_birth>
  <consents><consent about="photographs" given="true" date="2026-01-05">Fine for the newsletter.<extra/></consent></consents>
</person>
)";
    Diagnostics lost;
    load_person(file, lost);
    BOOST_TEST(lost.has_errors());
    BOOST_TEST(lost.str().find("record.xml:5:") != std::string::npos, lost.str());
    BOOST_TEST(lost.str().find("cannot also hold <extra>") != std::string::npos, lost.str());
}
