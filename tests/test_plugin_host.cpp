#define BOOST_TEST_MODULE plugin_host
#include <boost/test/unit_test.hpp>

#include "carepack/plugin_host.h"
#include "support.h"

using namespace carepack;

namespace {
const PluginProblem* problem_for(const PluginHost& host, const std::string& file_name) {
    for (const auto& p : host.problems())
        if (p.file.filename() == file_name) return &p;
    return nullptr;
}
}  // namespace

BOOST_AUTO_TEST_CASE(real_plugins_load_and_say_what_they_can_do) {
    PluginHost host;
    host.load_directory(CAREPACK_BUILD_PLUGIN_DIR);
    BOOST_TEST(host.problems().empty());
    const Renderer* html = host.renderer_for("html");
    BOOST_REQUIRE(html);
    BOOST_TEST(html->id() == "html");
    const DocumentKind* pledge = host.kind("pledge");
    BOOST_REQUIRE(pledge);
    BOOST_TEST((pledge->person_use() == DocumentKind::PersonUse::Optional));
    auto kinds = host.kinds();
    BOOST_TEST((std::find(kinds.begin(), kinds.end(), "pledge") != kinds.end()));
    BOOST_TEST(host.renderer_for("docx") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_plugin_for_another_api_version_is_refused_and_the_others_still_load) {
    PluginHost host;
    host.load_directory(CAREPACK_TEST_PLUGIN_DIR);  // the refused ones first
    host.load_directory(CAREPACK_BUILD_PLUGIN_DIR);
    const PluginProblem* old = problem_for(host, "carepack-old-api.so");
    BOOST_REQUIRE(old);
    BOOST_TEST(old->reason.find("plugin 'old-api' was built for plugin API version 0") != std::string::npos, old->reason);
    BOOST_TEST(old->reason.find("needs version " + std::to_string(plugin_api_version)) != std::string::npos);
    BOOST_TEST(host.find("old-api") == nullptr);
    BOOST_TEST(host.renderer_for("old") == nullptr);

    const PluginProblem* stranger = problem_for(host, "carepack-not-a-plugin.so");
    BOOST_REQUIRE(stranger);
    BOOST_TEST(stranger->reason.find("not a carepack plugin") != std::string::npos);

    BOOST_TEST(host.renderer_for("html") != nullptr);
    BOOST_TEST(host.kind("pledge") != nullptr);
}

BOOST_AUTO_TEST_CASE(a_missing_folder_or_file_is_a_problem_not_a_crash) {
    PluginHost host;
    host.load_directory("/nonexistent/carepack/plugins");
    BOOST_TEST(!host.load_file("/nonexistent/carepack-nothing.so"));
    BOOST_TEST(host.problems().size() == 2u);
    BOOST_TEST(host.plugins().empty());
}
