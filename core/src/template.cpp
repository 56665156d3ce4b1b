#include "carepack/template.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>
#include <set>
#include <unordered_map>

#include <kainjow/mustache.hpp>
#include <pugixml.hpp>

#include "carepack/load.h"
#include "xml_location.h"

namespace carepack {

namespace mu = kainjow::mustache;

namespace {

constexpr unsigned parse_flags = pugi::parse_default | pugi::parse_ws_pcdata;
constexpr const char* line_attribute = "data-carepack-line";

// Markers that travel with each value through expansion, so the Document knows which field
// made which text. Private-use characters: stripped from data before it goes in.
constexpr std::string_view marker_open = "\xEE\x80\x80";   // U+E000, then the origin number
constexpr std::string_view marker_close = "\xEE\x80\x81";  // U+E001, then the value
constexpr std::string_view marker_end = "\xEE\x80\x82";    // U+E002

std::string strip_markers(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 2, "\xEE\x80") == 0 && i + 2 < s.size() &&
            static_cast<unsigned char>(s[i + 2]) >= 0x80 && static_cast<unsigned char>(s[i + 2]) <= 0x82) {
            i += 2;
            continue;
        }
        out += s[i];
    }
    return out;
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// ---- Mustache tags in a piece of template text ----

struct Tag {
    char sigil = 0;  // 0 for a variable, or one of # ^ / ! > = & {
    std::string name;
    std::size_t offset = 0;  // of "{{" in the text
};

// Finds the tags in `text`; reports unterminated ones. Returns false on a syntax problem.
bool scan_tags(std::string_view text, std::vector<Tag>& tags, std::string& problem) {
    std::size_t i = 0;
    while ((i = text.find("{{", i)) != std::string_view::npos) {
        bool triple = text.compare(i, 3, "{{{") == 0;
        std::string_view close = triple ? "}}}" : "}}";
        std::size_t start = i + (triple ? 3 : 2);
        std::size_t end = text.find(close, start);
        if (end == std::string_view::npos) {
            problem = "a Mustache tag opened here is not closed with " + std::string(close);
            return false;
        }
        std::string_view inner = text.substr(start, end - start);
        Tag t;
        t.offset = i;
        if (triple) t.sigil = '{';
        else if (!inner.empty() && std::string_view("#^/!>=&").find(inner[0]) != std::string_view::npos) {
            t.sigil = inner[0];
            inner.remove_prefix(1);
        }
        while (!inner.empty() && (inner.front() == ' ' || inner.front() == '\t')) inner.remove_prefix(1);
        while (!inner.empty() && (inner.back() == ' ' || inner.back() == '\t')) inner.remove_suffix(1);
        t.name = std::string(inner);
        tags.push_back(std::move(t));
        i = end + close.size();
    }
    return true;
}

// ---- checking the template before expansion ----

class TemplateChecker {
public:
    TemplateChecker(const detail::LineIndex& lines, Diagnostics& d) : lines_(lines), d_(d) {}

    void check_root(const pugi::xml_node& root) {
        if (std::string_view(root.name()) != "document") {
            d_.error(lines_.of(root), "a template's root element must be <document>, not <" + std::string(root.name()) + ">");
            return;
        }
        for (auto a : root.attributes()) {
            std::string_view n = a.name();
            if (n != "title" && n != "lang" && n != "dir")
                d_.error(lines_.of_attribute_name(root, n), "<document> does not take the attribute '" + std::string(n) +
                                                           "' (it takes title, lang and dir)");
            else
                check_attribute_tags(root, a);
        }
        if (!root.attribute("title")) d_.error(lines_.of(root), "<document> needs a title attribute");
        check_children(root, std::nullopt);
    }

private:
    void check_attribute_tags(const pugi::xml_node& el, const pugi::xml_attribute& a) {
        std::vector<Tag> tags;
        std::string problem;
        Location at = lines_.of_attribute(el, a.name());
        if (!scan_tags(a.value(), tags, problem)) return d_.error(at, problem);
        std::vector<std::string> open;
        for (const auto& t : tags) {
            if (!check_tag_kind(t, at)) continue;
            if (t.sigil == '{' || t.sigil == '&')
                d_.error(at.shifted(static_cast<int>(t.offset)),
                         "unescaped tag {{{" + t.name + "}}} is not allowed in an attribute value");
            if (t.sigil == '#' || t.sigil == '^') open.push_back(t.name);
            if (t.sigil == '/') {
                if (open.empty() || open.back() != t.name)
                    d_.error(at.shifted(static_cast<int>(t.offset)), "{{/" + t.name + "}} closes no open section here");
                else
                    open.pop_back();
            }
        }
        if (!open.empty()) d_.error(at, "section {{#" + open.back() + "}} is not closed inside this attribute value");
    }

    bool check_tag_kind(const Tag& t, const Location& at) {
        if (t.sigil == '>') {
            d_.error(at, "partials ({{> " + t.name + "}}) are not supported; use sections over the data instead");
            return false;
        }
        if (t.sigil == '=') {
            d_.error(at, "changing Mustache delimiters is not allowed in templates");
            return false;
        }
        if (t.sigil != '!' && t.name.empty()) {
            d_.error(at, "an empty Mustache tag");
            return false;
        }
        return true;
    }

    // Mustache sections must open and close among the text children of one element, so that
    // expansion can repeat or drop whole elements but never break the tree.
    void check_children(const pugi::xml_node& el, std::optional<NodeKind> kind) {
        struct Open {
            std::string name;
            Location at;
        };
        std::vector<Open> open;
        for (auto c : el.children()) {
            if (c.type() == pugi::node_element) {
                check_element(c, kind);
                continue;
            }
            if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
            std::vector<Tag> tags;
            std::string problem;
            Location at = lines_.of(c);
            if (!scan_tags(c.value(), tags, problem)) {
                d_.error(at, problem);
                continue;
            }
            // What would be left as text once the section tags are gone.
            std::string rest;
            std::size_t pos = 0;
            std::string_view v = c.value();
            for (const auto& t : tags) {
                if (!check_tag_kind(t, at)) continue;
                Location tag_at = lines_.at(c.offset_debug() + static_cast<std::ptrdiff_t>(t.offset));
                if (t.sigil == '#' || t.sigil == '^') open.push_back({t.name, tag_at});
                else if (t.sigil == '/') {
                    if (open.empty() || open.back().name != t.name)
                        d_.error(tag_at, "{{/" + t.name + "}} closes no section opened in the same element" +
                                             (open.empty() ? std::string() : " (open: {{#" + open.back().name + "}})"));
                    else
                        open.pop_back();
                }
                rest += std::string(v.substr(pos, t.offset - pos));
                auto close = v.find("}}", t.offset) + 2;
                if (t.sigil == '{') ++close;
                pos = close;
            }
            rest += std::string(v.substr(std::min(pos, v.size())));
            if (kind && !holds_text(*kind) && !blank(rest))
                d_.error(at, "text is not allowed directly inside <" + std::string(el.name()) + ">: '" +
                                 std::string(rest.substr(0, 40)) + "'");
            if (!kind && !blank(rest))
                d_.error(at, "text is not allowed directly inside <document>; put it in a block such as <p>");
        }
        for (const auto& o : open)
            d_.error(o.at, "section {{#" + o.name + "}} is not closed inside the same <" + std::string(el.name()) + ">");
    }

    void check_element(const pugi::xml_node& el, std::optional<NodeKind> parent) {
        const ElementRule* rule = element_rule(el.name());
        Location at = lines_.of(el);
        if (!rule) {
            d_.error(at, "unknown element <" + std::string(el.name()) + ">");
            return;
        }
        bool ok = parent ? may_contain(*parent, rule->kind)
                         : !is_inline(rule->kind) && may_contain(NodeKind::Section, rule->kind);
        if (!ok)
            d_.error(at, "<" + std::string(el.name()) + "> is not allowed inside <" +
                             (parent ? std::string(element_name(*parent, 1)) : std::string("document")) + ">");
        for (auto a : el.attributes()) {
            if (!rule->allows(a.name()))
                d_.error(lines_.of_attribute_name(el, a.name()),
                         "<" + std::string(el.name()) + "> does not take the attribute '" + a.name() + "'");
            else
                check_attribute_tags(el, a);
        }
        check_children(el, rule->kind);
    }

    const detail::LineIndex& lines_;
    Diagnostics& d_;
};

// ---- the data, as Mustache sees it ----

class DataBuilder {
public:
    explicit DataBuilder(std::vector<DataOrigin>& origins) : origins_(origins) {}

    mu::data build(const Value& v, const std::string& path) {
        switch (v.kind()) {
            case Value::Kind::Null: return mu::data(false);
            case Value::Kind::Boolean: return mu::data(v.as_bool());
            case Value::Kind::Array: {
                mu::data list(mu::data::type::list);
                std::size_t i = 0;
                for (const auto& item : v.as_array())
                    list.push_back(build(item, path + "[" + std::to_string(i++) + "]"));
                return list;
            }
            case Value::Kind::Object: {
                mu::data obj(mu::data::type::object);
                for (const auto& [k, item] : v.as_object()) obj.set(k, build(item, path.empty() ? k : path + "." + k));
                return obj;
            }
            case Value::Kind::Markup:
                return mu::data(marked(v, path, strip_markers(v.as_markup().xml)));
            default:
                // Empty text is false to a section, so `{{#phone}}...{{/phone}}` leaves out
                // what has no value; as a variable it shows nothing either way.
                if (v.is_string() && v.as_string().empty()) return mu::data(false);
                return mu::data(marked(v, path, xml_escape(strip_markers(v.text()))));
        }
    }

    // After the tree is built (and no longer moves), learns which data node is which field.
    void index(const mu::data& d, const Value& v, const std::string& path,
               std::unordered_map<const mu::data*, int>& ids) {
        ids[&d] = add_origin(v, path);
        if (v.is_array() && d.is_list()) {
            std::size_t i = 0;
            for (const auto& item : v.as_array()) {
                index(d.list_value()[i], item, path + "[" + std::to_string(i) + "]", ids);
                ++i;
            }
        } else if (v.is_object() && d.is_object()) {
            for (const auto& [k, item] : v.as_object())
                if (const auto* child = d.get(k)) index(*child, item, path.empty() ? k : path + "." + k, ids);
        }
    }

private:
    std::string marked(const Value& v, const std::string& path, std::string body) {
        int id = add_origin(v, path);
        return std::string(marker_open) + std::to_string(id) + std::string(marker_close) + body + std::string(marker_end);
    }

    int add_origin(const Value& v, const std::string& path) {
        auto key = path;
        if (auto it = by_path_.find(key); it != by_path_.end()) return it->second;
        origins_.push_back({path.empty() ? "." : path, v.where, v.sensitivity});
        int id = static_cast<int>(origins_.size() - 1);
        by_path_[key] = id;
        return id;
    }

    std::vector<DataOrigin>& origins_;
    std::unordered_map<std::string, int> by_path_;
};

// Resolves names as Mustache does, and remembers every field looked up, shown or not.
class RecordingContext : public mu::basic_context<std::string> {
public:
    RecordingContext(const mu::data* root, const std::unordered_map<const mu::data*, int>& ids)
        : ids_(ids) {
        push(root);
    }
    void push(const mu::data* d) override { items_.insert(items_.begin(), d); }
    void pop() override { items_.erase(items_.begin()); }

    const mu::data* get(const std::string& name) const override {
        const mu::data* found = resolve(name);
        if (!found) {
            if (std::find(missing.begin(), missing.end(), name) == missing.end()) missing.push_back(name);
            return nullptr;
        }
        if (auto it = ids_.find(found); it != ids_.end() && seen_.insert(it->second).second)
            bindings.push_back({it->second, name, 0});
        return found;
    }
    const mu::data* get_partial(const std::string&) const override { return nullptr; }

    mutable std::vector<Binding> bindings;
    mutable std::vector<std::string> missing;

private:
    const mu::data* resolve(const std::string& name) const {
        if (name == ".") return items_.front();
        std::vector<std::string> parts;
        std::stringstream ss(name);
        for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
        for (const auto* item : items_) {
            const mu::data* v = item;
            for (const auto& p : parts) {
                v = v->get(p);
                if (!v) break;
            }
            if (v) return v;
        }
        return nullptr;
    }

    std::vector<const mu::data*> items_;
    const std::unordered_map<const mu::data*, int>& ids_;
    mutable std::set<int> seen_;
};

// ---- building the Document from the expanded XML ----

class DocumentBuilder {
public:
    DocumentBuilder(Document& doc, const std::shared_ptr<const std::string>& file, Diagnostics& d)
        : doc_(doc), file_(file), d_(d) {}

    // Splits text at the markers into pieces, each with the origin active at it.
    void split_text(std::string_view s, std::vector<std::pair<std::string, int>>& pieces) {
        std::string current;
        auto flush = [&] {
            if (!current.empty()) pieces.emplace_back(std::move(current), active());
            current.clear();
        };
        for (std::size_t i = 0; i < s.size();) {
            if (s.compare(i, marker_open.size(), marker_open) == 0) {
                flush();
                auto close = s.find(marker_close, i);
                stack_.push_back(std::stoi(std::string(s.substr(i + marker_open.size(), close - i - marker_open.size()))));
                i = close + marker_close.size();
            } else if (s.compare(i, marker_end.size(), marker_end) == 0) {
                flush();
                if (!stack_.empty()) stack_.pop_back();
                i += marker_end.size();
            } else {
                current += s[i++];
            }
        }
        flush();
    }

    // An attribute value: markers removed; the origin of the first value in it, if any.
    std::string attribute_value(std::string_view s, int& origin) {
        std::vector<std::pair<std::string, int>> pieces;
        auto saved = stack_;
        split_text(s, pieces);
        stack_ = saved;
        std::string out;
        for (auto& [text, o] : pieces) {
            out += text;
            if (o >= 0 && origin < 0) origin = o;
        }
        // A marker with an empty value leaves no piece; look for one anyway.
        if (origin < 0) {
            auto p = s.find(marker_open);
            if (p != std::string_view::npos) {
                auto close = s.find(marker_close, p);
                origin = std::stoi(std::string(s.substr(p + marker_open.size(), close - p - marker_open.size())));
            }
        }
        return out;
    }

    void build(const pugi::xml_node& el, std::vector<Node>& out) {
        for (auto c : el.children()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                std::vector<std::pair<std::string, int>> pieces;
                split_text(c.value(), pieces);
                for (auto& [text, origin] : pieces) {
                    Node t;
                    t.kind = NodeKind::Text;
                    t.text = std::move(text);
                    t.origin = origin;
                    t.where = where_of(el);
                    out.push_back(std::move(t));
                }
                continue;
            }
            if (c.type() != pugi::node_element) continue;
            const ElementRule* rule = element_rule(c.name());
            Node n;
            n.origin = active();
            n.where = where_of(c);
            if (!rule) {
                d_.error(location(n), "unknown element <" + std::string(c.name()) + "> in the expanded document");
                continue;
            }
            n.kind = rule->kind;
            n.level = rule->level;
            for (auto a : c.attributes()) {
                if (std::string_view(a.name()) == line_attribute) continue;
                int origin = -1;
                std::string value = attribute_value(a.value(), origin);
                if (!rule->allows(a.name()))
                    d_.error(location(n), "<" + std::string(c.name()) + "> does not take the attribute '" + a.name() + "'");
                n.attributes[a.name()] = value;
                if (n.origin < 0 && origin >= 0) n.origin = origin;
            }
            build(c, n.children);
            out.push_back(std::move(n));
        }
    }

    Location where_of(const pugi::xml_node& el) const {
        int line = el.attribute(line_attribute).as_int(0);
        return Location(file_, line, 0);
    }

private:
    int active() const { return stack_.empty() ? -1 : stack_.back(); }
    Location location(const Node& n) const { return doc_.location_of(n); }

    Document& doc_;
    std::shared_ptr<const std::string> file_;
    Diagnostics& d_;
    std::vector<int> stack_;
};

std::string fold_space(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    if (space) out += ' ';
    return out;
}

// White space as a reader expects it: gone between blocks, one space between words, none at
// the start or end of a block's text.
void normalise_space(std::vector<Node>& nodes, bool holds_text_here) {
    for (auto& n : nodes)
        if (n.kind != NodeKind::Text) normalise_space(n.children, holds_text(n.kind));
    std::vector<Node> kept;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Node& n = nodes[i];
        if (n.kind != NodeKind::Text) {
            kept.push_back(std::move(n));
            continue;
        }
        if (!holds_text_here && blank(n.text)) continue;
        n.text = fold_space(n.text);
        kept.push_back(std::move(n));
    }
    // Trim at the edges of each run of inline content.
    auto is_block = [](const Node& n) { return !is_inline(n.kind); };
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (kept[i].kind != NodeKind::Text) continue;
        bool starts_run = i == 0 || is_block(kept[i - 1]) || kept[i - 1].kind == NodeKind::LineBreak ||
                          (kept[i - 1].kind == NodeKind::Text && !kept[i - 1].text.empty() && kept[i - 1].text.back() == ' ');
        bool ends_run = i + 1 == kept.size() || is_block(kept[i + 1]);
        auto& t = kept[i].text;
        if (starts_run && !t.empty() && t.front() == ' ') t.erase(0, 1);
        if (ends_run && !t.empty() && t.back() == ' ') t.pop_back();
    }
    nodes.clear();
    for (auto& n : kept)
        if (n.kind != NodeKind::Text || !n.text.empty()) nodes.push_back(std::move(n));
}

void resolve_language(std::vector<Node>& nodes, const std::string& lang, Direction dir) {
    for (auto& n : nodes) {
        n.lang = lang;
        n.dir = dir;
        if (const auto* l = n.attribute("lang"); l && !l->empty()) {
            n.lang = *l;
            n.dir = language_direction(*l);
        }
        if (const auto* d = n.attribute("dir")) n.dir = *d == "rtl" ? Direction::RightToLeft : Direction::LeftToRight;
        resolve_language(n.children, n.lang, n.dir);
    }
}

// The model again, on what the data added (rich text inside a paragraph, say).
void check_structure(const Document& doc, const std::vector<Node>& nodes, std::optional<NodeKind> parent,
                     Diagnostics& d) {
    for (const auto& n : nodes) {
        if (n.kind == NodeKind::Text) {
            // Values may stand anywhere in a template; what they put there must fit.
            if (!parent || !holds_text(*parent)) {
                const auto* o = doc.origin_of(n);
                d.error(doc.location_of(n), (o ? "the data at `" + o->path + "` puts" : std::string("there is")) +
                                                " text directly inside <" +
                                                (parent ? std::string(element_name(*parent, 1)) : "document") +
                                                ">; text belongs in a block such as <p> or <li>");
            }
            continue;
        }
        bool ok = parent ? may_contain(*parent, n.kind) : !is_inline(n.kind);
        if (!ok && n.origin >= 0)
            d.error(doc.location_of(n), "the data at `" + doc.origins[static_cast<std::size_t>(n.origin)].path +
                                            "` puts <" + std::string(element_name(n.kind, n.level)) + "> inside <" +
                                            (parent ? std::string(element_name(*parent, 1)) : "document") +
                                            ">, which the document model does not allow");
        check_structure(doc, n.children, n.kind, d);
    }
}

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

Template Template::load(const std::filesystem::path& file, Diagnostics& diagnostics) {
    return from_text(read_file(file), file.string(), diagnostics);
}

Template Template::from_text(std::string text, std::string file_name, Diagnostics& diagnostics) {
    Template t;
    t.file_ = std::move(file_name);
    t.source_ = std::move(text);
    detail::LineIndex lines(t.source_, t.file_);
    pugi::xml_document doc;
    auto r = doc.load_buffer(t.source_.data(), t.source_.size(), parse_flags, pugi::encoding_utf8);
    if (!r) throw Failure(lines.at(r.offset), detail::describe_parse_error(r));
    auto root = doc.document_element();
    TemplateChecker(lines, diagnostics).check_root(root);

    // Record each element's template line, so the Document can point back at it.
    std::function<void(pugi::xml_node)> mark = [&](pugi::xml_node el) {
        el.append_attribute(line_attribute) = lines.of(el).line;
        for (auto c : el.children())
            if (c.type() == pugi::node_element) mark(c);
    };
    mark(root);
    std::ostringstream prepared;
    root.print(prepared, "", pugi::format_raw);
    t.prepared_ = prepared.str();
    return t;
}

int Template::line_of_tag(std::string_view name) const {
    for (std::string_view prefix : {"{{", "{{#", "{{^", "{{{", "{{ ", "{{# "}) {
        auto p = source_.find(std::string(prefix) + std::string(name));
        if (p != std::string::npos) return static_cast<int>(std::count(source_.begin(), source_.begin() + static_cast<std::ptrdiff_t>(p), '\n')) + 1;
    }
    return 0;
}

Document Template::expand(const Value& data, Audience audience, Diagnostics& diagnostics) const {
    Document doc;
    doc.audience = audience;
    auto file = std::make_shared<const std::string>(file_);
    doc.where = Location(file, 1, 0);

    DataBuilder builder(doc.origins);
    mu::data root = builder.build(data, "");
    std::unordered_map<const mu::data*, int> ids;
    builder.index(root, data, "", ids);

    mu::mustache engine(prepared_);
    if (!engine.is_valid()) throw Failure(doc.where, "Mustache: " + engine.error_message());
    engine.set_custom_escape([](const std::string& s) { return s; });  // values arrive escaped
    RecordingContext ctx(&root, ids);
    std::string expanded = engine.render(ctx);
    if (!engine.is_valid()) throw Failure(doc.where, "Mustache: " + engine.error_message());
    doc.bindings = std::move(ctx.bindings);
    for (auto& b : doc.bindings) b.line = line_of_tag(b.tag);
    for (const auto& name : ctx.missing)
        diagnostics.error(Location(file, line_of_tag(name), 0),
                          "the template uses {{" + name + "}}, which the data does not have");

    pugi::xml_document parsed;
    auto r = parsed.load_buffer(expanded.data(), expanded.size(), parse_flags, pugi::encoding_utf8);
    if (!r) {
        std::string around = strip_markers(expanded.substr(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, r.offset - 40)), 80));
        throw Failure(doc.where, "the expanded template is not well-formed XML (" + std::string(r.description()) +
                                     ") near: " + around);
    }
    auto root_el = parsed.document_element();
    DocumentBuilder b(doc, file, diagnostics);
    int origin = -1;
    doc.title = b.attribute_value(root_el.attribute("title").value(), origin);
    doc.lang = b.attribute_value(root_el.attribute("lang").value(), origin);
    if (doc.lang.empty()) doc.lang = "en-GB";
    std::string dir = b.attribute_value(root_el.attribute("dir").value(), origin);
    doc.dir = dir.empty() ? language_direction(doc.lang) : (dir == "rtl" ? Direction::RightToLeft : Direction::LeftToRight);
    if (doc.title.empty()) diagnostics.error(doc.where, "the document's title is empty");
    b.build(root_el, doc.body);
    normalise_space(doc.body, false);
    resolve_language(doc.body, doc.lang, doc.dir);
    check_structure(doc, doc.body, std::nullopt, diagnostics);
    return doc;
}

std::filesystem::path find_template(const std::filesystem::path& authority_dir,
                                    const std::filesystem::path& templates_dir, std::string_view kind,
                                    std::string_view name, std::string_view layout) {
    auto leaf = [&](const std::string& file) { return std::filesystem::path(std::string(kind)) / (file + ".xml"); };
    auto in_either = [&](const std::filesystem::path& l) -> std::optional<std::filesystem::path> {
        if (!authority_dir.empty()) {
            auto own = authority_dir / "templates" / l;
            if (std::filesystem::exists(own)) return own;
        }
        auto built_in = templates_dir / l;
        if (std::filesystem::exists(built_in)) return built_in;
        return std::nullopt;
    };
    // A layout's own template wins over the base one wherever each is: a leaflet exists because
    // the A4 text does not fit it, so a council's own A4 template must not stand in for it.
    if (!layout.empty())
        if (auto variant = in_either(leaf(std::string(name) + "-" + std::string(layout)))) return *variant;
    if (auto base = in_either(leaf(std::string(name)))) return *base;
    auto built_in = templates_dir / leaf(std::string(name));
    throw Failure(Location::in_file(built_in.string()),
                  "no template '" + std::string(name) + "' for " + std::string(kind) + " (looked in " +
                      (authority_dir.empty() ? std::string() : (authority_dir / "templates" / leaf(std::string(name))).string() + " and ") +
                      built_in.string() + ")");
}

}  // namespace carepack
