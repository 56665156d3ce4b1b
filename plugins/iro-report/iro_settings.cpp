#include "iro_settings.h"

#include <sstream>

#include <pugixml.hpp>

#include "carepack/load.h"
#include "carepack/pipeline.h"

namespace carepack::iro {

std::size_t Grouping::group_of(const std::string& code) const {
    for (std::size_t i = 0; i < groups.size(); ++i)
        for (const auto& c : groups[i].codes)
            if (c == code) return i;
    return groups.size();
}

namespace {

Location at(const std::string& file, const pugi::xml_node& n, const std::string& text) {
    // pugixml gives an offset; the line is what a person needs to find the element.
    int line = 1;
    const auto offset = static_cast<std::size_t>(n.offset_debug());
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
    return Location(std::make_shared<const std::string>(file), line, 1);
}

}  // namespace

Settings Settings::load(const std::filesystem::path& path) {
    Settings s;
    s.file = path.string();
    const std::string text = read_file(path);
    pugi::xml_document doc;
    if (auto r = doc.load_buffer(text.data(), text.size()); !r)
        throw Failure(Location::in_file(s.file), std::string("cannot read the IRO report settings: ") + r.description());
    auto root = doc.child("iro-report-settings");
    if (!root) throw Failure(Location::in_file(s.file), "the root element is not <iro-report-settings>");
    auto need = [&](const pugi::xml_node& n, const char* name) -> pugi::xml_node {
        auto c = n.child(name);
        if (!c) throw Failure(at(s.file, n, text), std::string("no <") + name + "> in <" + n.name() + ">");
        return c;
    };
    auto number = [&](const pugi::xml_node& n, const char* attr) -> int {
        const std::string v = n.attribute(attr).value();
        try {
            std::size_t used = 0;
            int x = std::stoi(v, &used);
            if (used == v.size()) return x;
        } catch (const std::exception&) {
        }
        throw Failure(at(s.file, n, text), std::string("<") + n.name() + "> " + attr + " must be a whole number, not '" + v + "'");
    };
    auto caseload = need(root, "caseload");
    s.caseload_min = number(caseload, "min");
    s.caseload_max = number(caseload, "max");
    s.caseload_basis = caseload.attribute("legal-basis").value();
    auto suppression = need(root, "suppression");
    s.threshold = number(suppression, "threshold");
    s.suppression_source = suppression.attribute("source").value();
    auto bands = need(root, "age-bands");
    s.age_source = bands.attribute("source").value();
    for (auto b : bands.children("band"))
        s.age_bands.push_back({b.attribute("id").value(), b.attribute("label").value(), number(b, "from"), number(b, "to")});
    auto grouping = [&](const char* name) {
        Grouping g;
        auto n = need(root, name);
        g.field = n.attribute("field").value();
        g.source = n.attribute("source").value();
        for (auto e : n.children("group")) {
            CodeGroup cg{e.attribute("id").value(), e.attribute("label").value(), {}};
            std::istringstream codes(e.attribute("codes").value());
            for (std::string c; codes >> c;) cg.codes.push_back(c);
            g.groups.push_back(std::move(cg));
        }
        if (g.groups.empty()) throw Failure(at(s.file, n, text), std::string("<") + name + "> has no <group>");
        return g;
    };
    s.ethnicity = grouping("ethnicity-groups");
    s.legal_status = grouping("legal-status-groups");
    s.placement = grouping("placement-groups");
    if (s.age_bands.empty()) throw Failure(at(s.file, bands, text), "<age-bands> has no <band>");
    if (s.caseload_min <= 0 || s.caseload_max < s.caseload_min)
        throw Failure(at(s.file, caseload, text), "the caseload range must be from a positive min to a max no smaller");
    if (s.threshold < 1) throw Failure(at(s.file, suppression, text), "the suppression threshold must be at least 1");
    return s;
}

Settings Settings::for_jurisdiction(const std::string& jurisdiction) {
    return load(data_directory() / "data" / jurisdiction / "iro-report.xml");
}

}  // namespace carepack::iro
