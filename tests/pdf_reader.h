// Reading back what a PDF draws, independently of carepack's writer: qpdf rewrites the file
// uncompressed (QDF), and this reads its objects, each font's CIDToGIDMap and ToUnicode, and the
// page content: which glyph ids are drawn, in which font, in content order, grouped by the
// marked-content spans around each run of text.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <unicode/unistr.h>

#include "support.h"

namespace carepack::testing {

struct DrawnRun {
    std::string lang;                  // the marked content's /Lang, else the document's
    std::string font;                  // the font's PostScript name, subset tag removed
    std::vector<std::uint32_t> glyphs;  // glyph ids seen, in content order, outline forms included
    std::string text;                  // what the ToUnicode maps say the glyphs stand for
    std::size_t outlines = 0;          // glyphs drawn as outline forms (they carry no text)
};

class PdfReader {
public:
    explicit PdfReader(const std::filesystem::path& pdf) {
        TempDir dir;
        auto qdf = dir / "qdf.pdf";
        auto r = run("qpdf --qdf --object-streams=disable " + quoted(pdf) + " " + quoted(qdf));
        if (r.exit_code != 0 && r.exit_code != 3) throw std::runtime_error("qpdf failed: " + r.out);
        data_ = slurp(qdf);
    }

    // The text of object `n` up to its stream, if any.
    std::string object(int n) const {
        auto at = data_.find("\n" + std::to_string(n) + " 0 obj");
        if (at == std::string::npos) return {};
        auto end = data_.find("endobj", at);
        return data_.substr(at, end - at);
    }

    std::string stream(int n) const {
        std::string obj = object(n);
        auto s = obj.find("stream\n");
        auto e = obj.rfind("endstream");
        if (s == std::string::npos || e == std::string::npos) return {};
        std::string body = obj.substr(s + 7, e - s - 7);
        if (!body.empty() && body.back() == '\n') body.pop_back();
        return body;
    }

    static int ref(const std::string& dict, const std::string& key) {
        std::smatch m;
        if (std::regex_search(dict, m, std::regex("/" + key + R"(\s+(\d+) 0 R)"))) return std::stoi(m[1]);
        return 0;
    }

    // The runs drawn on page 1.
    std::vector<DrawnRun> runs() const {
        std::smatch m;
        if (!std::regex_search(data_, m, std::regex(R"(%% Contents for page 1\n%% Original object ID: \d+ 0\n(\d+) 0 obj)")))
            throw std::runtime_error("no page 1 contents");
        const std::string content = stream(std::stoi(m[1]));
        // Font resources: /F1 12 0 R inside the page's /Font dictionary.
        std::regex page_re(R"(%% Page 1\n%% Original object ID: \d+ 0\n(\d+) 0 obj)");
        if (!std::regex_search(data_, m, page_re)) throw std::runtime_error("no page 1");
        const std::string page = object(std::stoi(m[1]));
        std::map<std::string, Font> fonts;
        std::regex font_re(R"(/(F\d+) (\d+) 0 R)");
        for (auto it = std::sregex_iterator(page.begin(), page.end(), font_re); it != std::sregex_iterator(); ++it)
            fonts[(*it)[1]] = font(std::stoi((*it)[2]));

        std::vector<DrawnRun> out;
        std::smatch lm;
        const std::string document_lang =
            std::regex_search(data_, lm, std::regex(R"(/Type /Catalog[^]*?/Lang \(([^)]*)\))")) ? lm[1].str() : "";
        const Font* current = nullptr;
        bool open = false;
        bool invisible = false;  // text render mode 3: text that is read but not seen
        // Each run of text is marked content: tagged (`/P <</MCID 3 /Lang (ar)>> BDC`) or an
        // artifact (`/Artifact <<...>> BDC`, `/Artifact BMC`).
        std::regex token(R"(/\w+ <<([^>]*)>> BDC|/Artifact BMC|EMC|/(F\d+) [0-9.]+ Tf|/(F\d+)g(\d+) Do|<([0-9A-Fa-f]{4})>|\b([0-7]) Tr\b)");
        std::regex lang_re(R"(/Lang \(([^)]*)\))");
        for (auto it = std::sregex_iterator(content.begin(), content.end(), token); it != std::sregex_iterator(); ++it) {
            const auto& t = *it;
            if (t[1].matched || t.str() == "/Artifact BMC") {
                std::smatch l;
                const std::string props = t[1];
                out.push_back(DrawnRun{std::regex_search(props, l, lang_re) ? l[1].str() : document_lang, "", {}, "", 0});
                open = true;
            } else if (t.str() == "EMC") {
                open = false;
            } else if (t[2].matched) {
                current = &fonts.at(t[2]);
                if (open && out.back().font.empty()) out.back().font = current->name;
            } else if (t[3].matched) {
                if (!open) continue;
                const Font& f = fonts.at(t[3]);
                if (out.back().font.empty()) out.back().font = f.name;
                out.back().glyphs.push_back(static_cast<std::uint32_t>(std::stoul(t[4])));
                ++out.back().outlines;
            } else if (t[6].matched) {
                invisible = t[6] == "3";
            } else if (t[5].matched && current && open) {
                auto cid = static_cast<std::uint16_t>(std::stoul(t[5], nullptr, 16));
                if (!invisible) out.back().glyphs.push_back(current->gid.at(cid));
                auto text = current->text.find(cid);
                if (text != current->text.end()) out.back().text += text->second;
            }
        }
        // Marked content that draws no text (rules, fills, images) is not a run of text.
        out.erase(std::remove_if(out.begin(), out.end(), [](const DrawnRun& r) { return r.glyphs.empty() && r.text.empty(); }),
                  out.end());
        return out;
    }

private:
    struct Font {
        std::string name;
        std::vector<std::uint32_t> gid;          // by CID
        std::map<std::uint16_t, std::string> text;  // by CID, UTF-8
    };

    Font font(int type0) const {
        Font f;
        const std::string dict = object(type0);
        std::smatch m;
        if (std::regex_search(dict, m, std::regex(R"(/BaseFont /[A-Z]{6}\+(\S+))"))) f.name = m[1];
        std::regex_search(dict, m, std::regex(R"(/DescendantFonts \[\s*(\d+) 0 R)"));
        const std::string descendant = object(std::stoi(m[1]));
        const std::string map = stream(ref(descendant, "CIDToGIDMap"));
        for (std::size_t i = 0; i + 1 < map.size(); i += 2)
            f.gid.push_back(static_cast<unsigned char>(map[i]) << 8 | static_cast<unsigned char>(map[i + 1]));
        const std::string cmap = stream(ref(dict, "ToUnicode"));
        std::regex entry(R"(<([0-9A-F]{4})> <([0-9A-F]*)>)");
        for (auto it = std::sregex_iterator(cmap.begin(), cmap.end(), entry); it != std::sregex_iterator(); ++it) {
            const std::string hex = (*it)[2];
            icu::UnicodeString u;
            for (std::size_t i = 0; i + 3 < hex.size(); i += 4)
                u.append(static_cast<char16_t>(std::stoul(hex.substr(i, 4), nullptr, 16)));
            std::string utf8;
            u.toUTF8String(utf8);
            f.text[static_cast<std::uint16_t>(std::stoul((*it)[1], nullptr, 16))] = utf8;
        }
        return f;
    }

    std::string data_;
};

}  // namespace carepack::testing
